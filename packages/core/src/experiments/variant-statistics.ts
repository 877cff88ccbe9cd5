// What an experiment's page shows beside the sequential test: the probability that each variant is the best, and
// whether the traffic split is what the experiment asked for (a sample-ratio mismatch means the assignment or the
// counting is broken, and no result can be trusted until it is explained).
import { erfc } from "../growth/log-rank";
import { checkTally, type ArmTally } from "./sequential-test";

/** Standard normal CDF. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** xorshift32 with a fixed seed: the same tallies always give the same probabilities. */
function seededUniform(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) + 0.5) / 4_294_967_296;
  };
}

/**
 * The probability that each arm has the highest rate, under a Beta(1 + successes, 1 + failures) posterior per arm
 * (a uniform prior), approximated by a normal of the same mean and variance (close once an arm has a few dozen
 * replies) and estimated from `draws` seeded draws. Two arms have a closed form and need no draws.
 */
export function probabilityBest(arms: readonly ArmTally[], draws = 20_000, seed = 1): number[] {
  arms.forEach((arm, i) => checkTally(arm, `arm ${i + 1}`));
  if (arms.length === 0) return [];
  if (arms.length === 1) return [1];
  const posteriors = arms.map(({ trials, successes }) => {
    const a = successes + 1;
    const b = trials - successes + 1;
    const mean = a / (a + b);
    return { mean, sd: Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1))) };
  });
  if (arms.length === 2) {
    const [first, second] = posteriors as [(typeof posteriors)[0], (typeof posteriors)[0]];
    const secondBetter = normalCdf((second.mean - first.mean) / Math.hypot(first.sd, second.sd));
    return [1 - secondBetter, secondBetter];
  }
  const uniform = seededUniform(seed);
  const wins = new Array<number>(arms.length).fill(0);
  for (let draw = 0; draw < draws; draw++) {
    let best = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < posteriors.length; i += 2) {
      // Box–Muller: two normal draws from two uniforms.
      const radius = Math.sqrt(-2 * Math.log(uniform()));
      const angle = 2 * Math.PI * uniform();
      for (const [offset, z] of [
        [0, radius * Math.cos(angle)],
        [1, radius * Math.sin(angle)],
      ] as const) {
        const posterior = posteriors[i + offset];
        if (!posterior) continue;
        const value = posterior.mean + posterior.sd * z;
        if (value > bestValue) {
          bestValue = value;
          best = i + offset;
        }
      }
    }
    wins[best]!++;
  }
  return wins.map((count) => count / draws);
}

export type SampleRatioCheck = {
  /** Pearson's chi-square statistic of the observed counts against the planned split. */
  chiSquare: number;
  pValue: number;
  /** True when the split is off by more than chance explains (p below `threshold`). */
  mismatch: boolean;
};

/**
 * A chi-square goodness-of-fit test of the customers (or replies) each arm received against the planned weights.
 * The threshold is strict (0.001 by default), as is usual for this check: it is run at every look, and a false
 * alarm stops an experiment.
 */
export function checkSampleRatio(
  counts: readonly number[],
  weights: readonly number[],
  threshold = 0.001,
): SampleRatioCheck {
  if (counts.length !== weights.length || counts.length < 2) {
    throw new RangeError(
      `need one count per arm and at least two arms (got ${counts.length} counts, ${weights.length} weights)`,
    );
  }
  if (counts.some((c) => !Number.isInteger(c) || c < 0)) {
    throw new RangeError("counts must be whole numbers ≥ 0");
  }
  if (weights.some((w) => !(w > 0))) throw new RangeError("weights must be > 0");
  const total = counts.reduce((sum, c) => sum + c, 0);
  const weightSum = weights.reduce((sum, w) => sum + w, 0);
  if (total === 0) return { chiSquare: 0, pValue: 1, mismatch: false };
  let chiSquare = 0;
  counts.forEach((observed, i) => {
    const expected = (total * weights[i]!) / weightSum;
    chiSquare += (observed - expected) ** 2 / expected;
  });
  const pValue = chiSquareUpper(chiSquare, counts.length - 1);
  return { chiSquare, pValue, mismatch: pValue < threshold };
}

/** P(X ≥ x) for a chi-square with `df` degrees of freedom: the regularised upper incomplete gamma Q(df/2, x/2). */
export function chiSquareUpper(x: number, df: number): number {
  if (x <= 0) return 1;
  return upperGammaRegularized(df / 2, x / 2);
}

// Lanczos approximation of ln Γ(z) for z > 0 (g = 7, nine coefficients; about 15 significant digits).
const lanczos = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];
export function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const x = z - 1;
  let sum = lanczos[0]!;
  for (let i = 1; i < lanczos.length; i++) sum += lanczos[i]! / (x + i);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
}

// Q(a, x) = Γ(a, x) / Γ(a): by its series below a + 1, by Lentz's continued fraction above (as in Numerical Recipes).
function upperGammaRegularized(a: number, x: number): number {
  const prefix = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 500; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return Math.max(0, 1 - sum * Math.exp(prefix));
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.min(1, Math.exp(prefix) * h);
}
