// Did a pattern's daily count (messages it answered, or escalations after them) jump in the last week, against its
// own history? Each day is compared with the same weekday of the weeks before, so a Saturday rush that happens
// every Saturday is not news. The test is the exact conditional test of two Poisson rates: given the count of the
// last week plus the baseline's, the last week's share is binomial with p = 1 / (weeks + 1) when nothing changed.
// It allows for the baseline's own noise, which a Poisson test against the baseline's mean would not.
import { logGamma } from "../experiments/variant-statistics";

export const DAYS_PER_WEEK = 7;
/** Baseline weeks looked at before the last week, and the fewest that make a history. */
export const baselineWeeks = 7;
export const minBaselineWeeks = 3;

export type JumpRule = {
  /** Least count in the last week (or on the day) worth a suggestion. */
  minWeekCount: number;
  minDayCount: number;
  /** Least ratio of the observed count to the baseline's expectation. */
  minRatio: number;
  /** Significance, already corrected for how many series are tested. */
  alpha: number;
};

export type WeeklyJump = {
  /** "week": the last seven days together; "day": one day against its weekday. */
  scope: "week" | "day";
  /** For a day: its index in `daily` (the last seven are the last week). */
  dayIndex?: number;
  observed: number;
  /** What the same weekdays of the baseline weeks give on average. */
  expected: number;
  pValue: number;
  baselineWeeks: number;
};

/** log C(n, k). */
const logChoose = (n: number, k: number) => logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);

/** P(X ≥ k) for X ~ Binomial(n, p), summed in log space from k upwards. */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const logP = Math.log(p);
  const logQ = Math.log(1 - p);
  let logTerm = logChoose(n, k) + k * logP + (n - k) * logQ;
  let sum = 0;
  for (let i = k; i <= n; i++) {
    const term = Math.exp(logTerm);
    sum += term;
    if (term < sum * 1e-16) break;
    logTerm += Math.log((n - i) / (i + 1)) + logP - logQ;
  }
  return Math.min(1, sum);
}

function test(observed: number, baseline: number, weeks: number) {
  const expected = baseline / weeks;
  const pValue = binomialUpperTail(observed, observed + baseline, 1 / (weeks + 1));
  return { expected, pValue };
}

/**
 * The strongest jump in the last seven entries of `daily` (counts per day, oldest first, ending with the last
 * complete day), or null when there is no history to compare with or nothing passes the rule. The whole week is
 * tested first; a single day only when the week as a whole did not jump.
 */
export function findWeeklyJump(daily: readonly number[], rule: JumpRule): WeeklyJump | null {
  const weeks = Math.min(baselineWeeks, Math.floor(daily.length / DAYS_PER_WEEK) - 1);
  if (weeks < minBaselineWeeks) return null;
  const lastWeekStart = daily.length - DAYS_PER_WEEK;
  const baselineOf = (day: number) => {
    let sum = 0;
    for (let week = 1; week <= weeks; week++) sum += daily[day - week * DAYS_PER_WEEK]!;
    return sum;
  };
  const passes = (observed: number, expected: number, pValue: number, least: number) =>
    observed >= least &&
    observed >= rule.minRatio * Math.max(expected, 1 / weeks) &&
    pValue < rule.alpha;

  let observed = 0;
  let baseline = 0;
  for (let day = lastWeekStart; day < daily.length; day++) {
    observed += daily[day]!;
    baseline += baselineOf(day);
  }
  const week = test(observed, baseline, weeks);
  if (passes(observed, week.expected, week.pValue, rule.minWeekCount)) {
    return { scope: "week", observed, ...week, baselineWeeks: weeks };
  }
  // Seven days tested: each at a seventh of the significance.
  let best: WeeklyJump | null = null;
  for (let day = lastWeekStart; day < daily.length; day++) {
    const count = daily[day]!;
    const result = test(count, baselineOf(day), weeks);
    if (!passes(count, result.expected, result.pValue * DAYS_PER_WEEK, rule.minDayCount)) continue;
    if (best === null || result.pValue < best.pValue) {
      best = { scope: "day", dayIndex: day, observed: count, ...result, baselineWeeks: weeks };
    }
  }
  return best;
}
