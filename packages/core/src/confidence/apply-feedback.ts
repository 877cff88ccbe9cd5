// Confidence arithmetic: how operator feedback, rejections and disuse move a pattern's confidence. Pure; the
// services write the result and its confidence event in one transaction.
import type { Settings } from "../settings/settings";
import { clampConfidence, requireFinite, requireUnit, roundConfidence } from "./confidence-number";

/**
 * approved / modified / rejected: an operator acted on a suggestion or queued reply.
 * operator_agreed / operator_disagreed: in shadow mode, the operator's own reply did or did not match what the
 * pattern would have sent.
 */
export const feedbackKinds = [
  "approved",
  "modified",
  "rejected",
  "operator_agreed",
  "operator_disagreed",
] as const;
export type FeedbackKind = (typeof feedbackKinds)[number];

export type ConfidenceChange = { next: number; delta: number };

const dayMs = 24 * 60 * 60 * 1000;

type FeedbackSettings = Pick<
  Settings,
  "confidenceDeltaApproved" | "confidenceDeltaModified" | "confidenceDeltaRejected"
>;

/** The confidence after one piece of feedback, clamped to [0, 1]; `delta` is the change actually applied. */
export function confidenceAfterFeedback(
  current: number,
  kind: FeedbackKind,
  settings: FeedbackSettings,
): ConfidenceChange {
  const from = requireUnit(current, "current confidence");
  const step = requireFinite(deltaFor(kind, settings), `delta for ${kind}`);
  const next = clampConfidence(from + step);
  return { next, delta: roundConfidence(next - from) };
}

function deltaFor(kind: FeedbackKind, settings: FeedbackSettings): number {
  switch (kind) {
    case "approved":
    case "operator_agreed":
      return settings.confidenceDeltaApproved;
    case "modified":
      return settings.confidenceDeltaModified;
    case "rejected":
    case "operator_disagreed":
      return settings.confidenceDeltaRejected;
  }
}

/**
 * Whether the feedback counts as a success towards `minExecutionsForAuto`. A modified reply raises confidence
 * (the pattern was close) but is not a success: sent automatically, it would have been wrong.
 */
export function isSuccess(kind: FeedbackKind): boolean {
  return kind === "approved" || kind === "operator_agreed";
}

/** Whether the feedback counts against the pattern (and towards deactivating it). */
export function isNegative(kind: FeedbackKind): boolean {
  return kind === "rejected" || kind === "operator_disagreed";
}

/**
 * Whether a pattern should be deactivated after a rejection: at least `rejectionsToDeactivate` rejections within
 * the last `rejectionWindowDays` (boundary included). `rejectionTimes` must include the new rejection. Times a
 * little after `now` count too, since database and application clocks may disagree by a moment.
 */
export function shouldDeactivateAfterRejection(
  rejectionTimes: Date[],
  now: Date,
  settings: Pick<Settings, "rejectionsToDeactivate" | "rejectionWindowDays">,
): boolean {
  const nowMs = requireTime(now, "now");
  const since = nowMs - settings.rejectionWindowDays * dayMs;
  const recent = rejectionTimes.filter((time) => requireTime(time, "rejection time") >= since);
  return recent.length >= settings.rejectionsToDeactivate;
}

/**
 * One day's decay for a pattern unused (since `lastUsedAt`, or since `createdAt` if never used) for more than
 * `unusedDaysBeforeDecay` days: −confidenceDecayDaily, never below `decayFloor`, and a confidence already at or
 * under the floor stays where it is. Null when nothing changes — used recently, already at the floor, or a zero
 * daily decay — so the caller records no event. The caller runs it once a day.
 */
export function confidenceAfterDecay(
  current: number,
  lastUsedAt: Date | null,
  createdAt: Date,
  now: Date,
  settings: Pick<Settings, "unusedDaysBeforeDecay" | "confidenceDecayDaily" | "decayFloor">,
): ConfidenceChange | null {
  const from = requireUnit(current, "current confidence");
  const decay = requireFinite(settings.confidenceDecayDaily, "confidenceDecayDaily");
  const floor = requireUnit(settings.decayFloor, "decayFloor");
  const lastActivity = requireTime(
    lastUsedAt ?? createdAt,
    lastUsedAt ? "lastUsedAt" : "createdAt",
  );
  const unusedMs = requireTime(now, "now") - lastActivity;
  if (unusedMs <= settings.unusedDaysBeforeDecay * dayMs) return null;
  if (from <= floor || decay <= 0) return null;
  const next = clampConfidence(Math.max(floor, from - decay));
  return { next, delta: roundConfidence(next - from) };
}

const requireTime = (date: Date, name: string) => {
  const time = date instanceof Date ? date.getTime() : Number.NaN;
  if (Number.isNaN(time)) throw new TypeError(`${name} must be a valid date`);
  return time;
};
