// From contractors' tier histories and dated activities to transitions (how long moving up takes) and patterns
// (what movers did first), with every figure that rests on fewer than 5 contractors left out.
import { describePattern, months, type Factor } from "./describe-pattern";
import { evidenceConfidence, MIN_CONTRACTORS } from "./evidence-confidence";
import { buildRiskTimeline, sweepFactor, type SpellColumns } from "./factor-sweep";
import { joinedDayOf, type GrowthDataset } from "./growth-dataset";
import { kaplanMeierColumns, survivalQuantile, type SurvivalStep } from "./kaplan-meier";
import { benjaminiHochberg, shareRatio } from "./multiple-testing";
import { DAYS_PER_MONTH, forEachTierSpell } from "./tier-spells";

export const FDR_LEVEL = 0.05;

export type Verdict = "driver" | "slower" | "popular" | "no_difference";

export interface TransitionResult {
  tierIndex: number;
  fromTier: string;
  toTier: string;
  contractors: number;
  movers: number;
  timeline: Timeline | null;
  evidenceConfidence: number;
  /** Kept in memory for predictions (the backtest); not stored. */
  steps: SurvivalStep[];
}

interface MonthsWithInterval {
  months: number | null;
  lower: number | null;
  upper: number | null;
}

export interface Timeline {
  median: MonthsWithInterval;
  firstQuartile: MonthsWithInterval;
  thirdQuartile: MonthsWithInterval;
  /** Share moved up within 6, 12 and 24 months, with 95% intervals. */
  movedWithin: { months: number; share: number; lower: number; upper: number }[];
  /** The fifth-fastest move, so that no single contractor's figure shows. */
  fastestMonths: number | null;
  /** The survival curve while at least 5 contractors are at risk: months, share not yet moved, band. */
  curve: { months: number; remaining: number; lower: number; upper: number; atRisk: number }[];
}

export interface PatternResult {
  tierIndex: number;
  fromTier: string;
  toTier: string;
  factor: Factor;
  verdict: Verdict;
  movers: number;
  moversWith: number;
  comparatorShare: number;
  lift: number | null;
  liftLower: number | null;
  liftUpper: number | null;
  medianMonthsWith: number | null;
  medianMonthsWithout: number | null;
  pValue: number;
  qValue: number;
  evidenceConfidence: number;
  sentence: string;
}

export interface GrowthAnalysis {
  transitions: TransitionResult[];
  patterns: PatternResult[];
  spells: number;
  factorsTested: number;
}

type Candidate = Omit<PatternResult, "verdict" | "qValue" | "evidenceConfidence"> & {
  faster: boolean;
};

/** A factor at least this share of movers had, without a proven difference, is called popular. */
export const POPULAR_SHARE = 1 / 3;

const inMonths = (days: number | null) => (days === null ? null : months(days));

/** One tier's spells in columns, with whose they are (contractor index) and where each started (origin day). */
interface TierSpells extends SpellColumns {
  contractor: Int32Array;
  origin: Int32Array;
}

/** Every contractor's spells, grouped by the tier they were in (the top tier has nowhere to move up to). */
function spellsByTier(data: GrowthDataset): { tiers: TierSpells[]; total: number } {
  const lists = Array.from({ length: data.ladder.length - 1 }, () => ({
    contractor: [] as number[],
    origin: [] as number[],
    entry: [] as number[],
    exit: [] as number[],
    moved: [] as number[],
  }));
  let total = 0;
  let who = 0;
  const visit = (tier: number, origin: number, entry: number, exit: number, movedUp: boolean) => {
    const list = lists[tier];
    if (!list) return;
    list.contractor.push(who);
    list.origin.push(origin);
    list.entry.push(entry);
    list.exit.push(exit);
    list.moved.push(movedUp ? 1 : 0);
    total++;
  };
  for (who = 0; who < data.count; who++) {
    const from = data.obsStart[who]!;
    const to = data.obsStart[who + 1]!;
    forEachTierSpell(data.obsDay, data.obsTier, from, to, joinedDayOf(data, who), visit);
  }
  const tiers = lists.map((l) => ({
    contractor: Int32Array.from(l.contractor),
    origin: Int32Array.from(l.origin),
    entry: Int32Array.from(l.entry),
    exit: Int32Array.from(l.exit),
    moved: Uint8Array.from(l.moved),
  }));
  return { tiers, total };
}

/**
 * Each factor's adoptions within one tier's spells, grouped by factor (offsets[f] … offsets[f + 1] − 1): the spell
 * and the day (from its origin, no earlier than its entry) it had the factor, for adoptions before its exit.
 */
function adoptionsByFactor(data: GrowthDataset, spells: TierSpells) {
  const { adoptStart, adoptFactor, adoptDay } = data;
  const offsets = new Int32Array(data.factors.length + 1);
  // Two passes over the same adoptions: count per factor, then place each in its factor's range.
  for (let s = 0; s < spells.exit.length; s++) {
    const c = spells.contractor[s]!;
    const last = spells.origin[s]! + spells.exit[s]!;
    for (let k = adoptStart[c]!; k < adoptStart[c + 1]!; k++) {
      if (adoptDay[k]! < last) offsets[adoptFactor[k]! + 1]!++;
    }
  }
  for (let f = 0; f < data.factors.length; f++) offsets[f + 1]! += offsets[f]!;
  const next = offsets.slice(0, data.factors.length);
  const spell = new Int32Array(offsets[data.factors.length]!);
  const start = new Int32Array(spell.length);
  for (let s = 0; s < spells.exit.length; s++) {
    const c = spells.contractor[s]!;
    const origin = spells.origin[s]!;
    const last = origin + spells.exit[s]!;
    for (let k = adoptStart[c]!; k < adoptStart[c + 1]!; k++) {
      if (adoptDay[k]! >= last) continue;
      const at = next[adoptFactor[k]!]!++;
      spell[at] = s;
      start[at] = Math.max(spells.entry[s]!, adoptDay[k]! - origin);
    }
  }
  return { offsets, spell, start };
}

