// The time-split backtest run with every refresh: fit on what was known before a cutoff, predict for everyone in
// a tier at the cutoff, and compare with what happened after it.
import { MIN_CONTRACTORS } from "./evidence-confidence";
import { joinedDayOf, type GrowthDataset } from "./growth-dataset";
import { analyzeGrowth } from "./mine-growth";
import { kaplanMeierColumns, survivalAt, survivalBefore, type SurvivalStep } from "./kaplan-meier";
import { DAYS_PER_MONTH, dayToIsoDate, forEachTierSpell } from "./tier-spells";

const YEAR = 12 * DAYS_PER_MONTH;
// Revenue is checked in now and then, so a contractor seen in the tier up to a month before the 12-month mark
// counts as not having moved within 12 months (the default cutoff leaves exactly 12 months of data).
const CHECK_IN_SLACK = 31;

export interface GrowthValidation {
  cutoff: string;
  /** The probability's horizon: 12 months, or the months of data after the cutoff when fewer. */
  horizonMonths: number;
  /** Contractors in a tier at the cutoff with a prediction. */
  evaluated: number;
  movedAfterCutoff: number;
  /** Harrell's concordance of the 12-month probability with the observed time to move up (0.5 = chance). */
  concordance: number | null;
  /**
   * Mean squared error of the 12-month probability over everyone evaluated, each known outcome (moved within 12
   * months, or still in the tier at 11 months or later) weighted by the inverse chance of still being observed
   * then (Graf et al. 1999), so that those whose reports stopped early count through others like them.
   */
  brier12: number | null;
  /** The Brier score of always predicting the 12-month rate seen after the cutoff: the bar a useful model goes under. */
  brier12Reference: number | null;
  /** The 12-month move-up rate after the cutoff, weighted as brier12 is: what the reference predicts for all. */
  rate12: number | null;
  knownAt12: number;
  /** Among those who moved up: share whose predicted (median) time was within 20% of the actual. */
  withinTwentyPercent: number | null;
  /** The original plan's aim for withinTwentyPercent. */
  aim: 0.8;
  /** 12-month move-up rate after the cutoff, with and without a driver fitted before it. */
  drivers: {
    withDriver: { contractors: number; movedWithin12: number } | null;
    withoutDriver: { contractors: number; movedWithin12: number } | null;
  };
}

interface Case {
  risk: number;
  time: number;
  event: boolean;
  predictedMedian: number | null;
  hasDriver: boolean;
}

/** `fitted` is datasetBefore(fullData, cutoffDay): the same contractors, numbered alike. */
export function validateGrowth(
  fullData: GrowthDataset,
  fitted: GrowthDataset,
  cutoffDay: number,
): GrowthValidation | null {
  if (fitted.count !== fullData.count) throw new Error("fitted is not a cut of the full dataset");
  const fit = analyzeGrowth(fitted);
  const stepsByTier = new Map<number, SurvivalStep[]>(
    fit.transitions.filter((t) => t.timeline !== null).map((t) => [t.tierIndex, t.steps]),
  );
  const driverIndexes = new Map<number, Set<number>>();
  fit.patterns
    .filter((p) => p.verdict === "driver")
    .forEach((p) => {
      const index = fitted.factors.findIndex(
        (f) => f.kind === p.factor.kind && f.name === p.factor.name,
      );
      const set = driverIndexes.get(p.tierIndex) ?? new Set<number>();
      set.add(index);
      driverIndexes.set(p.tierIndex, set);
    });
  const horizon = Math.min(YEAR, fullData.lastDay - cutoffDay);
  const cases: Case[] = [];
  // The contractor's spell that had begun by the cutoff and had not ended (the first such; there is one at most).
  let spell: { tier: number; origin: number; exit: number; movedUp: boolean } | null = null;
  const atCutoff = (
    tier: number,
    origin: number,
    entry: number,
    exit: number,
    movedUp: boolean,
  ) => {
    if (spell === null && origin + entry <= cutoffDay && origin + exit > cutoffDay) {
      spell = { tier, origin, exit, movedUp };
    }
  };
  for (let c = 0; c < fullData.count; c++) {
    spell = null;
    const { obsDay, obsTier, obsStart } = fullData;
    forEachTierSpell(
      obsDay,
      obsTier,
      obsStart[c]!,
      obsStart[c + 1]!,
      joinedDayOf(fullData, c),
      atCutoff,
    );
    const found = spell as { tier: number; origin: number; exit: number; movedUp: boolean } | null;
    const steps = found ? stepsByTier.get(found.tier) : undefined;
    if (!found || !steps) continue;
    const elapsed = cutoffDay - found.origin;
    const base = survivalAt(steps, elapsed);
    if (base <= 0) continue;
    const p12 = 1 - survivalAt(steps, elapsed + horizon) / base;
    const half = steps.find((s) => s.time > elapsed && s.survival <= base / 2 + 1e-12);
    const drivers = driverIndexes.get(found.tier);
    let hasDriver = false;
    if (drivers !== undefined) {
      for (let k = fitted.adoptStart[c]!; k < fitted.adoptStart[c + 1]! && !hasDriver; k++) {
        hasDriver = drivers.has(fitted.adoptFactor[k]!);
      }
    }
    cases.push({
      risk: p12,
      time: found.origin + found.exit - cutoffDay,
      event: found.movedUp,
      predictedMedian: half ? half.time - elapsed : null,
      hasDriver,
    });
  }
  if (cases.length < MIN_CONTRACTORS) return null;
  const known = cases.filter(
    (c) => (c.event && c.time <= horizon) || c.time >= horizon - CHECK_IN_SLACK,
  );
  const weighted = censoringWeighted(cases, horizon);
  const movers = cases.filter((c) => c.event);
  const within = movers.filter(
    (c) => c.predictedMedian !== null && Math.abs(c.predictedMedian - c.time) <= 0.2 * c.time,
  );
  const rate = (group: Case[]) =>
    group.length >= MIN_CONTRACTORS
      ? {
          contractors: group.length,
          movedWithin12: group.filter((c) => c.event && c.time <= horizon).length,
        }
      : null;
  return {
    cutoff: dayToIsoDate(cutoffDay),
    horizonMonths: Math.round((horizon / DAYS_PER_MONTH) * 10) / 10,
    evaluated: cases.length,
    movedAfterCutoff: movers.length,
    concordance: concordanceIndex(cases),
    brier12: weighted && weighted.brier(cases),
    brier12Reference: weighted && weighted.brier(cases.map((c) => ({ ...c, risk: weighted.rate }))),
    rate12: weighted && weighted.rate,
    knownAt12: known.length,
    withinTwentyPercent: movers.length >= MIN_CONTRACTORS ? within.length / movers.length : null,
    aim: 0.8,
    drivers: {
      withDriver: rate(known.filter((c) => c.hasDriver)),
      withoutDriver: rate(known.filter((c) => !c.hasDriver)),
    },
  };
}

