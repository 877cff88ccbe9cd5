// Outcome confidence: how recommendations from a pattern worked out for the contractors who tried them, from the
// outcomes staff record. Kept apart from evidence confidence (how strong the data behind the pattern is); the
// original let the two overwrite each other.
import { MIN_CONTRACTORS } from "./evidence-confidence";

export interface OutcomeTally {
  attempts: number;
  completed: number;
  /** Sum and count of the contractor ratings (1-5) given. */
  ratingSum: number;
  ratings: number;
  /** Outcomes with a positive revenue impact. */
  positive: number;
}

export const emptyTally = (): OutcomeTally => ({
  attempts: 0,
  completed: 0,
  ratingSum: 0,
  ratings: 0,
  positive: 0,
});

/** Below this, with at least MIN_CONTRACTORS attempts, a pattern is flagged for admins and ranked lower. */
export const POOR_OUTCOME = 0.4;

/**
 * (0.5 × completion rate + 0.3 × mean rating / 5 + 0.2 × positive-impact rate) × min(1, attempts / 5), rounded
 * to 2 decimals; null without attempts. Rates are over all attempts; without any rating the rating part is 0
 * (an unrated recommendation earns nothing for satisfaction).
 */
export function outcomeConfidence(t: OutcomeTally): number | null {
  if (t.attempts === 0) return null;
  const completion = t.completed / t.attempts;
  const rating = t.ratings > 0 ? t.ratingSum / t.ratings / 5 : 0;
  const positive = t.positive / t.attempts;
  const value =
    (0.5 * completion + 0.3 * rating + 0.2 * positive) * Math.min(1, t.attempts / MIN_CONTRACTORS);
  return Math.round(value * 100) / 100;
}

/** Poor: enough attempts to judge, and a low outcome confidence. */
export function isPoorOutcome(t: OutcomeTally): boolean {
  const c = outcomeConfidence(t);
  return c !== null && t.attempts >= MIN_CONTRACTORS && c < POOR_OUTCOME;
}
