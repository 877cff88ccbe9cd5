// One factor (an activity, focus area or hire) in one transition: a single pass over the transition's event
// times gives, at each, who was at risk and who of them already had the factor. From those tallies come the
// share of movers who had it before moving, the share of those still waiting at the same time who had it, the
// time-varying log-rank test, and Simon-Makuch survival curves (Kaplan-Meier with group membership that starts
// the day a contractor adopts the factor).
//
// Times are whole days from the spell's origin, so "how many event times are ≤ day d" is one array lookup: each
// spell or adoption adds +1 where it joins the risk set and −1 where it leaves (no sorting per factor).
import { LogRankSum, type LogRankResult } from "./log-rank";

/** A transition's spells in columns: at risk from just after entry[s] until exit[s]; moved[s] = 1 if moved up. */
export interface SpellColumns {
  entry: Int32Array;
  exit: Int32Array;
  moved: Uint8Array;
}

/** The transition's event times with everyone's risk set, computed once and shared by every factor. */
export interface RiskTimeline {
  times: Int32Array;
  atRisk: Int32Array;
  events: Int32Array;
  /** upTo[d]: how many event times are ≤ d, for 0 ≤ d ≤ the last exit. */
  upTo: Int32Array;
}

export function buildRiskTimeline(spells: SpellColumns): RiskTimeline {
  let maxExit = 0;
  for (let s = 0; s < spells.exit.length; s++) maxExit = Math.max(maxExit, spells.exit[s]!);
  const eventsOnDay = new Int32Array(maxExit + 1);
  for (let s = 0; s < spells.exit.length; s++) if (spells.moved[s]) eventsOnDay[spells.exit[s]!]!++;
  const upTo = new Int32Array(maxExit + 1);
  let count = 0;
  for (let d = 0; d <= maxExit; d++) {
    if (eventsOnDay[d]! > 0) count++;
    upTo[d] = count;
  }
  const times = new Int32Array(count);
  const events = new Int32Array(count);
  for (let d = 0, k = 0; d <= maxExit; d++) {
    if (eventsOnDay[d]! > 0) {
      times[k] = d;
      events[k++] = eventsOnDay[d]!;
    }
  }
  const change = new Int32Array(count + 1);
  for (let s = 0; s < spells.exit.length; s++)
    enterRiskSet(change, upTo, spells.entry[s]!, spells.exit[s]!);
  return { times, atRisk: runningSum(change, count), events, upTo };
}

/** At risk at event time t when start < t ≤ end: from the first time after start to the last one ≤ end. */
function enterRiskSet(change: Int32Array, upTo: Int32Array, start: number, end: number): void {
  change[start < 0 ? 0 : upTo[start]!]!++;
  change[upTo[end]!]!--;
}

function runningSum(change: Int32Array, count: number): Int32Array {
  const out = new Int32Array(count);
  let running = 0;
  for (let k = 0; k < count; k++) out[k] = running += change[k]!;
  return out;
}

/**
 * One factor's adopting spells: spell[j] (an index into the transition's spells) had it from day start[j]
 * (days from the spell's origin, already no earlier than its entry and before its exit). One per spell.
 */
export interface FactorMembers {
  spell: Int32Array;
  start: Int32Array;
  from: number;
  to: number;
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
  spells: SpellColumns,
  members: FactorMembers,
): FactorSweep {
  const count = timeline.times.length;
  // In the "with" group from max(entry, adoption) until exit.
  const change = new Int32Array(count + 1);
  const events1 = new Int32Array(count);
  for (let j = members.from; j < members.to; j++) {
    const s = members.spell[j]!;
    const exit = spells.exit[s]!;
    enterRiskSet(change, timeline.upTo, members.start[j]!, exit);
    // A move up happens at an event time: the last one ≤ its exit.
    if (spells.moved[s]) events1[timeline.upTo[exit]! - 1]!++;
  }
  const atRisk1 = runningSum(change, count);
  const logRank = new LogRankSum();
  let moversWith = 0;
  let movers = 0;
  let comparatorSum = 0;
  let comparatorWeight = 0;
  let survivalWith = 1;
  let survivalWithout = 1;
  let medianWith: number | null = null;
  let medianWithout: number | null = null;
  for (let k = 0; k < count; k++) {
    const t = timeline.times[k]!;
    const n = timeline.atRisk[k]!;
    const d = timeline.events[k]!;
    const n1 = atRisk1[k]!;
    const d1 = events1[k]!;
    logRank.add(n, n1, d, d1);
    movers += d;
    moversWith += d1;
    if (n > d) {
      comparatorSum += (d * (n1 - d1)) / (n - d);
      comparatorWeight += d;
    }
    if (n1 > 0) survivalWith *= 1 - d1 / n1;
    if (n - n1 > 0) survivalWithout *= 1 - (d - d1) / (n - n1);
    if (medianWith === null && survivalWith <= 0.5 + 1e-12) medianWith = t;
    if (medianWithout === null && survivalWithout <= 0.5 + 1e-12) medianWithout = t;
  }
  const adopters = members.to - members.from;
  return {
    movers,
    moversWith,
    comparatorShare: comparatorWeight > 0 ? comparatorSum / comparatorWeight : 0,
    adopters,
    nonAdopters: spells.exit.length - adopters,
    logRank: logRank.result(),
    medianWith,
    medianWithout,
  };
}
