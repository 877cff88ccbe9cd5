// What a learned pattern holds: its answer without greeting or sign-off, its first values and version, and which
// of an example's values it keeps as constants. Live learning and history import build patterns with these.
import type { ExtractedPattern } from "../learning/extracted-pattern";
import { piiKinds } from "../learning/mask-pii";
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

/** The defaults a pattern keeps after another example: only values this example repeats. */
export function keptDefaults(
  defaults: Readonly<Record<string, string>>,
  values: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(defaults).filter(([name, value]) => values[name] === value),
  );
}

// Masked personal data never becomes a default, and neither does the customer's name.
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
  return kept;
}
