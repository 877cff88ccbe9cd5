// Evidence confidence: how much the data behind a figure can be trusted, from its sample size and consistency.
// It is never mixed with outcome confidence (how recommendations worked out), which is tracked separately.

/** No figure derived from fewer contractors than this is stored or shown. */
export const MIN_CONTRACTORS = 5;

/** The sample size at which the size part reaches 1 (the originals' min(1, n/20)). */
export const FULL_SAMPLE = 20;

/**
 * 0 below MIN_CONTRACTORS; otherwise min(1, n / 20) × consistency, rounded to 2 decimals. `consistency` is in
 * [0, 1]: for a pattern, 1 − its false-discovery-adjusted p-value (q), so a difference that could be chance
 * scores low however many contractors show it; for a timeline, the share of the median's 95% interval that is
 * bounded (1 when both ends are known, 0.5 with one, 0 with none).
 */
export function evidenceConfidence(contractors: number, consistency: number): number {
  if (contractors < MIN_CONTRACTORS) return 0;
  const size = Math.min(1, contractors / FULL_SAMPLE);
  const c = Math.min(1, Math.max(0, consistency));
  return Math.round(size * c * 100) / 100;
}
