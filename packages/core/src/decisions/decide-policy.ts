/**
 * The decision policy: given the best match for a customer message, the pattern's trust and the situation, what
 * Playbook does. Pure; every gate it evaluates is returned, passed or not, so the decision trace explains itself.
 *
 * Semantics:
 * - No match (null, or score < minMatchScore): mode "none", with the "match", "system enabled", "shadow mode" and
 *   "escalation" gates listed; a message that must be escalated is escalated even when nothing matched.
 * - intendedMode is what the pattern's trust alone gives: confidence ≥ autoExecuteThreshold and successCount ≥
 *   minExecutionsForAuto → auto; confidence ≥ suggestThreshold → suggest; ≥ queueThreshold → queue; else shadow.
 * - Gates, in order; the first that fails decides, and the later ones are still evaluated and listed so the trace
 *   shows what would have happened:
 *   1. "system enabled"  settings.enabled, else shadow (the one switch that stops everything).
 *   2. "shadow mode"     settings.shadowMode on → shadow.
 *   3. "escalation"      escalate → "escalate": always a human, whatever the pattern.
 *   4. "pattern active"  deleted, inactive or missing → shadow (it keeps learning, acts only once a human turns
 *                        it on).
 *   5. "unambiguous match" margin < minMargin → at most queue.
 *   6. auto-only gates; any failure turns auto into suggest (a human sends), and none of them lowers suggest or
 *      queue: "auto-executable", "trust", "match strength" (score ≥ autoMinMatchScore and margin ≥ autoMinMargin),
 *      "working hours", "holiday", "VIP customer", "opt-out" (after STOP nothing is sent to the number at all, so
 *      the mode is shadow), "rate limit" (automatedRepliesInWindow < maxAutoRepliesPerCustomer),
 *      "variables resolved", "message age" (a message older than autoReplyMaxAgeMinutes gets a person's reply).
 * - `passed` on an auto-only gate means "this gate would let an automatic send through".
 */
import type { DecisionGate } from "@playbook/db/schema";
import { requireFinite, requireUnit, roundConfidence } from "../confidence/confidence-number";
import type { Settings } from "../settings/settings";
import { checkHoliday, checkOpeningHours } from "./working-hours";

export const policyModes = ["auto", "suggest", "queue", "shadow", "escalate", "none"] as const;
export type PolicyMode = (typeof policyModes)[number];

/** The modes a pattern's trust can give, ranked by how much happens without a human. */
export type TrustMode = "auto" | "suggest" | "queue" | "shadow";
const trustRank: Record<TrustMode, number> = { shadow: 0, queue: 1, suggest: 2, auto: 3 };

export type PolicyMatch = {
  patternId: string;
  /** Similarity of the message to the pattern's closest learned example: has this been asked before? */
  score: number;
  /** How far the best pattern is ahead of the next. */
  margin: number;
  /** Calibrated probability that the pattern's reply is what an operator would send; null until calibrated. */
  probability: number | null;
  /**
   * The precision (lower bound) with which the business's judged proposals at least this sure were right: what
   * sending every proposal this sure keeps. Absent, the probability stands for it (a proposal judged alone).
   */
  precisionAbove?: number | null;
  /** Every word of the message is a word of the pattern's learned questions (see PatternVocabulary). */
  familiarWords?: boolean;
};
export type PolicyPattern = {
  id: string;
  isActive: boolean;
  autoExecutable: boolean;
  confidence: number;
  successCount: number;
  deletedAt: Date | null;
};
export type PolicyInput = {
  settings: Settings;
  now: Date;
  match: PolicyMatch | null;
  pattern: PolicyPattern | null;
  customer: { isVip: boolean; optedOut: boolean; automatedRepliesInWindow: number };
  escalation: { escalate: boolean; reasons: string[] };
  unresolvedVariables: string[];
  /** The pattern's reply is a holding reply ("let me check and get back to you"): never sent by itself. */
  holdingReply?: boolean;
  /** How long ago the customer sent the message; unknown counts as fresh. */
  messageAgeMs?: number;
};
export type PolicyDecision = { mode: PolicyMode; intendedMode: PolicyMode; gates: DecisionGate[] };

