// "Contractors like you took 8-12 months to reach 11-20M (median 10, 52 contractors)": Kaplan-Meier of the spells
// in the contractor's tier whose contractors resemble them (focus areas, team size, stage, with the matching
// weights over what both have known), with the median's 95% interval and the probability of moving up within
// 12 months given the time already spent in the tier. Too few alike (under 5): the whole tier, said so.
import { months } from "./describe-pattern";
import { MIN_CONTRACTORS } from "./evidence-confidence";
import type { CohortSpell, GrowthModel } from "./growth-model";
import {
  kaplanMeierColumns,
  survivalAt,
  survivalQuantile,
  type SurvivalStep,
} from "./kaplan-meier";
import {
  focusOverlap,
  teamSizeSimilarity,
  type ContractorProfile,
  type MatchWeights,
} from "./match-contractor";
import { DAYS_PER_MONTH } from "./tier-spells";

/** A cohort contractor is "like you" from this similarity on the fields both have known. */
export const LIKE_YOU = 0.5;
const MEMO_LIMIT = 10_000;

export interface ContractorTimeline {
  fromTier: string;
  toTier: string;
  /** "like you" or, with fewer than 5 alike, "everyone in the tier". */
  cohort: "like_you" | "whole_tier";
  contractors: number;
  movers: number;
  medianMonths: number | null;
  lowerMonths: number | null;
  upperMonths: number | null;
  /** Chance of moving up within 12 months from now (the last observation), given the time already in the tier. */
  withinTwelveMonths: number;
  monthsInTier: number | null;
  sentence: string;
}

/** Similarity of two profiles without the tier; null when no weighted field is known on both sides. */
export function profileSimilarity(
  me: Omit<ContractorProfile, "tier">,
  other: Omit<ContractorProfile, "tier">,
  weights: MatchWeights,
): number | null {
  let sum = 0;
  let weight = 0;
  const overlap = focusOverlap(me.focusAreas, other.focusAreas);
  if (overlap) {
    sum += weights.focus * (overlap.shared / overlap.of);
    weight += weights.focus;
  }
  if (me.teamSize !== null && other.teamSize !== null) {
    sum += weights.teamSize * teamSizeSimilarity(me.teamSize, other.teamSize);
    weight += weights.teamSize;
  }
  if (me.stage !== null && other.stage !== null) {
    sum +=
      weights.stage * Number(me.stage.trim().toLowerCase() === other.stage.trim().toLowerCase());
    weight += weights.stage;
  }
  return weight > 0 ? sum / weight : null;
}

interface Fit {
  cohort: ContractorTimeline["cohort"];
  steps: SurvivalStep[];
  contractors: number;
  movers: number;
}

/** A tier's spells of contractors with the same profile, as columns for Kaplan-Meier. */
interface SpellGroup {
  teamSize: number | null;
  stage: string | null;
  focusAreas: string[];
  entry: Float64Array;
  exit: Float64Array;
  event: Uint8Array;
  movers: number;
}

// Per tier's spell list of a model (a new model has new lists): similarity is computed once per profile, not
// once per spell, and Kaplan-Meier gets its columns by copying.
const groupsOfSpells = new WeakMap<readonly CohortSpell[], SpellGroup[]>();

function spellGroups(spells: readonly CohortSpell[]): SpellGroup[] {
  const known = groupsOfSpells.get(spells);
  if (known) return known;
  const byProfile = new Map<string, CohortSpell[]>();
  for (const s of spells) {
    const key = JSON.stringify([s.teamSize, s.stage, s.focusAreas]);
    const list = byProfile.get(key);
    if (list) list.push(s);
    else byProfile.set(key, [s]);
  }
  const groups = [...byProfile.values()].map((list) => ({
    teamSize: list[0]!.teamSize,
    stage: list[0]!.stage,
    focusAreas: list[0]!.focusAreas,
    entry: Float64Array.from(list, (s) => s.entry),
    exit: Float64Array.from(list, (s) => s.exit),
    event: Uint8Array.from(list, (s) => (s.event ? 1 : 0)),
    movers: list.filter((s) => s.event).length,
  }));
  groupsOfSpells.set(spells, groups);
  return groups;
}

