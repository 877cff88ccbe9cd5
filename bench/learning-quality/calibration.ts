// How well a probability-like score predicts being right: a reliability table over equal-width bins and the
// expected calibration error (ECE) it adds up to.

export interface ScoredOutcome {
  /** The claimed probability of being right, in [0, 1]. */
  score: number;
  right: boolean;
}

export interface ReliabilityBin {
  /** [low, high), the last bin closed at 1. */
  low: number;
  high: number;
  count: number;
  /** null for an empty bin. */
  meanScore: number | null;
  accuracy: number | null;
}

export interface Calibration {
  count: number;
  /** Σ over bins of (bin count / count) × |accuracy − mean score|. */
  expectedCalibrationError: number;
  bins: ReliabilityBin[];
}

/** null when there is nothing to calibrate (no outcome has a score). */
export function measureCalibration(
  outcomes: readonly ScoredOutcome[],
  binCount = 10,
): Calibration | null {
  if (outcomes.length === 0) return null;
  const sums = Array.from({ length: binCount }, () => ({ count: 0, score: 0, right: 0 }));
  for (const { score, right } of outcomes) {
    if (!(score >= 0 && score <= 1)) throw new Error(`score ${score} is not a probability`);
    // A score of exactly 1 belongs to the last bin, not to an eleventh.
    const bin = sums[Math.min(binCount - 1, Math.floor(score * binCount))]!;
    bin.count += 1;
    bin.score += score;
    if (right) bin.right += 1;
  }
  const bins = sums.map((sum, index): ReliabilityBin => ({
    low: index / binCount,
    high: (index + 1) / binCount,
    count: sum.count,
    meanScore: sum.count === 0 ? null : sum.score / sum.count,
    accuracy: sum.count === 0 ? null : sum.right / sum.count,
  }));
  const expectedCalibrationError = sums.reduce(
    (total, sum) =>
      sum.count === 0
        ? total
        : total +
          (sum.count / outcomes.length) * Math.abs(sum.right / sum.count - sum.score / sum.count),
    0,
  );
  return { count: outcomes.length, expectedCalibrationError, bins };
}