type TrustSettings = Pick<
  Settings,
  "autoExecuteThreshold" | "suggestThreshold" | "queueThreshold" | "minExecutionsForAuto"
>;
type ProbabilitySettings = Pick<
  Settings,
  "autoMinProbability" | "autoMinPrecision" | "suggestMinProbability" | "queueMinProbability"
>;

/**
 * What the probability that this message's proposal is right allows. Uncalibrated (too few judged proposals
 * yet): at most a suggestion, which a person checks. Auto needs both the message's own probability and the
 * precision of sending everything at least as sure (so the automatic replies as a whole are right as often as the
 * setting asks).
 */
export function decideProbabilityMode(
  probability: number | null,
  settings: ProbabilitySettings,
  precisionAbove: number | null = probability,
): TrustMode | "none" {
  if (probability === null) return "suggest";
  const p = requireUnit(probability, "probability");
  const kept = requireUnit(precisionAbove ?? p, "precision above");
  if (p >= settings.autoMinProbability && kept >= settings.autoMinPrecision) return "auto";
  if (p >= settings.suggestMinProbability) return "suggest";
  if (p >= settings.queueMinProbability) return "queue";
  return "none";
}

const showPercent = (value: number) => `${Math.floor(value * 1000) / 10}%`;

/** What a pattern's confidence and record of successes alone allow. */
export function decideTrustMode(
  pattern: Pick<PolicyPattern, "confidence" | "successCount">,
  settings: TrustSettings,
): TrustMode {
  const confidence = requireUnit(pattern.confidence, "pattern confidence");
  const successes = requireFinite(pattern.successCount, "pattern successCount");
  if (confidence >= settings.autoExecuteThreshold && successes >= settings.minExecutionsForAuto) {
    return "auto";
  }
  if (confidence >= settings.suggestThreshold) return "suggest";
  if (confidence >= settings.queueThreshold) return "queue";
  return "shadow";
}

