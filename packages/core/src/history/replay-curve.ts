// The curve of precision against coverage as the probability threshold moves, from each replayed message's
// calibrated probability (score) and whether its proposal was right by the strict rule. Pure.

export interface CurvePoint {
  /** Messages with a score at or above this are covered. */
  threshold: number;
  /** Covered messages / all answered messages. */
  coverage: number;
  /** Right ones among the covered; null when nothing is covered. */
  precision: number | null;
  covered: number;
  correct: number;
}

export interface ScoredResult {
  score: number | null;
  correct: boolean | null;
}

/** Thresholds 0, 0.01, … 1: fine enough to choose a setting from, small enough to store with the run. */
export const CURVE_STEPS = 100;

/**
 * Builds the curve in one pass over a histogram of scores, so a run of any size needs memory for the steps only.
 * Messages without a score (nothing calibrated) are never covered; they still count in the coverage's whole.
 */
export class PrecisionCoverageCurve {
  private total = 0;
  // Index i: messages whose score falls in [i / STEPS, (i + 1) / STEPS), 1 in the last bucket.
  private readonly counts = new Array<number>(CURVE_STEPS + 1).fill(0);
  private readonly rights = new Array<number>(CURVE_STEPS + 1).fill(0);

  add(result: ScoredResult): void {
    this.total += 1;
    if (result.score === null || !Number.isFinite(result.score)) return;
    const bucket = bucketOf(result.score);
    this.counts[bucket]! += 1;
    if (result.correct === true) this.rights[bucket]! += 1;
  }

  points(): CurvePoint[] {
    const points: CurvePoint[] = [];
    let covered = 0;
    let correct = 0;
    for (let i = CURVE_STEPS; i >= 0; i -= 1) {
      covered += this.counts[i]!;
      correct += this.rights[i]!;
      points.push({
        threshold: i / CURVE_STEPS,
        coverage: this.total === 0 ? 0 : round(covered / this.total),
        precision: covered === 0 ? null : round(correct / covered),
        covered,
        correct,
      });
    }
    return points.reverse();
  }
}

/** The largest step at or below the score: a score of 0.957 is covered by the 0.95 threshold, not by 0.96. */
function bucketOf(score: number): number {
  const clamped = Math.min(1, Math.max(0, score));
  // The epsilon keeps 0.29 (stored as 0.28999…) in the 0.29 bucket.
  return Math.min(CURVE_STEPS, Math.floor(clamped * CURVE_STEPS + 1e-9));
}

export function precisionCoverageCurve(results: Iterable<ScoredResult>): CurvePoint[] {
  const curve = new PrecisionCoverageCurve();
  for (const result of results) curve.add(result);
  return curve.points();
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;
