// The probability that a proposal is what an operator would send, learned from the business's own history:
// every past proposal was judged by the reply the operator really sent. A logistic model over the evidence of a
// proposal (the classifier's probability and margin, how like a learned example of the pattern the message is and
// how like one of its rivals', how much the pattern has seen) maps that evidence to a frequency of being right.

/** What is known about one proposal when it is made; stored with the decision so it can be judged later. */
export type ProposalEvidence = {
  /** The classifier's probability for the proposed pattern. */
  probability: number;
  /** That probability minus the next pattern's. */
  margin: number;
  /** Cosine of the message and the pattern's closest learned example (0 when none is close). */
  similarity: number;
  /**
   * The same for the best of the other candidate patterns: a message as close to another pattern's example as
   * to this one's is torn between them. (Absent in evidence recorded before it existed.)
   */
  rivalSimilarity?: number;
  /** Examples the pattern was learned from. */
  examples: number;
  /**
   * Examples the whole model was learned from. A model grows surer as it learns, and the judgments it is
   * calibrated on span its growth: this lets the calibration tell an early judgment from a recent one.
   * (Absent in evidence recorded before it existed.)
   */
  trainedOn?: number;
};

export type Judgment = { evidence: ProposalEvidence; correct: boolean };

const clampUnit = (value: number) => Math.min(1 - 1e-6, Math.max(1e-6, value));
const logit = (p: number) => Math.log(clampUnit(p) / (1 - clampUnit(p)));

function features(e: ProposalEvidence): number[] {
  return [
    1,
    logit(e.probability),
    e.margin,
    e.similarity,
    e.rivalSimilarity ?? 0,
    Math.log1p(e.examples),
    Math.log1p(e.trainedOn ?? e.examples),
  ];
}

/** Judgments needed, and of each kind, before a probability is given: below that it is "not calibrated yet". */
export const minJudgments = 40;
const minOfEachKind = 5;
/** The most recent judgments are the ones used: the model they judged is closest to today's. */
export const judgmentWindow = 6_000;
const ridge = 1e-2;

/**
 * The calibration: a logistic model combines the evidence into one score, and an isotonic map (a non-decreasing
 * step per block of judgments, each at least `minBlock` strong) turns that score into the frequency of being right.
 * The logistic part alone cannot bend where it matters most, at the top: the isotonic step can.
 */
export type Calibration = {
  weights: number[];
  /** Score blocks in increasing order: the highest score in each, and the smoothed share right in it. */
  blocks: { upTo: number; probability: number }[];
  judgments: number;
};

/** Judgments in the smallest block of the isotonic map: fewer would make its share a guess. */
const minBlock = 40;

/** Fits the logistic model by Newton's method with a small ridge; null when there is too little to go on. */
export function fitCalibration(judgments: readonly Judgment[]): Calibration | null {
  const right = judgments.filter((j) => j.correct).length;
  if (
    judgments.length < minJudgments ||
    right < minOfEachKind ||
    judgments.length - right < minOfEachKind
  ) {
    return null;
  }
  const rows = judgments.map((j) => features(j.evidence));
  const labels = judgments.map((j) => (j.correct ? 1 : 0));
  const size = rows[0]!.length;
  let weights = new Array<number>(size).fill(0);
  for (let iteration = 0; iteration < 25; iteration++) {
    const gradient = new Array<number>(size).fill(0);
    const hessian = Array.from({ length: size }, () => new Array<number>(size).fill(0));
    rows.forEach((x, n) => {
      const p = sigmoid(dot(weights, x));
      const w = Math.max(p * (1 - p), 1e-9);
      for (let i = 0; i < size; i++) {
        gradient[i]! += (p - labels[n]!) * x[i]!;
        for (let j = 0; j < size; j++) hessian[i]![j]! += w * x[i]! * x[j]!;
      }
    });
    // The intercept is not shrunk.
    for (let i = 1; i < size; i++) {
      gradient[i]! += ridge * weights[i]!;
      hessian[i]![i]! += ridge;
    }
    const step = solve(hessian, gradient);
    if (!step) break;
    weights = weights.map((value, i) => value - step[i]!);
    if (Math.max(...step.map(Math.abs)) < 1e-7) break;
  }
  const scored = rows
    .map((x, n) => ({ z: dot(weights, x), right: labels[n]! }))
    .sort((a, b) => a.z - b.z);
  return { weights, blocks: isotonicBlocks(scored), judgments: judgments.length };
}

type Block = { upTo: number; n: number; right: number };

