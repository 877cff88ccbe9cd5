// From contractors' tier histories and dated activities to transitions (how long moving up takes) and patterns
// (what movers did first), with every figure that rests on fewer than 5 contractors left out.
import { describePattern, months, type Factor } from "./describe-pattern";
import { evidenceConfidence, MIN_CONTRACTORS } from "./evidence-confidence";
import { buildRiskTimeline, sweepFactor, type Adoption } from "./factor-sweep";
import { kaplanMeier, survivalQuantile, type SurvivalStep } from "./kaplan-meier";
import { benjaminiHochberg, shareRatio } from "./multiple-testing";
import type { TierLadder } from "./tier-ladder";
import {
  buildTierSpells,
  DAYS_PER_MONTH,
  type TierObservation,
  type TierSpell,
} from "./tier-spells";

export interface ContractorHistory {
  joinedDay: number | null;
  observations: TierObservation[];
  /** First day each factor (by index into `factors`) was adopted. */
  adoptions: Map<number, number>;
}

export interface GrowthDataset {
  ladder: TierLadder;
  factors: Factor[];
  contractors: ContractorHistory[];
}

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

export function analyzeGrowth(data: GrowthDataset): GrowthAnalysis {
  const byTier = new Map<number, { spell: TierSpell; who: ContractorHistory }[]>();
  let spellCount = 0;
  for (const who of data.contractors) {
    for (const spell of buildTierSpells(who.observations, who.joinedDay)) {
      if (spell.tier >= data.ladder.length - 1) continue;
      const list = byTier.get(spell.tier) ?? [];
      list.push({ spell, who });
      byTier.set(spell.tier, list);
      spellCount++;
    }
  }
  const transitions: TransitionResult[] = [];
  const candidates: Candidate[] = [];
  for (let tier = 0; tier < data.ladder.length - 1; tier++) {
    const spells = byTier.get(tier) ?? [];
    const fromTier = data.ladder[tier]!.label;
    const toTier = data.ladder[tier + 1]!.label;
    const contractors = new Set(spells.map((s) => s.who)).size;
    const movers = spells.filter((s) => s.spell.movedUp).length;
    const steps = kaplanMeier(
      spells.map(({ spell }) => ({ entry: spell.entry, exit: spell.exit, event: spell.movedUp })),
    );
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
    if (movers < MIN_CONTRACTORS || spells.length - movers < MIN_CONTRACTORS) continue;

    const riskTimeline = buildRiskTimeline(spells.map((s) => s.spell));
    const adoptionsByFactor = new Map<number, Adoption[]>();
    for (const { spell, who } of spells) {
      for (const [factor, day] of who.adoptions) {
        const rel = day - spell.origin;
        if (rel >= spell.exit) continue;
        const list = adoptionsByFactor.get(factor) ?? [];
        list.push({ spell, day: rel });
        adoptionsByFactor.set(factor, list);
      }
    }
    for (const [index, adoptions] of adoptionsByFactor) {
      if (adoptions.length < MIN_CONTRACTORS) continue;
      const sweep = sweepFactor(riskTimeline, spells.length, adoptions);
      if (sweep.moversWith < MIN_CONTRACTORS || sweep.nonAdopters < MIN_CONTRACTORS) continue;
      const factor = data.factors[index]!;
      const p1 = sweep.moversWith / sweep.movers;
      const ratio = shareRatio(p1, sweep.movers, sweep.comparatorShare, spells.length - movers);
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
