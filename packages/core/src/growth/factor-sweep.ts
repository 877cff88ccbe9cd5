// One factor (an activity, focus area or hire) in one transition: a single pass over the transition's event
// times gives, at each, who was at risk and who of them already had the factor. From those tallies come the
// share of movers who had it before moving, the share of those still waiting at the same time who had it, the
// time-varying log-rank test, and Simon-Makuch survival curves (Kaplan-Meier with group membership that starts
// the day a contractor adopts the factor).
import type { TierSpell } from "./tier-spells";
import { logRank, type LogRankResult, type RiskSetTally } from "./log-rank";

/** The transition's event times with everyone's risk set, computed once and shared by every factor. */
export interface RiskTimeline {
  times: number[];
  atRisk: number[];
  events: number[];
}

export function buildRiskTimeline(spells: readonly TierSpell[]): RiskTimeline {
  const counts = new Map<number, number>();
  for (const s of spells) if (s.movedUp) counts.set(s.exit, (counts.get(s.exit) ?? 0) + 1);
  const times = [...counts.keys()].sort((a, b) => a - b);
  const entries = spells.map((s) => s.entry).sort((a, b) => a - b);
  const exits = spells.map((s) => s.exit).sort((a, b) => a - b);
  const atRisk = countAtRisk(times, entries, exits);
  return { times, atRisk, events: times.map((t) => counts.get(t)!) };
}

/** For each time t: how many intervals (start, end] hold t, given sorted starts and ends. */
function countAtRisk(times: number[], starts: number[], ends: number[]): number[] {
  const out: number[] = [];
  let s = 0;
  let e = 0;
  for (const t of times) {
    while (s < starts.length && starts[s]! < t) s++;
    while (e < ends.length && ends[e]! < t) e++;
    out.push(s - e);
  }
  return out;
}

/** A spell's adoption of the factor: days from the spell's origin (≤ 0: had it on entering the tier). */
export interface Adoption {
  spell: TierSpell;
  day: number;
}

export interface FactorSweep {
  movers: number;
  /** Movers who had the factor before the day they moved up. */
  moversWith: number;
  /** Among those still in the tier at each mover's time, the share who had the factor by then (averaged). */
  comparatorShare: number;
  /** Contractors behind the comparison: adopters and never-adopters in the tier. */
  adopters: number;
  nonAdopters: number;
  logRank: LogRankResult;
  /** Median days to move up with and without the factor; null when the curve never reaches one half. */
  medianWith: number | null;
  medianWithout: number | null;
}

export function sweepFactor(
  timeline: RiskTimeline,
  population: number,
  adoptions: readonly Adoption[],
): FactorSweep {
  // In the "with" group from max(entry, adoption) until exit.
  const live = adoptions
    .map((a) => ({ start: Math.max(a.spell.entry, a.day), spell: a.spell }))
    .filter((a) => a.start < a.spell.exit);
  const starts = live.map((a) => a.start).sort((x, y) => x - y);
  const ends = live.map((a) => a.spell.exit).sort((x, y) => x - y);
  const atRisk1 = countAtRisk(timeline.times, starts, ends);
  const events1 = new Map<number, number>();
  for (const a of live) {
    if (a.spell.movedUp) events1.set(a.spell.exit, (events1.get(a.spell.exit) ?? 0) + 1);
  }
  const tallies: RiskSetTally[] = [];
  let moversWith = 0;
  let comparatorSum = 0;
  let comparatorWeight = 0;
  let survivalWith = 1;
  let survivalWithout = 1;
  let medianWith: number | null = null;
  let medianWithout: number | null = null;
  timeline.times.forEach((t, k) => {
    const n = timeline.atRisk[k]!;
    const d = timeline.events[k]!;
    const n1 = atRisk1[k]!;
    const d1 = events1.get(t) ?? 0;
    tallies.push({ atRisk: n, atRisk1: n1, events: d, events1: d1 });
    moversWith += d1;
    if (n > d) {
      comparatorSum += (d * (n1 - d1)) / (n - d);
      comparatorWeight += d;
    }
    if (n1 > 0) survivalWith *= 1 - d1 / n1;
    if (n - n1 > 0) survivalWithout *= 1 - (d - d1) / (n - n1);
    if (medianWith === null && survivalWith <= 0.5 + 1e-12) medianWith = t;
    if (medianWithout === null && survivalWithout <= 0.5 + 1e-12) medianWithout = t;
  });
  const movers = timeline.events.reduce((a, b) => a + b, 0);
  const adopters = new Set(live.map((a) => a.spell)).size;
  return {
    movers,
    moversWith,
    comparatorShare: comparatorWeight > 0 ? comparatorSum / comparatorWeight : 0,
    adopters,
    nonAdopters: population - adopters,
    logRank: logRank(tallies),
    medianWith,
    medianWithout,
  };
}
