// Turns a message into a template: PII masked, and values that differ between conversations made `{{variables}}`.
import { templateVariables, type TemplateVariable } from "./check-template";
import { maskPii } from "./mask-pii";
import { PLACEHOLDER, templateVariablesIn } from "./placeholders";
import { applySpans, claimSpan, sortSpans, type TextSpan } from "./text-spans";

export type TemplatizedText = {
  template: string;
  /** Known variables in the template, once each, in order of first appearance. */
  variables: TemplateVariable[];
  /** The value each variable replaced, first occurrence per variable. */
  values: Partial<Record<TemplateVariable, string>>;
};

const knownVariables: ReadonlySet<string> = new Set(templateVariables);

export { templateVariablesIn };

// Patterns use boundary look-behinds and bounded whitespace so they stay linear on long input.
const MONTH =
  "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
const FULL_MONTH =
  "january|february|march|april|may|june|july|august|september|october|november|december";
const DAY = "(?:3[01]|[12]\\d|0?[1-9])";

const MERIDIEM_TIME =
  /(?<![\w:.$/])(?:1[0-2]|0?[1-9])(?:[:.][0-5]\d)?\s?(?:[ap]\.m\.?|[ap]m)(?!\w)/gi;
const CLOCK_TIME = /(?<![\w:.$/])(?:[01]?\d|2[0-3]):[0-5]\d(?![\w:])/g;
const NAMED_TIME = /\b(?:12\s)?(?:noon|midnight)\b/gi;
// "from 7 to 9pm", "7-9pm": the first number is a time too.
const RANGE_START_TIME =
  /(?<![\w:.$/])(?:1[0-2]|0?[1-9])(?:[:.][0-5]\d)?(?=\s{0,2}(?:-|–|to\b)\s{0,2}(?:1[0-2]|0?[1-9])(?:[:.][0-5]\d)?\s?(?:[ap]\.m\.?|[ap]m)(?!\w))/gi;

const WEEKDAY = /\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/gi;
const MONTH_DAY = new RegExp(
  `\\b(?:${MONTH})\\.?\\s{1,3}${DAY}(?:st|nd|rd|th)?(?:,?\\s{1,3}(?:19|20)\\d{2})?(?![\\w:])`,
  "gi",
);
const DAY_MONTH = new RegExp(
  `(?<![\\w.$/])${DAY}(st|nd|rd|th)?\\s{1,3}(of\\s{1,3})?(?:${FULL_MONTH})\\b(?:,?\\s{1,3}(?:19|20)\\d{2})?`,
  "gi",
);
// US-style month/day; "1/2 hour" and "3/4 price" are fractions, not dates.
const NUMERIC_DATE =
  /(?<![\w/.:$-])(?:1[0-2]|0?[1-9])\/(?:3[01]|[12]\d|0?[1-9])(?:\/(?:\d{4}|\d{2}))?(?![\w/])(?!\s{0,2}(?:hours?|hrs?|price|off|of)\b)/gi;
const ISO_DATE = /(?<![\w-])(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?![\w-])/g;

const DOLLAR_AMOUNT = /(?<![\w$])\$\s?(?:\d{1,3}(?:,\d{3})+|\d{1,9})(?:\.\d{1,2})?(?![\d,]\d|\d)/g;
const WORDED_AMOUNT =
  /(?<![\w.$,])\d{1,9}(?:\.\d{1,2})?(?:\s?(?:dollars?|bucks|cad|usd)\b|\$(?!\w))/gi;