/** Decides what to do with one customer message; see the file header for the rules. */
export function decidePolicy(input: PolicyInput): PolicyDecision {
  const { settings, match, pattern, customer, escalation, unresolvedVariables } = input;
  if (!match) return noMatch("no pattern matched", input);
  const score = requireFinite(match.score, "match score");
  const margin = requireFinite(match.margin, "match margin");
  if (score < settings.minMatchScore && match.probability === null) {
    return noMatch(
      `best score ${show(score)} < ${show(settings.minMatchScore)} minimum: no pattern matches`,
      input,
    );
  }
  const precisionAbove = match.precisionAbove ?? match.probability;
  const probabilityMode = decideProbabilityMode(match.probability, settings, precisionAbove);
  if (probabilityMode === "none" && match.probability !== null) {
    return noMatch(
      `Playbook is ${showPercent(match.probability)} sure of its best reply, below the ${showPercent(settings.queueMinProbability)} needed to propose it`,
      input,
    );
  }
  if (pattern && pattern.id !== match.patternId) {
    throw new Error(`decidePolicy got pattern ${pattern.id} for a match on ${match.patternId}`);
  }
  const automated = requireFinite(customer.automatedRepliesInWindow, "automatedRepliesInWindow");
  const ageMinutes = requireFinite(input.messageAgeMs ?? 0, "messageAgeMs") / 60_000;

  const gates: DecisionGate[] = [];
  const gate = (name: string, passed: boolean, detail: string) => {
    gates.push({ gate: name, passed, detail });
    return passed;
  };
  gate(
    "match",
    true,
    match.probability === null
      ? `score ${show(score)} ≥ ${show(settings.minMatchScore)} for pattern ${match.patternId} (not calibrated yet: at most a suggestion)`
      : `Playbook is ${showPercent(match.probability)} sure of pattern ${match.patternId}'s reply`,
  );

  const trustMode: TrustMode = pattern ? decideTrustMode(pattern, settings) : "shadow";
  // The pattern's trust (its wording, moved by feedback) and this message's probability: the lower one rules.
  const intendedMode: TrustMode =
    probabilityMode !== "none" && trustRank[probabilityMode] < trustRank[trustMode]
      ? probabilityMode
      : trustMode;

  const enabled = gate(
    "system enabled",
    settings.enabled,
    settings.enabled ? "automation is on" : "automation is off: Playbook only learns (shadow)",
  );
  const live = gate(
    "shadow mode",
    !settings.shadowMode,
    settings.shadowMode
      ? "shadow mode is on: record what would happen, show and send nothing"
      : "shadow mode is off",
  );
  const calm = gate(
    "escalation",
    !escalation.escalate,
    escalation.escalate
      ? `a human must handle this: ${escalation.reasons.join("; ") || "escalation requested"}`
      : "no reason to escalate",
  );
  const active = gate("pattern active", isLive(pattern), describeActivity(pattern));
  const clear = gate(
    "unambiguous match",
    margin >= settings.minMargin,
    margin >= settings.minMargin
      ? `margin ${show(margin)} over the next pattern ≥ ${show(settings.minMargin)}`
      : `margin ${show(margin)} over the next pattern < ${show(settings.minMargin)}: ambiguous, at most queue`,
  );

  const opening = checkOpeningHours(input.now, settings);
  const holiday = checkHoliday(input.now, settings);
  // Like a learned question, or asked entirely in the pattern's own words.
  const familiar = match.familiarWords === true;
  const strengthIssues = [
    score < settings.autoMinMatchScore &&
      !familiar &&
      `score ${show(score)} < ${show(settings.autoMinMatchScore)} needed to auto-send, and the message uses words the pattern's questions do not`,
    margin < settings.autoMinMargin &&
      `margin ${show(margin)} < ${show(settings.autoMinMargin)} needed to auto-send`,
  ].filter((issue) => issue !== false);
  const limit = settings.maxAutoRepliesPerCustomer;
  const window = `in the last ${settings.autoReplyWindowMinutes} minutes`;
  const autoGates = [
    gate(
      "auto-executable",
      pattern?.autoExecutable === true,
      !pattern
        ? "pattern not found"
        : pattern.autoExecutable
          ? "pattern is allowed to auto-send"
          : "pattern is not marked auto-executable: a human sends",
    ),
    gate("trust", trustMode === "auto", describeTrust(pattern, trustMode, settings)),
    gate(
      "probability",
      probabilityMode === "auto",
      match.probability === null
        ? "not calibrated yet: too few judged proposals to know how often this is right"
        : describeProbabilityGate(match.probability, precisionAbove ?? match.probability, settings),
    ),
    gate(
      "holding reply",
      !input.holdingReply,
      input.holdingReply
        ? "the reply only says someone will get back: a person must answer the question"
        : "the reply answers the question",
    ),
    gate(
      "match strength",
      strengthIssues.length === 0,
      strengthIssues.length === 0
        ? `${score >= settings.autoMinMatchScore ? `score ${show(score)} ≥ ${show(settings.autoMinMatchScore)}` : "every word of the message is in the pattern's learned questions"} and margin ${show(margin)} ≥ ${show(settings.autoMinMargin)}`
        : strengthIssues.join("; "),
    ),
    gate("working hours", opening.open, opening.detail),
    gate("holiday", holiday.open, holiday.detail),
    gate(
      "VIP customer",
      !customer.isVip,
      customer.isVip ? "VIP customer: a human always replies" : "customer is not a VIP",
    ),
    gate(
      "opt-out",
      !customer.optedOut,
      customer.optedOut
        ? "customer opted out (STOP): nothing is sent to them until START (shadow)"
        : "customer has not opted out",
    ),
    gate(
      "rate limit",
      automated < limit,
      automated < limit
        ? `${automated} of ${limit} automated replies to this customer ${window}`
        : `${automated} automated replies to this customer ${window} reached the limit of ${limit}`,
    ),
    gate(
      "variables resolved",
      unresolvedVariables.length === 0,
      unresolvedVariables.length === 0
        ? "every template variable is filled"
        : `unfilled: ${unresolvedVariables.map((name) => `{{${name}}}`).join(", ")}`,
    ),
    gate(
      "message age",
      ageMinutes <= settings.autoReplyMaxAgeMinutes,
      ageMinutes <= settings.autoReplyMaxAgeMinutes
        ? `sent ${Math.round(ageMinutes)} min ago`
        : `sent ${Math.round(ageMinutes)} min ago, more than ${settings.autoReplyMaxAgeMinutes}: too late to answer automatically`,
    ),
  ];

  // Applied from the last gate to the first, so the earliest failing gate has the final word.
  let mode: PolicyMode = intendedMode;
  if (!clear && trustRank[intendedMode] > trustRank.queue) mode = "queue";
  if (mode === "auto" && !autoGates.every(Boolean)) mode = "suggest";
  if (!active) mode = "shadow";
  // After STOP nothing at all is sent to the number, so there is nothing to suggest or queue either.
  if (customer.optedOut) mode = "shadow";
  if (!calm) mode = "escalate";
  if (!enabled || !live) mode = "shadow";
  return { mode, intendedMode, gates };
}

