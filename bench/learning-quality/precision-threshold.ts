// Coverage against precision as a threshold on some score rises, and the lowest threshold that keeps precision at a
// target: how the baseline's thresholds are tuned, and how far Playbook's own scores could be pushed in hindsight.

export interface Share {
  count: number;
  right: number;
  /** count / all messages. */
  coverage: number;
  /** right / count; null when count is 0. */
  precision: number | null;
}

export function share(count: number, right: number, total: number): Share {
  return {
    count,
    right,
    coverage: total === 0 ? 0 : count / total,
    precision: count === 0 ? null : right / count,
  };
}

export interface ThresholdPoint extends Share {
  threshold: number;
}

/** One message a threshold may take: its score and whether the reply proposed for it was right. */
export interface Candidate {
  value: number;
  right: boolean;
}

// A hair below each grid threshold so 0.7 stored as 0.7000000001 or 0.6999999999 lands on the same side.
const EPSILON = 1e-9;

/** Thresholds 0, 1/steps, …, 1: what each would take, out of `total` messages. */
export function precisionCurve(
  candidates: readonly Candidate[],
  steps: number,
  total: number,
): ThresholdPoint[] {
  return Array.from({ length: steps + 1 }, (_, step) => {
    const threshold = step / steps;
    const above = candidates.filter((candidate) => candidate.value >= threshold - EPSILON);
    return {
      threshold,
      ...share(above.length, above.filter((candidate) => candidate.right).length, total),
    };
  });
}

/**
 * The lowest threshold (so the most coverage) at which the candidates at or above it are right at least `target`
 * of the time; null when none is. Exact, not on a grid: it sweeps every distinct value from the top down.
 */
export function lowestThresholdAtPrecision(
  candidates: readonly Candidate[],
  target: number,
  total: number,
): ThresholdPoint | null {
  const sorted = [...candidates].sort((a, b) => b.value - a.value);
  let best: ThresholdPoint | null = null;
  let right = 0;
  for (let index = 0; index < sorted.length; index++) {
    const candidate = sorted[index]!;
    if (candidate.right) right += 1;
    // Only where the next value is lower: a threshold takes all candidates with its value or none.
    if (sorted[index + 1]?.value === candidate.value) continue;
    if (right / (index + 1) >= target) {
      best = { threshold: candidate.value, ...share(index + 1, right, total) };
    }
  }
  return best;
}