function fitGroups(groups: readonly SpellGroup[], cohort: Fit["cohort"]): Fit {
  const n = groups.reduce((sum, g) => sum + g.exit.length, 0);
  const entry = new Float64Array(n);
  const exit = new Float64Array(n);
  const event = new Uint8Array(n);
  let at = 0;
  for (const g of groups) {
    entry.set(g.entry, at);
    exit.set(g.exit, at);
    event.set(g.event, at);
    at += g.exit.length;
  }
  return {
    cohort,
    steps: kaplanMeierColumns(entry, exit, event),
    contractors: n,
    movers: groups.reduce((sum, g) => sum + g.movers, 0),
  };
}

function fitCohort(model: GrowthModel, me: ContractorProfile, weights: MatchWeights): Fit | null {
  const tier = me.tier!;
  const known = me.focusAreas.length > 0 || me.teamSize !== null || me.stage !== null;
  const key = JSON.stringify([
    tier,
    me.teamSize,
    me.stage?.toLowerCase(),
    [...me.focusAreas].sort(),
    weights,
  ]);
  const memo = model.timelineMemo as Map<string, Fit | null>;
  if (memo.has(key)) return memo.get(key)!;
  const spells = model.spellsByTier.get(tier) ?? [];
  const groups = spellGroups(spells);
  const alike = known
    ? groups.filter((g) => (profileSimilarity(me, g, weights) ?? 0) >= LIKE_YOU)
    : groups;
  const alikeSpells = alike.reduce((sum, g) => sum + g.exit.length, 0);
  let fit: Fit | null = null;
  if (known && alikeSpells >= MIN_CONTRACTORS) fit = fitGroups(alike, "like_you");
  else if (spells.length >= MIN_CONTRACTORS) fit = fitGroups(groups, "whole_tier");
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, fit);
  return fit;
}

export function contractorTimeline(
  model: GrowthModel,
  me: ContractorProfile,
  daysInTier: number | null,
  weights: MatchWeights,
): ContractorTimeline | null {
  if (me.tier === null || me.tier >= model.ladder.length - 1) return null;
  const fit = fitCohort(model, me, weights);
  if (!fit) return null;
  const median = survivalQuantile(fit.steps, 0.5);
  const elapsed = daysInTier ?? 0;
  const now = survivalAt(fit.steps, elapsed);
  const later = survivalAt(fit.steps, elapsed + 12 * DAYS_PER_MONTH);
  const within = now > 0 ? Math.round((1 - later / now) * 100) / 100 : 0;
  const fromTier = model.ladder[me.tier]!.label;
  const toTier = model.ladder[me.tier + 1]!.label;
  const m = (d: number | null) => (d === null ? null : Math.round(months(d)));
  const medianMonths = m(median.estimate);
  const [lower, upper] = [m(median.lower), m(median.upper)];
  const who = fit.cohort === "like_you" ? "Contractors like you" : `Contractors in ${fromTier}`;
  const range =
    lower !== null && upper !== null
      ? `${lower}-${upper} months`
      : lower !== null
        ? `at least ${lower} months`
        : "an uncertain time";
  const head =
    medianMonths === null
      ? `Fewer than half of ${fit.contractors} ${who.toLowerCase()} have reached ${toTier} yet`
      : `${who} took ${range} to reach ${toTier} (median ${medianMonths}, ${fit.contractors} contractors)`;
  const since =
    daysInTier === null ? "" : ` after ${Math.round(months(daysInTier))} months in ${fromTier}`;
  return {
    fromTier,
    toTier,
    cohort: fit.cohort,
    contractors: fit.contractors,
    movers: fit.movers,
    medianMonths,
    lowerMonths: lower,
    upperMonths: upper,
    withinTwelveMonths: within,
    monthsInTier: daysInTier === null ? null : months(daysInTier),
    sentence: `${head}; chance of moving up within 12 months${since}: ${Math.round(within * 100)}%.`,
  };
}
