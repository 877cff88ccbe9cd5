// Comparing two wordings of a reply on a yes/no outcome (accepted as is, asked again, ...) in a way that may be looked
// at after every reply without inflating false positives: a mixture sequential probability ratio test (mSPRT; Johari,
// Pekelis and Walsh, "Always valid inference", 2017) on the difference of the two rates, with a normal mixing
// distribution over the effect. Its likelihood ratio is a martingale under "no difference", so by Ville's inequality
// it ever reaches 1/α with probability at most α, however often it is checked. The same bound gives a confidence
// sequence: an interval for the difference that holds at every look at once.

export type ArmTally = {
  /** Replies of this variant whose outcome is known. */
  trials: number;
  /** Of those, the ones with the outcome the metric counts (for instance "accepted as is"). */
  successes: number;
};

export type SequentialTestOptions = {
  /** The false-positive rate the test keeps over every look (default 0.05). */
  alpha?: number;
  /**
   * Variance of the normal mixing distribution over the difference: the size of effect the test is most ready to
   * find (default 0.05², differences of a few points). It moves power, never validity.
   */
  mixingVariance?: number;
  /**
   * Trials each arm needs before anything is declared (default 100): the test reads the rates' variance off the
   * data, which is too rough to trust on a handful of replies.
   */
  minTrialsPerArm?: number;
};

export type SequentialComparison = {
  /** Treatment's rate minus control's (observed). */
  difference: number;
  /** The always-valid (1 − α) interval for the difference at this look. */
  interval: { low: number; high: number };
  /** The mixture likelihood ratio of "a difference" against "none". */
  likelihoodRatio: number;
  /**
   * The always-valid p-value: 1 / the largest likelihood ratio seen so far (pass the previous look's to keep it
   * non-increasing, as the definition asks).
   */
  pValue: number;
  /** Which arm the test declares better, once it may (null: keep collecting). */
  better: "control" | "treatment" | null;
};

export const defaultAlpha = 0.05;
const defaultMixingVariance = 0.05 ** 2;
const defaultMinTrials = 100;

export function checkTally(tally: ArmTally, name = "arm"): void {
  const { trials, successes } = tally;
  if (!Number.isInteger(trials) || trials < 0) {
    throw new RangeError(`${name}: trials must be a whole number ≥ 0 (got ${trials})`);
  }
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new RangeError(
      `${name}: successes must be a whole number between 0 and the trials, ${trials} (got ${successes})`,
    );
  }
}

function checkOptions(options: SequentialTestOptions) {
  const alpha = options.alpha ?? defaultAlpha;
  const mixingVariance = options.mixingVariance ?? defaultMixingVariance;
  const minTrials = options.minTrialsPerArm ?? defaultMinTrials;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1) (got ${alpha})`);
  if (!(mixingVariance > 0)) {
    throw new RangeError(`mixingVariance must be > 0 (got ${mixingVariance})`);
  }
  if (!Number.isInteger(minTrials) || minTrials < 1) {
    throw new RangeError(`minTrialsPerArm must be a whole number ≥ 1 (got ${minTrials})`);
  }
  return { alpha, mixingVariance, minTrials };
}

// A rate with one success and one failure added: never 0 or 1, so its variance is never 0 on a short run.
const smoothedRate = ({ trials, successes }: ArmTally) => (successes + 1) / (trials + 2);

/** The variance of the observed difference of the two rates (each estimated from its own arm). */
function differenceVariance(control: ArmTally, treatment: ArmTally): number {
  const a = smoothedRate(control);
  const b = smoothedRate(treatment);
  return (
    (a * (1 - a)) / Math.max(1, control.trials) + (b * (1 - b)) / Math.max(1, treatment.trials)
  );
}

/** log of the normal-mixture likelihood ratio for an observed difference with variance `v`. */
function logMixtureRatio(difference: number, v: number, tau2: number): number {
  return 0.5 * Math.log(v / (v + tau2)) + (difference * difference * tau2) / (2 * v * (v + tau2));
}

/**
 * One look at an experiment of two arms. `previousPValue` is the p-value of the look before (if any), so that the
 * always-valid p-value never rises.
 */
export function compareArms(
  control: ArmTally,
  treatment: ArmTally,
  options: SequentialTestOptions = {},
  previousPValue = 1,
): SequentialComparison {
  checkTally(control, "control");
  checkTally(treatment, "treatment");
  const { alpha, mixingVariance: tau2, minTrials } = checkOptions(options);
  const rate = (arm: ArmTally) => (arm.trials === 0 ? 0 : arm.successes / arm.trials);
  const difference = rate(treatment) - rate(control);
  const v = differenceVariance(control, treatment);
  const ready = control.trials >= minTrials && treatment.trials >= minTrials;
  const logRatio = logMixtureRatio(difference, v, tau2);
  const likelihoodRatio = Math.exp(logRatio);
  const pValue = ready
    ? Math.min(previousPValue, 1 / Math.max(1, likelihoodRatio))
    : previousPValue;
  // The set of differences the test cannot yet reject at level α: the observed one ± this half-width.
  const halfWidth = Math.sqrt(
    ((v * (v + tau2)) / tau2) * (2 * Math.log(1 / alpha) + Math.log((v + tau2) / v)),
  );
  const decided = ready && pValue <= alpha;
  return {
    difference,
    interval: ready
      ? { low: Math.max(-1, difference - halfWidth), high: Math.min(1, difference + halfWidth) }
      : { low: -1, high: 1 },
    likelihoodRatio,
    pValue,
    better: decided ? (difference > 0 ? "treatment" : "control") : null,
  };
}

/**
 * Replies each arm needs for the test to decide if the rates stay as `control` and `treatment` say (the observed
 * ones, or a planned baseline and the smallest difference worth finding). Infinity when they are equal.
 */
export function trialsNeeded(
  controlRate: number,
  treatmentRate: number,
  options: SequentialTestOptions = {},
): number {
  for (const [name, value] of [
    ["control rate", controlRate],
    ["treatment rate", treatmentRate],
  ] as const) {
    if (!(value >= 0 && value <= 1))
      throw new RangeError(`${name} must be in [0, 1] (got ${value})`);
  }
  const { alpha, mixingVariance: tau2, minTrials } = checkOptions(options);
  const difference = treatmentRate - controlRate;
  if (difference === 0) return Infinity;
  const spread =
    Math.max(controlRate * (1 - controlRate), 1e-4) +
    Math.max(treatmentRate * (1 - treatmentRate), 1e-4);
  const decides = (n: number) =>
    logMixtureRatio(difference, spread / n, tau2) >= Math.log(1 / alpha);
  // The ratio grows with n once the difference shows: double to bracket, then bisect.
  let high = minTrials;
  while (!decides(high)) {
    high *= 2;
    if (high > 1e12) return Infinity;
  }
  let low = Math.max(1, Math.floor(high / 2));
  if (decides(low)) return Math.max(minTrials, low);
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (decides(mid)) high = mid;
    else low = mid;
  }
  return Math.max(minTrials, high);
}