export function analyzeGrowth(data: GrowthDataset): GrowthAnalysis {
  const { tiers, total: spellCount } = spellsByTier(data);
  const transitions: TransitionResult[] = [];
  const candidates: Candidate[] = [];
  for (let tier = 0; tier < data.ladder.length - 1; tier++) {
    const spells = tiers[tier]!;
    const population = spells.exit.length;
    const fromTier = data.ladder[tier]!.label;
    const toTier = data.ladder[tier + 1]!.label;
    // A contractor's spells are listed together: count the changes of contractor.
    let contractors = 0;
    let movers = 0;
    for (let s = 0; s < population; s++) {
      if (s === 0 || spells.contractor[s] !== spells.contractor[s - 1]) contractors++;
      if (spells.moved[s]) movers++;
    }
    const steps = kaplanMeierColumns(spells.entry, spells.exit, spells.moved);
    const timeline = contractors >= MIN_CONTRACTORS ? describeTimeline(steps) : null;
    const bounded = timeline
      ? (Number(timeline.median.lower !== null) + Number(timeline.median.upper !== null)) / 2
      : 0;
    transitions.push({
      tierIndex: tier,
      fromTier,
      toTier,
      contractors,
      movers,
      timeline,
      evidenceConfidence: evidenceConfidence(timeline ? movers : 0, bounded),
      steps,
    });
    if (movers < MIN_CONTRACTORS || population - movers < MIN_CONTRACTORS) continue;

    const riskTimeline = buildRiskTimeline(spells);
    const members = adoptionsByFactor(data, spells);
    for (let index = 0; index < data.factors.length; index++) {
      const from = members.offsets[index]!;
      const to = members.offsets[index + 1]!;
      if (to - from < MIN_CONTRACTORS) continue;
      const sweep = sweepFactor(riskTimeline, spells, { ...members, from, to });
      if (sweep.moversWith < MIN_CONTRACTORS || sweep.nonAdopters < MIN_CONTRACTORS) continue;
      const factor = data.factors[index]!;
      const p1 = sweep.moversWith / sweep.movers;
      const ratio = shareRatio(p1, sweep.movers, sweep.comparatorShare, population - movers);
      const medianWith = sweep.adopters >= MIN_CONTRACTORS ? sweep.medianWith : null;
      const medianWithout = sweep.nonAdopters >= MIN_CONTRACTORS ? sweep.medianWithout : null;
      candidates.push({
        tierIndex: tier,
        fromTier,
        toTier,
        factor,
        movers: sweep.movers,
        moversWith: sweep.moversWith,
        comparatorShare: sweep.comparatorShare,
        lift: ratio?.ratio ?? null,
        liftLower: ratio?.lower ?? null,
        liftUpper: ratio?.upper ?? null,
        medianMonthsWith: inMonths(medianWith),
        medianMonthsWithout: inMonths(medianWithout),
        pValue: sweep.logRank.pValue,
        sentence: describePattern({
          factor,
          fromTier,
          toTier,
          movers: sweep.movers,
          moversWith: sweep.moversWith,
          comparatorShare: sweep.comparatorShare,
          medianWith,
          medianWithout,
        }),
        // Direction of the difference: more moves among those who had it than expected.
        faster: sweep.logRank.observed1 > sweep.logRank.expected1,
      });
    }
  }
  // Every factor of every transition was one test: control the false discovery rate across all of them.
  const q = benjaminiHochberg(candidates.map((c) => c.pValue));
  const patterns = candidates.map((c, i): PatternResult => {
    const { faster, ...rest } = c;
    const qValue = q[i]!;
    const verdict: Verdict =
      qValue <= FDR_LEVEL
        ? faster
          ? "driver"
          : "slower"
        : c.moversWith / c.movers >= POPULAR_SHARE
          ? "popular"
          : "no_difference";
    return {
      ...rest,
      verdict,
      qValue,
      evidenceConfidence: evidenceConfidence(c.moversWith, 1 - qValue),
    };
  });
  return { transitions, patterns, spells: spellCount, factorsTested: candidates.length };
}

function describeTimeline(steps: SurvivalStep[]): Timeline {
  const quantile = (p: number): MonthsWithInterval => {
    const q = survivalQuantile(steps, p);
    return { months: inMonths(q.estimate), lower: inMonths(q.lower), upper: inMonths(q.upper) };
  };
  const at = (m: number) => {
    const day = m * DAYS_PER_MONTH;
    let step: SurvivalStep | undefined;
    for (const s of steps) if (s.time <= day) step = s;
    return {
      months: m,
      share: 1 - (step?.survival ?? 1),
      lower: 1 - (step?.upper ?? 1),
      upper: 1 - (step?.lower ?? 1),
    };
  };
  const eventTimes = steps.flatMap((s) => Array<number>(s.events).fill(s.time));
  const shown = steps.filter((s) => s.atRisk >= MIN_CONTRACTORS);
  return {
    median: quantile(0.5),
    firstQuartile: quantile(0.25),
    thirdQuartile: quantile(0.75),
    movedWithin: [6, 12, 24].map(at),
    fastestMonths: inMonths(eventTimes[MIN_CONTRACTORS - 1] ?? null),
    curve: shown.map((s) => ({
      months: months(s.time),
      remaining: s.survival,
      lower: s.lower,
      upper: s.upper,
      atRisk: s.atRisk,
    })),
  };
}
