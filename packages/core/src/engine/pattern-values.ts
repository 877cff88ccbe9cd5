// What a learned pattern holds: its answer without greeting or sign-off, its first values and version, and which
// of an example's values it keeps as constants. Live learning and history import build patterns with these.
import type { ExtractedPattern } from "../learning/extracted-pattern";
import { maskPii, piiKinds } from "../learning/mask-pii";
import { splitReplyFrame } from "../learning/reply-framing";
import { textSignature } from "../text/normalize-text";

/** A pattern is one answer: its template keeps the answer, not the greeting or sign-off it was written with. */
export function answerOnly(extracted: ExtractedPattern): ExtractedPattern {
  const { core } = splitReplyFrame(extracted.responseTemplate);
  return core === extracted.responseTemplate ? extracted : { ...extracted, responseTemplate: core };
}

/** A pattern learned from its first example: untrusted and off until a human turns it on. */
export function newPatternValues(
  extracted: ExtractedPattern,
  defaults: Record<string, string>,
  example: { source: "learned" | "imported" | "manual"; qualityScore: number },
  now: Date,
) {
  return {
    type: extracted.type,
    signature: textSignature(extracted.triggerText),
    triggerText: extracted.triggerText,
    triggerKeywords: extracted.triggerKeywords,
    responseTemplate: extracted.responseTemplate,
    responseSignature: textSignature(extracted.responseTemplate),
    variables: extracted.variables,
    actionTemplate: extracted.actionTemplate,
    variableDefaults: defaults,
    confidence: 0.5,
    isActive: false,
    createdFrom: example.source === "imported" ? ("imported" as const) : ("learned" as const),
    qualityScore: example.qualityScore,
    firstSeenAt: now,
  };
}

export function firstPatternVersion(patternId: string, extracted: ExtractedPattern) {
  return {
    patternId,
    version: 1,
    snapshot: {
      type: extracted.type,
      triggerText: extracted.triggerText,
      triggerKeywords: extracted.triggerKeywords,
      responseTemplate: extracted.responseTemplate,
      variables: extracted.variables,
      actionTemplate: extracted.actionTemplate,
      tags: [],
      notes: null,
    },
    changeReason: "learned from an operator reply",
  };
}

/**
 * The business's own phone number, email and website are not personal data: an operator's reply that gives them is
 * masked like any other, but the value is kept as a candidate, and once a second customer's exchange gives the same
 * value it becomes the variable's default (a constant of the pattern). A value the customer wrote themselves, or
 * that only one customer was ever told, never does. Card numbers and access codes never become constants.
 */
export const businessConstantKinds = ["phone", "email", "url"] as const;
type BusinessConstantKind = (typeof businessConstantKinds)[number];
// Placeholders only name [a-zA-Z0-9_], so a candidate is never rendered.
const candidateKey = (kind: BusinessConstantKind) => `candidate:${kind}`;
const CUSTOMER_SEPARATOR = "\u0001";

/** The business-constant values an operator's (unmasked) reply gives, as candidates tagged with the customer. */
export function businessConstantCandidates(
  rawReply: string,
  rawQuestion: string,
  customerKey: string,
): Record<string, string> {
  const candidates: Record<string, string> = {};
  const theirs = new Set(maskPii(rawQuestion).found.map((f) => f.value));
  for (const found of maskPii(rawReply).found) {
    const kind = found.kind as BusinessConstantKind;
    if (!businessConstantKinds.includes(kind) || theirs.has(found.value)) continue;
    candidates[candidateKey(kind)] ??= `${found.value}${CUSTOMER_SEPARATOR}${customerKey}`;
  }
  return candidates;
}

/**
 * The defaults a pattern keeps after another example: only values this example repeats. A business-constant
 * candidate repeated by another customer is confirmed: its value becomes the variable's default.
 */
export function keptDefaults(
  defaults: Readonly<Record<string, string>>,
  values: Readonly<Record<string, string>>,
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(defaults)) {
    if (values[name] === value) kept[name] = value;
  }
  for (const kind of businessConstantKinds) {
    const earlier = defaults[candidateKey(kind)];
    const now = values[candidateKey(kind)];
    if (earlier === undefined || now === undefined) continue;
    const [earlierValue, earlierCustomer] = earlier.split(CUSTOMER_SEPARATOR);
    const [value, customer] = now.split(CUSTOMER_SEPARATOR);
    if (earlierValue !== value) continue;
    kept[candidateKey(kind)] = earlier;
    // A confirmed constant stays as long as every example repeats it.
    if (
      defaults[kind] === value ||
      (defaults[kind] === undefined && earlierCustomer !== customer)
    ) {
      kept[kind] = value!;
    }
  }
  return kept;
}

// Masked personal data never becomes a default (business constants go through candidates), and neither does the
// customer's name.
const personalVariables: ReadonlySet<string> = new Set(["customer_name", ...piiKinds]);

export function shareableValues(
  values: Partial<Record<string, string>>,
  variables: readonly string[],
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of variables) {
    const value = values[name];
    if (value !== undefined && !personalVariables.has(name)) kept[name] = value;
  }
  for (const kind of businessConstantKinds) {
    const candidate = values[candidateKey(kind)];
    if (candidate !== undefined && variables.includes(kind)) kept[candidateKey(kind)] = candidate;
  }
  return kept;
}
