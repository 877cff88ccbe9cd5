import { describe, expect, it } from "vitest";
import {
  defaultMatchWeights,
  matchCohort,
  matchContractor,
  teamSizeSimilarity,
  type CohortProfile,
  type ContractorProfile,
} from "./match-contractor";

const cohort = (tierIndex: number, over: Partial<CohortProfile> = {}): CohortProfile => ({
  tierIndex,
  fromTier: `T${tierIndex}`,
  toTier: `T${tierIndex + 1}`,
  commonFocusAreas: ["hiring", "leads", "operations", "pricing"],
  medianTeamSize: 12,
  commonStage: "growing",
  ...over,
});
const me = (over: Partial<ContractorProfile> = {}): ContractorProfile => ({
  tier: 1,
  teamSize: 12,
  stage: "Growing",
  focusAreas: ["Leads", "hiring", "pricing", "marketing"],
  ...over,
});

describe("matching a contractor to cohorts", () => {
  it("weighs tier 0.30, focus 0.40, team size 0.15, stage 0.15 when all is known", () => {
    const m = matchCohort(me(), cohort(1))!;
    // 0.30 × 1 + 0.40 × 3/4 + 0.15 × 1 + 0.15 × 1
    expect(m.score).toBe(0.9);
    expect(m.unknown).toEqual([]);
    expect(m.reasons).toBe(
      "same tier; 3 of 4 focus areas shared; similar team size (12 against a median of 12); same stage (Growing)",
    );
  });

  it("spreads the weights over what is known and says what was unknown", () => {
    const m = matchCohort(me({ teamSize: null }), cohort(1))!;
    // (0.30 + 0.40 × 0.75 + 0.15) / (0.30 + 0.40 + 0.15)
    expect(m.score).toBeCloseTo(0.75 / 0.85, 3);
    expect(m.unknown).toEqual(["teamSize"]);
    expect(m.reasons).toBe(
      "same tier; 3 of 4 focus areas shared; team size unknown; same stage (Growing)",
    );
    const onlyTier = matchCohort(me({ teamSize: null, stage: null, focusAreas: [] }), cohort(1))!;
    expect(onlyTier.score).toBe(1);
    expect(onlyTier.unknown).toEqual(["focus", "teamSize", "stage"]);
  });

  it("never lets unknowns carry a contractor with nothing in common past the cut", () => {
    const nothing = me({ teamSize: null, stage: null, focusAreas: ["roofing"] });
    // The original's neutral 0.5 for unknowns: 0.30 × 0.5 + 0 + 0.15 × 0.5 + 0.15 × 0.5 = 0.30, kept.
    const m = matchCohort(nothing, cohort(2))!;
    expect(m.score).toBeCloseTo(0.15 / 0.7, 3);
    expect(m.reasons).toBe(
      "one tier ahead; 0 of 4 focus areas shared; team size unknown; stage unknown",
    );
    expect(matchContractor(nothing, [cohort(2)])).toEqual([]);
  });

  it("keeps matches of 0.30 or more, best first, at most three, only ahead of the contractor", () => {
    const cohorts = [0, 1, 2, 3, 4].map((t) => cohort(t));
    const matches = matchContractor(me({ tier: 0 }), cohorts);
    expect(matches.map((m) => m.cohort.tierIndex)).toEqual([0, 1, 2]);
    expect(matches.map((m) => m.score)).toEqual([0.9, 0.75, 0.675]);
    expect(matchContractor(me({ tier: 3 }), cohorts).map((m) => m.cohort.tierIndex)).toEqual([
      3, 4,
    ]);
    expect(matchContractor(me({ tier: null }), cohorts)).toEqual([]);
  });

  it("uses the weights given", () => {
    const weights = { ...defaultMatchWeights, focus: 0 };
    const m = matchCohort(me({ focusAreas: ["roofing"] }), cohort(1), weights)!;
    expect(m.score).toBe(1);
  });

  it("scores team size on the log scale", () => {
    expect(teamSizeSimilarity(10, 10)).toBe(1);
    expect(teamSizeSimilarity(10, 20)).toBeCloseTo(0.5, 10);
    expect(teamSizeSimilarity(5, 40)).toBe(0);
  });
});
