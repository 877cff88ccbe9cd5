// Masks phones, emails, card numbers, door codes and links before a text goes into a pattern or to an LLM.
import { applySpans, claimSpan, sortSpans, type TextSpan } from "./text-spans";

/** Kinds of masked value, in the order detectors claim text (a URL's digits are not a phone). */
export const piiKinds = ["url", "email", "card_number", "phone", "code"] as const;
export type PiiKind = (typeof piiKinds)[number];
export type PiiFinding = { kind: PiiKind; value: string };
export type MaskedText = { text: string; found: PiiFinding[] };

type Candidate = { start: number; end: number; value: string };

// Every pattern below starts behind a boundary look-behind and uses bounded quantifiers, so a failed attempt
// costs a few steps and a 10,000-character message is scanned in linear time.
const URL_WITH_SCHEME = /(?<![\w@.-])(?:https?:\/\/|www\.)[^\s<>"'{}]+/gi;
const BARE_DOMAIN =
  /(?<![\w@./-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|ca|net|org|io|co|app|golf|info|biz|us|me|ly|link|site|online|store|shop)(?![\w@-])(?:\/[^\s<>"'{}]*)?/gi;
const EMAIL =
  /(?<![\w.%+-])[a-z0-9][\w.%+-]{0,63}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,8}\.[a-z]{2,24}(?![\w-])/gi;
// 4-4-4-(1-4)[-(1-3)] covers 13-19 digit cards written plain, spaced or dashed; 4-6-4/5 covers Amex and Diners.
const CARD =
  /(?<!\d)(?:\d{4}([ -]?)\d{4}\1\d{4}\1\d{1,4}(?:\1\d{1,3})?|\d{4}([ -]?)\d{6}\2\d{4,5})(?!\d)/g;
const PHONE_INTERNATIONAL = /(?<![\w+])\+\d{1,3}(?:[ .-]?\(\d{1,4}\))?(?:[ .-]?\d){6,12}(?!\d)/g;
const PHONE_NORTH_AMERICAN =
  /(?<![\w.+-])(?:1[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w-])/g;
const PHONE_DIGIT_RUN = /(?<![\w+])\d{10,11}(?!\w)/g;
// "door code is 4821#", "gate code: 7731", "the code for bay 3 is 4411", "pin 0420", "code changed to 5512".
// A code must contain a digit: "the code is wrong" masks nothing.
const CODE_AFTER_WORD = new RegExp(
  String.raw`\b(?:pass\s?code|password|code|pin)s?\b` +
    String.raw`(?:(?:\s{1,3}(?:for|to|at|on)(?:\s{1,3}[\w'-]{1,20}){1,4}?)?` +
    String.raw`(?:\s{1,3}(?:is|was|will\sbe|(?:has\s)?(?:been\s)?(?:changed|updated|reset)\sto)\b|\s{0,3}[:=])` +
    String.raw`|\s{0,3}[:#=-]?)` +
    String.raw`\s{0,3}(?:(?:now|just|still)\s{1,3})?#?` +
    String.raw`((?=[a-z]*\d)[a-z0-9]{3,8})(?![a-z0-9])`,
  "gid",
);
// A keypad entry written "4821#" is a code even without the word "code" before it.
const CODE_WITH_HASH = /(?<![\w#$])((?=[a-z]*\d)[a-z0-9]{3,8})#(?!\w)/dgi;

const trailingPunctuation = new Set([".", ",", ";", ":", "!", "?", ")", "]", "'", '"']);

function findUrls(text: string): Candidate[] {
  const out: Candidate[] = [];
  for (const regex of [URL_WITH_SCHEME, BARE_DOMAIN]) {
    for (const m of text.matchAll(regex)) {
      // A sentence's full stop or closing bracket is not part of the link; trimmed by a loop, not a `+$` regex.
      let end = m[0].length;
      while (end > 0 && trailingPunctuation.has(m[0].charAt(end - 1))) end -= 1;
      out.push({ start: m.index, end: m.index + end, value: m[0].slice(0, end) });
    }
  }
  return out;
}

function findAll(text: string, regex: RegExp, accept?: (value: string) => boolean): Candidate[] {
  const out: Candidate[] = [];
  for (const m of text.matchAll(regex)) {
    if (accept && !accept(m[0])) continue;
    out.push({ start: m.index, end: m.index + m[0].length, value: m[0] });
  }
  return out;
}

/** Luhn checksum over the digits of `value` (separators ignored). */
export function isLuhnValid(value: string): boolean {
  const digits = value.replace(/\D/g, "");
  if (digits.length === 0) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function findCodes(text: string): Candidate[] {
  const out: Candidate[] = [];
  for (const regex of [CODE_AFTER_WORD, CODE_WITH_HASH]) {
    for (const m of text.matchAll(regex)) {
      const group = m.indices?.[1];
      if (!group) continue;
      // Only the code itself is masked: "door code is {{code}}#" keeps the wording and the keypad's #.
      out.push({ start: group[0], end: group[1], value: text.slice(group[0], group[1]) });
    }
  }
  return out;
}

const detectors: Record<PiiKind, (text: string) => Candidate[]> = {
  url: findUrls,
  email: (text) => (text.includes("@") ? findAll(text, EMAIL) : []),
  card_number: (text) => findAll(text, CARD, isLuhnValid),
  phone: (text) => [
    ...findAll(text, PHONE_INTERNATIONAL),
    ...findAll(text, PHONE_NORTH_AMERICAN),
    ...findAll(text, PHONE_DIGIT_RUN),
  ],
  code: findCodes,
};

/**
 * Replaces phone numbers, emails, Luhn-valid card numbers, access codes and links with `{{phone}}`, `{{email}}`,
 * `{{card_number}}`, `{{code}}` and `{{url}}`. Ordinary numbers (times, prices, bay numbers, dates, years,
 * street numbers) are left alone. `found` lists what was masked in text order.
 */
export function maskPii(text: string): MaskedText {
  const spans: TextSpan[] = [];
  for (const kind of piiKinds) {
    for (const c of detectors[kind](text)) {
      claimSpan(spans, { ...c, kind, replacement: `{{${kind}}}` });
    }
  }
  return {
    text: applySpans(text, spans),
    found: sortSpans(spans).map((s) => ({ kind: s.kind as PiiKind, value: s.value })),
  };
}
