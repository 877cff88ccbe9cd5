// Checks OpenAI's pattern against the exchange and the local extractor's result, and merges the two.
import {
  ZExtractedPattern,
  type ExchangeInput,
  type ExtractedPattern,
} from "../learning/extracted-pattern";
import { templateVariablesIn } from "../learning/templatize-reply";
import { normalizeText } from "../text/normalize-text";
import { checkReplyTemplate } from "../learning/check-template";
import type { OpenAIPatternReply } from "./openai-pattern-reply";

export type MergeResult = { ok: true; pattern: ExtractedPattern } | { ok: false; reason: string };

const maxKeywords = 12;
const maxKeywordLength = 60;

// Digits joined by at most two separators are one group: "555-123-4567", "4111 1111 1111 1111", "(555) 123".
const digitGroupPattern = /\d(?:[ ().-]{0,2}\d)*/g;
// Four digits already make a door code; times ("10:30") and small numbers stay below that.
const minSensitiveDigits = 4;
const emailPattern = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
const urlPattern = /\b(?:https?:\/\/|www\.)[^\s<>"']+/giu;

/**
 * Things in `text` that look like personal or made-up data (emails, links, phone/card numbers, codes of four or
 * more digits) and are not in `source`. Masked texts have none, so any such thing was invented by the model
 * or un-masked, and must not reach a template that is sent to other customers.
 */
export function findUnsupportedSensitiveText(text: string, source: string): string[] {
  const sourceLower = source.toLowerCase();
  const sourceDigitGroups = [...source.matchAll(digitGroupPattern)].map((m) =>
    m[0].replace(/\D/g, ""),
  );
  const found: string[] = [];
  for (const match of text.matchAll(emailPattern)) {
    if (!sourceLower.includes(match[0].toLowerCase())) found.push(match[0]);
  }
  for (const match of text.matchAll(urlPattern)) {
    const url = match[0].replace(/[.,;:!?)]+$/, "");
    if (!sourceLower.includes(url.toLowerCase())) found.push(url);
  }
  for (const match of text.matchAll(digitGroupPattern)) {
    const digits = match[0].replace(/\D/g, "");
    if (digits.length < minSensitiveDigits) continue;
    if (!sourceDigitGroups.some((group) => group.includes(digits))) found.push(match[0]);
  }
  return found;
}

function cleanKeywords(keywords: string[]): string[] {
  const cleaned = keywords
    // The same words as the messages they are matched against ("Gift-Card" → "gift card").
    .map((keyword) => normalizeText(keyword))
    .filter((keyword) => keyword !== "" && keyword.length <= maxKeywordLength)
    // A placeholder is not a word a customer types.
    .filter((keyword) => !keyword.includes("{{"));
  return [...new Set(cleaned)].slice(0, maxKeywords);
}

/**
 * OpenAI's reading of an exchange, accepted only when it is safe and at least as faithful as the local one:
 * - every placeholder of the local template and of the masked reply is kept (a PII mask is never undone);
 * - only known `{{variables}}` are used;
 * - no email, link, phone/card number or code appears that the exchange does not contain.
 * Merging: OpenAI's type, trigger, template and action win; its keywords are cleaned (lower-case, unique,
 * at most 12) and the local ones are used when none are left; the local action is kept when OpenAI sees none;
 * `variables` are the template's placeholders.
 */
export function mergeOpenAIPattern(
  reply: OpenAIPatternReply,
  local: ExtractedPattern,
  input: ExchangeInput,
): MergeResult {
  const action = reply.actionTemplate;
  const response = checkReplyTemplate(reply.responseTemplate.trim());
  if (!response.ok) return { ok: false, reason: `responseTemplate: ${response.reason}` };
  const trigger = checkReplyTemplate(reply.triggerText.trim());
  if (!trigger.ok) return { ok: false, reason: `triggerText: ${trigger.reason}` };
  const params: [string, string][] = [];
  for (const param of action?.params ?? []) {
    const value = checkReplyTemplate(param.value);
    if (!value.ok) return { ok: false, reason: `actionTemplate: ${value.reason}` };
    params.push([param.name.trim(), value.parsed.template]);
  }
  const responseTemplate = response.parsed.template;
  const triggerText = trigger.parsed.template;

  const kept = new Set<string>(response.parsed.variables);
  const required = new Set([
    ...templateVariablesIn(local.responseTemplate),
    ...templateVariablesIn(input.replyText),
  ]);
  const dropped = [...required].filter((name) => !kept.has(name));
  if (dropped.length > 0) {
    return { ok: false, reason: `responseTemplate drops {{${dropped.join("}}, {{")}}}` };
  }

  const source = `${input.customerText}\n${input.replyText}`;
  const outputTexts = [
    triggerText,
    responseTemplate,
    ...reply.triggerKeywords,
    ...(action === null ? [] : [action.kind, ...action.params.flatMap((p) => [p.name, p.value])]),
  ];
  const invented = outputTexts.flatMap((text) => findUnsupportedSensitiveText(text, source));
  if (invented.length > 0) {
    // The offending text itself stays out of the reason: it may be personal data.
    return {
      ok: false,
      reason: `adds ${invented.length} phone/email/card/code/link not in the exchange`,
    };
  }

  const keywords = cleanKeywords(reply.triggerKeywords);
  const candidate: ExtractedPattern = {
    type: reply.type,
    triggerText,
    triggerKeywords: keywords.length > 0 ? keywords : local.triggerKeywords,
    responseTemplate,
    variables: response.parsed.variables,
    actionTemplate:
      action === null
        ? local.actionTemplate
        : {
            kind: action.kind.trim(),
            params: Object.fromEntries(params),
          },
  };
  const parsed = ZExtractedPattern.safeParse(candidate);
  if (!parsed.success) {
    const paths = parsed.error.issues.map((issue) => issue.path.join(".") || "(root)");
    return { ok: false, reason: `invalid pattern at ${[...new Set(paths)].join(", ")}` };
  }
  return { ok: true, pattern: parsed.data };
}