/**
 * Inverse probability of censoring weights at the horizon: an outcome known at time t counts 1 / G(t), where G is
 * the Kaplan-Meier chance of still being observed (reports not stopped) that long after the cutoff; those whose
 * reports stopped earlier, with no move seen, count 0. Without the weights the known outcomes over-represent
 * early movers whenever reports stop early, and so does the rate the reference predicts.
 */
function censoringWeighted(cases: readonly Case[], horizon: number) {
  const outcome = (c: Case) =>
    c.event && c.time <= horizon ? 1 : c.time >= horizon - CHECK_IN_SLACK ? 0 : null;
  const observed = kaplanMeierColumns(
    new Float64Array(cases.length),
    Float64Array.from(cases, (c) => c.time),
    Uint8Array.from(cases, (c) => (outcome(c) === null ? 1 : 0)),
  );
  const weights = cases.map((c) => {
    const y = outcome(c);
    if (y === null) return 0;
    // Still observed just before a move (a report stopping on that day did not hide it), or through the horizon.
    const g = y === 1 ? survivalBefore(observed, c.time) : survivalAt(observed, horizon);
    return g > 0 ? 1 / g : 0;
  });
  const known = weights.filter((w) => w > 0).length;
  const total = weights.reduce((a, b) => a + b, 0);
  if (known < MIN_CONTRACTORS || total <= 0) return null;
  const rate = cases.reduce((sum, c, i) => sum + weights[i]! * (outcome(c) ?? 0), 0) / total;
  return {
    rate,
    brier: (predicted: readonly Case[]) =>
      predicted.reduce((sum, c, i) => sum + weights[i]! * (c.risk - (outcome(c) ?? 0)) ** 2, 0) /
      cases.length,
  };
}

/**
 * Harrell's C: over pairs where one moved up before the other's observed time, the share where the one who moved
 * first had the higher risk (ties count half). O(n log n) with a Fenwick tree over risk ranks.
 */
export function concordanceIndex(cases: readonly { risk: number; time: number; event: boolean }[]) {
  const risks = [...new Set(cases.map((c) => c.risk))].sort((a, b) => a - b);
  const rank = new Map(risks.map((r, i) => [r, i + 1]));
  const tree = new Float64Array(risks.length + 1);
  const add = (i: number) => {
    for (; i < tree.length; i += i & -i) tree[i]! += 1;
  };
  const prefix = (i: number) => {
    let s = 0;
    for (; i > 0; i -= i & -i) s += tree[i]!;
    return s;
  };
  const sorted = [...cases].sort((a, b) => b.time - a.time);
  let concordant = 0;
  let pairs = 0;
  let inserted = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j]!.time === sorted[i]!.time) j++;
    // Those later than this time are in the tree; compare each event at this time with them.
    for (let k = i; k < j; k++) {
      const c = sorted[k]!;
      if (!c.event || inserted === 0) continue;
      const r = rank.get(c.risk)!;
      const lower = prefix(r - 1);
      const equal = prefix(r) - lower;
      concordant += lower + equal / 2;
      pairs += inserted;
    }
    for (let k = i; k < j; k++) add(rank.get(sorted[k]!.risk)!);
    inserted += j - i;
    i = j;
  }
  return pairs > 0 ? concordant / pairs : null;
}