function describeProbabilityGate(
  probability: number,
  precisionAbove: number,
  settings: ProbabilitySettings,
): string {
  const own =
    probability >= settings.autoMinProbability
      ? `${showPercent(probability)} ≥ ${showPercent(settings.autoMinProbability)}`
      : `${showPercent(probability)} < ${showPercent(settings.autoMinProbability)} needed to auto-send`;
  const kept = `past proposals at least this sure were right ${showPercent(precisionAbove)} of the time (95% lower bound)`;
  const set =
    precisionAbove >= settings.autoMinPrecision
      ? `${kept} ≥ ${showPercent(settings.autoMinPrecision)}`
      : `${kept} < ${showPercent(settings.autoMinPrecision)} needed to auto-send`;
  return `${own}; ${set}`;
}

function noMatch(detail: string, input: PolicyInput): PolicyDecision {
  const { settings, escalation } = input;
  const gates: DecisionGate[] = [
    { gate: "match", passed: false, detail },
    {
      gate: "system enabled",
      passed: settings.enabled,
      detail: settings.enabled ? "automation is on" : "automation is off: Playbook only learns",
    },
    {
      gate: "shadow mode",
      passed: !settings.shadowMode,
      detail: settings.shadowMode ? "shadow mode is on: nothing is shown" : "shadow mode is off",
    },
    {
      gate: "escalation",
      passed: !escalation.escalate,
      detail: escalation.escalate
        ? `a human must handle this: ${escalation.reasons.join("; ") || "escalation requested"}`
        : "no reason to escalate",
    },
  ];
  // An angry or urgent customer needs a person whether or not a pattern knows the answer.
  const escalate = escalation.escalate && settings.enabled && !settings.shadowMode;
  return { mode: escalate ? "escalate" : "none", intendedMode: "none", gates };
}

const isLive = (pattern: PolicyPattern | null) =>
  pattern !== null && pattern.isActive && pattern.deletedAt === null;

function describeActivity(pattern: PolicyPattern | null): string {
  if (!pattern) return "pattern not found: shadow";
  if (pattern.deletedAt) return "pattern was deleted: it only learns (shadow)";
  if (!pattern.isActive)
    return "pattern is inactive: it keeps learning until a human turns it on (shadow)";
  return "pattern is active";
}

function describeTrust(
  pattern: PolicyPattern | null,
  intendedMode: TrustMode,
  settings: TrustSettings,
): string {
  if (!pattern) return "pattern not found";
  const confidence = `confidence ${show(pattern.confidence)}`;
  const successes = `${pattern.successCount} successes`;
  if (intendedMode === "auto") {
    return `${confidence} ≥ ${show(settings.autoExecuteThreshold)} with ${successes} (≥ ${settings.minExecutionsForAuto}): trusted to auto-send`;
  }
  const shortfalls = [
    pattern.confidence < settings.autoExecuteThreshold &&
      `${confidence} < ${show(settings.autoExecuteThreshold)}`,
    pattern.successCount < settings.minExecutionsForAuto &&
      `${successes} < ${settings.minExecutionsForAuto}`,
  ].filter((shortfall) => shortfall !== false);
  return `${shortfalls.join(" and ")} needed to auto-send; trust alone gives ${intendedMode}`;
}

const show = (value: number) => String(roundConfidence(value));