// "bay 3", "Bay #4", "simulator 2": the word stays, the number becomes the variable.
const BAY = /\b(bay|simulator|sim)(\s{0,3}(?:#|no\.?|number)?\s{0,3})(\d{1,2})(?![\w]|[:.]\d)/dgi;
// Only this shape counts as a location: "our Bedford location", "at (the) River Oaks location".
const LOCATION =
  /(?<!\p{L})(?:[Oo]ur|[Aa]t(?:\s{1,3}the)?)\s{1,3}(\p{Lu}[\p{L}'’-]{0,30}(?:\s{1,3}\p{Lu}[\p{L}'’-]{0,30}){0,2})\s{1,3}location(?!\p{L})/dgu;

// First names that are also ordinary words match only when capitalised ("Will" the customer, not "will do").
const ambiguousNames: ReadonlySet<string> = new Set(
  "will may bill pat mark rob sue grace hope joy june april august chase bay golf art sunny rich dawn summer".split(
    " ",
  ),
);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

type NamePattern = { regex: RegExp; ambiguous: boolean };
/** The patterns of a customer's name, and its first word: every one of them starts with it. */
type NamePatterns = { first: string; patterns: readonly NamePattern[] };

// The names of the customers seen lately, compiled (a few kB each): an import reads each customer's name in every
// exchange, and compiling a case-insensitive Unicode pattern costs a thousand times more than running it.
const recentNames = new Map<string, NamePatterns>();
const NAMES_KEPT = 256;

function namePatterns(customerName: string | null | undefined): NamePatterns {
  const key = customerName ?? "";
  let found = recentNames.get(key);
  if (found === undefined) {
    found = compileNamePatterns(customerName);
    if (recentNames.size >= NAMES_KEPT) recentNames.delete(recentNames.keys().next().value!);
    recentNames.set(key, found);
  }
  return found;
}

function compileNamePatterns(customerName: string | null | undefined): NamePatterns {
  const full = (customerName ?? "").trim().replace(/\s+/g, " ");
  // A contact "name" that is really a phone number or an email is not a name.
  if (full === "" || full.includes("@") || (full.match(/\p{L}/gu) ?? []).length < 2)
    return { first: "", patterns: [] };
  const first = full.split(" ")[0] ?? "";
  const candidates = [full];
  if (first !== full && (first.match(/\p{L}/gu) ?? []).length >= 2) candidates.push(first);
  const patterns = candidates.map((name) => {
    const source = name.split(" ").map(escapeRegExp).join("\\s{1,3}");
    const ambiguous = ambiguousNames.has(name.toLowerCase());
    const pattern = `(?<![\\p{L}\\p{N}_])${source}(?![\\p{L}\\p{N}_])`;
    // An ambiguous name must be written with the name's own capitalisation.
    return { regex: new RegExp(pattern, ambiguous ? "gu" : "giu"), ambiguous };
  });
  return { first, patterns: Object.freeze(patterns) };
}

/**
 * Whether a text may contain the name's first word at all, checked before the name's patterns run (most texts do
 * not name the customer). Only a necessary condition: for an ASCII word, in a text without the two non-ASCII
 * characters that fold into ASCII letters (U+212A KELVIN SIGN, U+017F LONG S), case-insensitive matching is plain
 * ASCII case, so the text lower-cased holds the word lower-cased. Anything else is left to the patterns.
 */
function mayMention(text: string, first: string): boolean {
  if (!/^[\x20-\x7e]+$/.test(first) || /[\u212a\u017f]/.test(text)) return true;
  return text.toLowerCase().includes(first.toLowerCase());
}

// "Will do!" starts a sentence and runs on into a word: that is the verb, not the customer Will.
function looksLikeOrdinaryWord(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 40), start).trimEnd();
  const startsSentence = (before === "" && start < 40) || /[.!?]$/.test(before);
  return startsSentence && /^\s\p{L}/u.test(text.slice(end, end + 2));
}

function* nameMatches(text: string, name: NamePattern): Generator<Claim> {
  // exec on the kept pattern, not matchAll: matchAll searches with a copy made from the pattern's source, which
  // V8 compiles afresh (milliseconds, for a Unicode letter class) whenever a collection emptied its cache. A name
  // never matches empty, so each search moves on past the last match, as matchAll's does.
  const { regex } = name;
  regex.lastIndex = 0;
  for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
    const end = m.index + m[0].length;
    if (name.ambiguous && looksLikeOrdinaryWord(text, m.index, end)) continue;
    yield { start: m.index, end, value: m[0], replacement: "{{customer_name}}" };
  }
}

type Claim = { start: number; end: number; value: string; replacement: string };

function claimAll(spans: TextSpan[], kind: TemplateVariable, claims: Iterable<Claim>): void {
  for (const c of claims) claimSpan(spans, { ...c, kind });
}

function* simpleMatches(text: string, regex: RegExp, kind: TemplateVariable): Generator<Claim> {
  for (const m of text.matchAll(regex)) {
    yield { start: m.index, end: m.index + m[0].length, value: m[0], replacement: `{{${kind}}}` };
  }
}

function* bayMatches(text: string): Generator<Claim> {
  for (const m of text.matchAll(BAY)) {
    const word = m.indices?.[1];
    const num = m.indices?.[3];
    if (!word || !num) continue;
    yield { start: word[1], end: num[1], value: m[3] ?? "", replacement: " {{bay_number}}" };
  }
}

function* locationMatches(text: string): Generator<Claim> {
  for (const m of text.matchAll(LOCATION)) {
    const place = m.indices?.[1];
    if (!place) continue;
    yield { start: place[0], end: place[1], value: m[1] ?? "", replacement: "{{location}}" };
  }
}

