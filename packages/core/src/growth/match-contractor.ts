// Matching a contractor to the transition cohorts they could follow: 0.30 revenue tier + 0.40 focus-area overlap
// + 0.15 team-size similarity + 0.15 stage alignment (the originals' weights, a setting). A field unknown on
// either side never scores: the weights are spread over what is known, and the match says what was unknown (the
// original scored unknowns a neutral 0.5, so a contractor with nothing in common passed the cut).
import { z } from "zod";

export const ZMatchWeights = z
  .object({
    tier: z.number().min(0).max(1),
    focus: z.number().min(0).max(1),
    teamSize: z.number().min(0).max(1),
    stage: z.number().min(0).max(1),
  })
  .strict()
  .refine((w) => w.tier + w.focus + w.teamSize + w.stage > 0, {
    message: "At least one weight must be above 0",
  });
export type MatchWeights = z.infer<typeof ZMatchWeights>;

export const defaultMatchWeights: MatchWeights = {
  tier: 0.3,
  focus: 0.4,
  teamSize: 0.15,
  stage: 0.15,
};

/** Matches scoring below this are dropped (the original cut). */
export const MIN_MATCH_SCORE = 0.3;
/** How many matches a contractor gets. */
export const TOP_MATCHES = 3;

/** What is known of one contractor (null: unknown). */
export interface ContractorProfile {
  tier: number | null;
  teamSize: number | null;
  stage: string | null;
  /** Empty: unknown. */
  focusAreas: readonly string[];
}

/** A transition cohort as matching sees it: its movers' typical profile (null where too few were known). */
export interface CohortProfile {
  tierIndex: number;
  fromTier: string;
  toTier: string;
  /** Focus areas held by a third or more of its movers (lower case). */
  commonFocusAreas: readonly string[];
  medianTeamSize: number | null;
  commonStage: string | null;
}

export type MatchField = keyof MatchWeights;

export interface FieldScore {
  field: MatchField;
  /** Null: unknown, so it did not count. */
  score: number | null;
  reason: string;
}

export interface CohortMatch {
  cohort: CohortProfile;
  score: number;
  fields: FieldScore[];
  unknown: MatchField[];
  /** "same tier; 3 of 4 focus areas shared; team size unknown" */
  reasons: string;
}

const norm = (s: string) => s.trim().toLowerCase();

/** Shared focus areas over the cohort's common ones; null when either side has none. */
export function focusOverlap(
  mine: readonly string[],
  common: readonly string[],
): { shared: number; of: number } | null {
  if (mine.length === 0 || common.length === 0) return null;
  const set = new Set(mine.map(norm));
  return { shared: common.filter((c) => set.has(norm(c))).length, of: common.length };
}

/** 1 for the same size, 0.5 for twice or half, 0 from four times apart (on the log scale). */
export function teamSizeSimilarity(a: number, b: number): number {
  if (a <= 0 || b <= 0) return a === b ? 1 : 0;
  return Math.max(0, 1 - Math.abs(Math.log(a / b)) / Math.log(4));
}

/** The transition out of one's own tier scores 1, the next one 0.5, the one after 0.25; others are no candidates. */
const TIER_SCORES = [1, 0.5, 0.25];
const tierWords = ["same tier", "one tier ahead", "two tiers ahead"];
export const isCandidate = (mine: number, from: number) =>
  from >= mine && from - mine < TIER_SCORES.length;

export function scoreFields(me: ContractorProfile, cohort: CohortProfile): FieldScore[] {
  const fields: FieldScore[] = [];
  if (me.tier === null) fields.push({ field: "tier", score: null, reason: "revenue tier unknown" });
  else {
    const ahead = cohort.tierIndex - me.tier;
    fields.push(
      isCandidate(me.tier, cohort.tierIndex)
        ? { field: "tier", score: TIER_SCORES[ahead]!, reason: tierWords[ahead]! }
        : { field: "tier", score: 0, reason: `not in or just below ${cohort.fromTier}` },
    );
  }
  const overlap = focusOverlap(me.focusAreas, cohort.commonFocusAreas);
  fields.push(
    overlap
      ? {
          field: "focus",
          score: overlap.shared / overlap.of,
          reason: `${overlap.shared} of ${overlap.of} focus areas shared`,
        }
      : {
          field: "focus",
          score: null,
          reason:
            me.focusAreas.length === 0
              ? "focus areas unknown"
              : "no focus area common to this cohort",
        },
  );
  if (me.teamSize === null || cohort.medianTeamSize === null) {
    fields.push({
      field: "teamSize",
      score: null,
      reason: me.teamSize === null ? "team size unknown" : "cohort's team size unknown",
    });
  } else {
    const s = teamSizeSimilarity(me.teamSize, cohort.medianTeamSize);
    const word = s >= 0.75 ? "similar" : s > 0 ? "somewhat different" : "very different";
    fields.push({
      field: "teamSize",
      score: s,
      reason: `${word} team size (${me.teamSize} against a median of ${cohort.medianTeamSize})`,
    });
  }
  if (me.stage === null || cohort.commonStage === null) {
    fields.push({
      field: "stage",
      score: null,
      reason: me.stage === null ? "stage unknown" : "cohort's stage unknown",
    });
  } else {
    const same = norm(me.stage) === norm(cohort.commonStage);
    fields.push({
      field: "stage",
      score: same ? 1 : 0,
      reason: same
        ? `same stage (${me.stage})`
        : `different stage (most were ${cohort.commonStage})`,
    });
  }
  return fields;
}

/** The weighted score over the known fields only; null when nothing with a weight is known. */
export function combineScores(fields: readonly FieldScore[], weights: MatchWeights): number | null {
  let sum = 0;
  let weight = 0;
  for (const f of fields) {
    if (f.score === null) continue;
    sum += weights[f.field] * f.score;
    weight += weights[f.field];
  }
  return weight > 0 ? sum / weight : null;
}

export function matchCohort(
  me: ContractorProfile,
  cohort: CohortProfile,
  weights: MatchWeights = defaultMatchWeights,
): CohortMatch | null {
  const fields = scoreFields(me, cohort);
  const score = combineScores(fields, weights);
  if (score === null) return null;
  return {
    cohort,
    score: Math.round(score * 1000) / 1000,
    fields,
    unknown: fields.filter((f) => f.score === null).map((f) => f.field),
    reasons: fields.map((f) => f.reason).join("; "),
  };
}

/**
 * The cohorts that fit, best first: at or above MIN_MATCH_SCORE, at most TOP_MATCHES. Only transitions out of
 * the contractor's tier or the two above it are candidates, and without a known tier nothing fits: a transition
 * already made or far ahead gives no goal to work on.
 */
export function matchContractor(
  me: ContractorProfile,
  cohorts: readonly CohortProfile[],
  weights: MatchWeights = defaultMatchWeights,
): CohortMatch[] {
  if (me.tier === null) return [];
  const tier = me.tier;
  return cohorts
    .filter((c) => isCandidate(tier, c.tierIndex))
    .map((c) => matchCohort(me, c, weights))
    .filter((m): m is CohortMatch => m !== null && m.score >= MIN_MATCH_SCORE)
    .sort((a, b) => b.score - a.score || a.cohort.tierIndex - b.cohort.tierIndex)
    .slice(0, TOP_MATCHES);
}