// Pool adjacent violators over judgments sorted by score, then merge blocks smaller than minBlock into their
// smaller neighbour (and pool again): the share right never falls as the score rises.
function isotonicBlocks(scored: readonly { z: number; right: number }[]): Calibration["blocks"] {
  const pool = (blocks: readonly Block[]): Block[] => {
    const out: Block[] = [];
    for (const block of blocks) {
      out.push({ ...block });
      while (out.length > 1) {
        const last = out[out.length - 1]!;
        const before = out[out.length - 2]!;
        if (before.right / before.n < last.right / last.n) break;
        out.splice(-2, 2, {
          upTo: last.upTo,
          n: before.n + last.n,
          right: before.right + last.right,
        });
      }
    }
    return out;
  };
  let blocks = pool(scored.map((s) => ({ upTo: s.z, n: 1, right: s.right })));
  for (;;) {
    const small = blocks.findIndex((b) => b.n < minBlock);
    if (small < 0 || blocks.length === 1) break;
    const left = blocks[small - 1];
    const right = blocks[small + 1];
    const first =
      right === undefined || (left !== undefined && left.n <= right.n) ? small - 1 : small;
    const a = blocks[first]!;
    const b = blocks[first + 1]!;
    blocks.splice(first, 2, { upTo: b.upTo, n: a.n + b.n, right: a.right + b.right });
    blocks = pool(blocks);
  }
  // Smoothed (Laplace): a block that was always right is not certain.
  return blocks.map((b) => ({ upTo: b.upTo, probability: (b.right + 1) / (b.n + 2) }));
}

export function calibratedProbability(
  calibration: Calibration,
  evidence: ProposalEvidence,
): number {
  const z = dot(calibration.weights, features(evidence));
  const { blocks } = calibration;
  // The first block whose highest score reaches z; above every block, the last.
  let low = 0;
  let high = blocks.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (blocks[mid]!.upTo >= z) high = mid;
    else low = mid + 1;
  }
  return blocks[low]?.probability ?? sigmoid(z);
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const dot = (a: readonly number[], b: readonly number[]) =>
  a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);

// Gaussian elimination with partial pivoting; null when the system is singular.
function solve(matrix: number[][], vector: number[]): number[] | null {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) {
      if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    }
    if (Math.abs(a[pivot]![col]!) < 1e-12) return null;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let row = 0; row < n; row++) {
      if (row === col) continue;
      const factor = a[row]![col]! / a[col]![col]!;
      for (let k = col; k <= n; k++) a[row]![k]! -= factor * a[col]![k]!;
    }
  }
  return a.map((row, i) => row[n]! / row[i]!);
}

/**
 * Keeps the latest judgments and a calibration fitted on them, refitted after every `refitEvery` new ones.
 */
export class ProbabilityCalibrator {
  private judgments: Judgment[] = [];
  private calibration: Calibration | null = null;
  private sinceFit = 0;

  /**
   * `prior`: judgments that always count, before the business's own (tests use it to stand for a track record
   * without writing history to a database).
   */
  constructor(
    private readonly prior: readonly Judgment[] = [],
    private readonly refitEvery = 100,
  ) {
    if (prior.length > 0) this.reset([]);
  }

  get judged(): number {
    return this.judgments.length;
  }

  record(judgment: Judgment): void {
    this.judgments.push(judgment);
    if (this.judgments.length > judgmentWindow * 1.5) {
      this.judgments = this.judgments.slice(-judgmentWindow);
    }
    this.sinceFit++;
    // Refits grow sparser as judgments pile up: a tenth more data barely moves five weights.
    const due = Math.max(this.refitEvery, this.judgments.length / 10);
    if (this.calibration === null ? this.sinceFit >= 10 : this.sinceFit >= due) this.refit();
  }

  /** Replaces every judgment (a process that loads them from the database), then refits. */
  reset(judgments: readonly Judgment[]): void {
    this.judgments = [...this.prior, ...judgments].slice(-judgmentWindow);
    this.refit();
  }

  refit(): void {
    this.calibration = fitCalibration(this.judgments.slice(-judgmentWindow));
    this.sinceFit = 0;
  }

  /** The calibrated probability, or null while there are too few judgments to give one. */
  probability(evidence: ProposalEvidence): number | null {
    return this.calibration ? calibratedProbability(this.calibration, evidence) : null;
  }
}

/**
 * A plain track record: proposals the classifier was sure of were right, the unsure ones mostly wrong. For tests
 * and demos that need a calibrated engine without a history.
 */
export function exampleTrackRecord(count = 200): Judgment[] {
  return Array.from({ length: count }, (_, i) => {
    const sure = (i % 100) / 100;
    const evidence: ProposalEvidence = {
      probability: sure,
      margin: sure / 2,
      similarity: sure,
      examples: 1 + (i % 5),
    };
    // Right above 0.3; below, mostly wrong (a few exceptions keep the logistic fit finite).
    const correct = sure >= 0.3 || i % 17 === 0;
    return { evidence, correct };
  });
}