function dateClaims(text: string): Claim[] {
  const found: Claim[] = [];
  for (const regex of [WEEKDAY, MONTH_DAY, NUMERIC_DATE, ISO_DATE]) {
    found.push(...simpleMatches(text, regex, "date"));
  }
  for (const m of text.matchAll(DAY_MONTH)) {
    // "2 May" is too close to "2 may join": the day-first form needs "2nd" or "of" for May.
    if (/may/i.test(m[0]) && !m[1] && !m[2]) continue;
    found.push({
      start: m.index,
      end: m.index + m[0].length,
      value: m[0],
      replacement: "{{date}}",
    });
  }
  // Lower-case "may" is the verb ("you may 2 ..."); the month is written "May".
  const dates = found.filter((c) => !/\bmay\b/.test(c.value));
  // Earliest first, longest first at the same start; overlapping candidates are dropped.
  dates.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Claim[] = [];
  for (const c of dates) {
    const last = merged[merged.length - 1];
    if (last && c.start < last.end) continue;
    // "Friday, Dec 5" is one date, not two.
    if (last && /^,?\s{0,3}(?:the\s{1,3})?$/i.test(text.slice(last.end, c.start))) {
      last.end = c.end;
      last.value = text.slice(last.start, c.end);
      continue;
    }
    merged.push({ ...c });
  }
  return merged;
}

/**
 * Masks PII and the customer's name (`{{customer_name}}`), and nothing else: what a message says stays, for
 * matching, while nothing that identifies the customer is stored in a pattern or sent to an LLM.
 */
export function maskPersonalData(text: string, ctx: { customerName?: string | null }): string {
  const source = maskPii(text).text;
  return applySpans(source, personalSpans(source, ctx.customerName));
}

/**
 * The spans of masked text: placeholders from masking (or already in the text), claimed first so nothing
 * rewrites them, and the customer's name.
 */
function personalSpans(source: string, customerName: string | null | undefined): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const m of source.matchAll(PLACEHOLDER)) {
    claimSpan(spans, {
      start: m.index,
      end: m.index + m[0].length,
      kind: "placeholder",
      value: m[0],
      replacement: m[0],
    });
  }
  const names = namePatterns(customerName);
  if (names.patterns.length > 0 && mayMention(source, names.first)) {
    for (const name of names.patterns) claimAll(spans, "customer_name", nameMatches(source, name));
  }
  return spans;
}

/**
 * Masks PII, then replaces the customer's name, times, dates, amounts, bay numbers and "our X location" with
 * `{{variables}}`. Words such as "today" and "tomorrow" stay: they mean the same in every conversation.
 */
export function templatizeText(
  text: string,
  ctx: { customerName?: string | null },
): TemplatizedText {
  // Learning one reply templatizes it several times (its values, its pattern, the operator's verdict): the last
  // few results are kept. The result is frozen, so no caller can change what another one is given.
  const key = `${ctx.customerName ?? ""}\u0000${text}`;
  const cached = recentTemplates.get(key);
  if (cached) return cached;
  const result = freezeTemplate(templatizeUncached(text, ctx));
  recentTemplates.set(key, result);
  if (recentTemplates.size > RECENT_TEMPLATES) {
    recentTemplates.delete(recentTemplates.keys().next().value!);
  }
  return result;
}

const RECENT_TEMPLATES = 16;
const recentTemplates = new Map<string, TemplatizedText>();

function freezeTemplate(result: TemplatizedText): TemplatizedText {
  Object.freeze(result.values);
  Object.freeze(result.variables);
  return Object.freeze(result);
}

function templatizeUncached(text: string, ctx: { customerName?: string | null }): TemplatizedText {
  const masked = maskPii(text);
  const source = masked.text;
  const spans = personalSpans(source, ctx.customerName);
  claimAll(spans, "bay_number", bayMatches(source));
  claimAll(spans, "date", dateClaims(source));
  for (const regex of [MERIDIEM_TIME, RANGE_START_TIME, CLOCK_TIME, NAMED_TIME]) {
    claimAll(spans, "time", simpleMatches(source, regex, "time"));
  }
  for (const regex of [DOLLAR_AMOUNT, WORDED_AMOUNT]) {
    claimAll(spans, "amount", simpleMatches(source, regex, "amount"));
  }
  claimAll(spans, "location", locationMatches(source));

  const template = applySpans(source, spans);
  const values: Partial<Record<TemplateVariable, string>> = {};
  for (const f of masked.found) values[f.kind] ??= f.value;
  for (const s of sortSpans(spans)) {
    if (s.kind !== "placeholder" && knownVariables.has(s.kind)) {
      values[s.kind as TemplateVariable] ??= s.value;
    }
  }
  const variables = templateVariablesIn(template).filter((name): name is TemplateVariable =>
    knownVariables.has(name),
  );
  return { template, variables, values };
}
