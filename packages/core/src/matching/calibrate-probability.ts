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
  /** Examples the pattern was learned from: a pattern learned from a handful is proposed less reliably. */
  examples: number;
  /**
   * Examples the whole model was learned from (kept for study; the calibration does not read it: as a feature it
   * mostly told early judgments of a small import's model from later ones, and moved every score as a replay grew
   * the model). Absent in evidence recorded before it existed.
   */
  trainedOn?: number;
};

export type Judgment = { evidence: ProposalEvidence; correct: boolean };

// The classifier's figures are read up to 99.9%: past that its own sureness says nothing a judgment could check,
// and a log-odds without a bound would let it outweigh every other piece of evidence.
const clampUnit = (value: number) => Math.min(1 - 1e-3, Math.max(1e-3, value));
const logit = (p: number) => Math.log(clampUnit(p) / (1 - clampUnit(p)));

// The classifier's two figures enter as log-odds: what separates a sure proposal from a very sure one is the step
// from a margin of 0.99 to 0.999, which a plain margin would squash to nothing. The margin becomes the odds of the
// proposed pattern against the runner-up (0.5 + margin/2 is 1 when the runner-up has nothing, 0.5 when tied).
function features(e: ProposalEvidence): number[] {
  return [
    1,
    logit(e.probability),
    logit(0.5 + e.margin / 2),
    e.similarity,
    e.rivalSimilarity ?? 0,
    Math.log1p(e.examples),
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
 * The logistic part alone cannot bend where it matters most, at the top: the isotonic map can. Between the blocks'
 * mean scores the map is linear, so a higher score never reads lower and two proposals of one block keep their
 * order (a step map would tie them, and a threshold could not tell them apart).
 */
export type Calibration = {
  weights: number[];
  /** Isotonic knots in increasing score: each block's mean score and its smoothed share right. */
  knots: { z: number; probability: number }[];
  /**
   * Cuts in increasing score: a proposal scoring at least `from` (and less than the next cut) sits above a cut,
   * at or below its own score, over which the judged proposals were right at least `precision` of the time (the
   * lower end of a one-sided 95% Wilson interval). It is what sending everything that sure would keep.
   */
  cuts: { from: number; precision: number }[];
  judgments: number;
};

/** What the calibration says of one proposal. */
export type Assessment = {
  /** The frequency with which proposals like this one were right. */
  probability: number;
  /** The precision kept by sending every proposal at least as sure as this one (see Calibration.cuts). */
  precisionAbove: number;
};

/** Judgments in the smallest block of the isotonic map: fewer would make its share a guess. */
const minBlock = 40;
/** One-sided 95%: the precision above a cut is claimed only where the judgments show it with this confidence. */
const wilsonZ = 1.645;

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
  return {
    weights,
    knots: isotonicKnots(scored),
    cuts: precisionCuts(scored),
    judgments: judgments.length,
  };
}

type Block = { n: number; right: number; zSum: number };

// Pool adjacent violators over judgments sorted by score, then merge blocks smaller than minBlock into their
// smaller neighbour (and pool again): the share right never falls as the score rises.
function isotonicKnots(scored: readonly { z: number; right: number }[]): Calibration["knots"] {
  const merge = (a: Block, b: Block): Block => ({
    n: a.n + b.n,
    right: a.right + b.right,
    zSum: a.zSum + b.zSum,
  });
  const pool = (blocks: readonly Block[]): Block[] => {
    const out: Block[] = [];
    for (const block of blocks) {
      out.push({ ...block });
      while (out.length > 1) {
        const last = out[out.length - 1]!;
        const before = out[out.length - 2]!;
        if (before.right / before.n < last.right / last.n) break;
        out.splice(-2, 2, merge(before, last));
      }
    }
    return out;
  };
  let blocks = pool(scored.map((s) => ({ n: 1, right: s.right, zSum: s.z })));
  for (;;) {
    const small = blocks.findIndex((b) => b.n < minBlock);
    if (small < 0 || blocks.length === 1) break;
    const left = blocks[small - 1];
    const right = blocks[small + 1];
    const first =
      right === undefined || (left !== undefined && left.n <= right.n) ? small - 1 : small;
    blocks.splice(first, 2, merge(blocks[first]!, blocks[first + 1]!));
    blocks = pool(blocks);
  }
  // Smoothed (Laplace): a block that was always right is not certain. Smoothing a small block can pull it below
  // a bigger one under it; the map still never falls.
  let floor = 0;
  return blocks.map((b) => {
    floor = Math.max(floor, (b.right + 1) / (b.n + 2));
    return { z: b.zSum / b.n, probability: floor };
  });
}

/** The lower end of the one-sided Wilson score interval for `right` of `n`. */
export function wilsonLowerBound(right: number, n: number, z = wilsonZ): number {
  if (n === 0) return 0;
  const p = right / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return Math.max(0, (centre - spread) / (1 + z2 / n));
}

// For each distinct score, from the lowest up: the best lower bound of the precision above any cut at or below
// it. Sending everything at least as sure as a proposal keeps that precision; it never falls as the score rises.
function precisionCuts(scored: readonly { z: number; right: number }[]): Calibration["cuts"] {
  let rightAbove = scored.reduce((sum, s) => sum + s.right, 0);
  const cuts: Calibration["cuts"] = [];
  let best = -1;
  scored.forEach((s, i) => {
    const newScore = i === 0 || s.z > scored[i - 1]!.z;
    if (newScore) {
      const bound = wilsonLowerBound(rightAbove, scored.length - i);
      if (bound > best) {
        best = bound;
        cuts.push({ from: i === 0 ? -Infinity : s.z, precision: bound });
      }
    }
    rightAbove -= s.right;
  });
  return cuts;
}

/** The calibration's reading of one proposal's evidence. */
export function assessProposal(calibration: Calibration, evidence: ProposalEvidence): Assessment {
  const z = dot(calibration.weights, features(evidence));
  return {
    probability: interpolate(calibration.knots, z),
    precisionAbove:
      calibration.cuts[lastAtOrBelow(calibration.cuts, (c) => c.from, z)]?.precision ?? 0,
  };
}

export function calibratedProbability(
  calibration: Calibration,
  evidence: ProposalEvidence,
): number {
  return assessProposal(calibration, evidence).probability;
}

function interpolate(knots: Calibration["knots"], z: number): number {
  const i = lastAtOrBelow(knots, (k) => k.z, z);
  if (i < 0) return knots[0]?.probability ?? sigmoid(z);
  const low = knots[i]!;
  const high = knots[i + 1];
  if (!high || high.z === low.z) return low.probability;
  return low.probability + ((z - low.z) / (high.z - low.z)) * (high.probability - low.probability);
}

// The index of the last entry (in increasing order of `at`) at most z; -1 when z is below them all.
function lastAtOrBelow<T>(entries: readonly T[], at: (entry: T) => number, z: number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (at(entries[mid]!) <= z) low = mid + 1;
    else high = mid;
  }
  return low - 1;
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
    // Refits grow sparser as judgments pile up: a tenth more data barely moves six weights.
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

  /** The calibrated probability and precision above, or null while there are too few judgments to give them. */
  assess(evidence: ProposalEvidence): Assessment | null {
    return this.calibration ? assessProposal(this.calibration, evidence) : null;
  }

  /** The calibrated probability, or null while there are too few judgments to give one. */
  probability(evidence: ProposalEvidence): number | null {
    return this.assess(evidence)?.probability ?? null;
  }
}

/**
 * A plain track record: proposals the classifier was sure of, for messages like a learned example, were right; the
 * unsure ones, and the sure ones for messages unlike anything learned, mostly wrong (a classifier is sure of
 * something even for a message it has never seen the like of). For tests and demos that need a calibrated engine
 * without a history. Long enough for the precision above the surest to pass 99% with 95% confidence.
 */
export function exampleTrackRecord(count = 2000): Judgment[] {
  return Array.from({ length: count }, (_, i) => {
    const sure = (i % 100) / 100;
    // How like a learned example, independent of the classifier's sureness.
    const like = ((i * 37) % 101) / 100;
    const evidence: ProposalEvidence = {
      probability: sure,
      margin: sure,
      similarity: like,
      examples: 1 + (i % 5),
    };
    // A few exceptions keep the logistic fit finite.
    const correct = (sure >= 0.3 && like >= 0.5) || i % 17 === 0;
    return { evidence, correct };
  });
}
