// The timeline of "contractors like you" fits Kaplan-Meier to the alike spells of the tier; spells are grouped by
// profile for speed, which must give exactly the fit over the spells picked one by one.
import { describe, expect, it } from "vitest";
import { contractorTimeline, LIKE_YOU, profileSimilarity } from "./contractor-timeline";
import { months } from "./describe-pattern";
import type { CohortSpell, GrowthModel } from "./growth-model";
import { kaplanMeier, survivalAt, survivalQuantile } from "./kaplan-meier";
import { defaultMatchWeights } from "./match-contractor";
import { defaultTierLadder } from "./tier-ladder";

function spells(n: number): CohortSpell[] {
  let seed = 3;
  const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  return Array.from({ length: n }, () => {
    const entry = Math.floor(next() * 200);
    return {
      entry,
      exit: entry + 1 + Math.floor(next() * 900),
      event: next() < 0.6,
      teamSize: next() < 0.2 ? null : 1 + Math.floor(next() * 30),
      stage: [null, "starting", "scaling"][Math.floor(next() * 3)]!,
      focusAreas: [[], ["leads"], ["leads", "hiring"], ["pricing"]][Math.floor(next() * 4)]!,
    };
  });
}

describe("contractorTimeline", () => {
  const cohort = spells(3000);
  const model = {
    ladder: defaultTierLadder,
    spellsByTier: new Map([[0, cohort]]),
    timelineMemo: new Map(),
  } as unknown as GrowthModel;

  it("gives the Kaplan-Meier of the alike spells, counted one by one", () => {
    const me = { tier: 0, teamSize: 8, stage: "starting", focusAreas: ["leads"] };
    const alike = cohort.filter(
      (s) => (profileSimilarity(me, s, defaultMatchWeights) ?? 0) >= LIKE_YOU,
    );
    expect(alike.length).toBeGreaterThan(100);
    expect(alike.length).toBeLessThan(cohort.length);
    const steps = kaplanMeier(alike);
    const t = contractorTimeline(model, me, 90, defaultMatchWeights)!;
    expect(t).toMatchObject({
      cohort: "like_you",
      contractors: alike.length,
      movers: alike.filter((s) => s.event).length,
      medianMonths: Math.round(months(survivalQuantile(steps, 0.5).estimate!)),
    });
    const within = 1 - survivalAt(steps, 90 + 365.25) / survivalAt(steps, 90);
    expect(t.withinTwelveMonths).toBe(Math.round(within * 100) / 100);
  });

  it("uses the whole tier when nothing is known of the contractor", () => {
    const t = contractorTimeline(
      model,
      { tier: 0, teamSize: null, stage: null, focusAreas: [] },
      null,
      defaultMatchWeights,
    )!;
    expect(t).toMatchObject({ cohort: "whole_tier", contractors: cohort.length });
  });
});
