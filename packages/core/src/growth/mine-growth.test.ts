// The miner on synthetic data with planted truth: it finds the activities that shorten the time to move up,
// calls the popular ones popular, is not fooled by one that only comes with the higher tier, and its
// Kaplan-Meier medians hold the planted values.
import { describe, expect, it } from "vitest";
import { buildGrowthDataset, growthRowsFromText } from "./growth-dataset";
import { analyzeGrowth } from "./mine-growth";
import { generateSyntheticGrowth } from "./synthetic-growth";
import { defaultTierLadder } from "./tier-ladder";

function analyze(rows: ReturnType<typeof generateSyntheticGrowth>) {
  return analyzeGrowth(buildGrowthDataset(defaultTierLadder, growthRowsFromText(rows)));
}

describe("analyzeGrowth on planted data", () => {
  const result = analyze(generateSyntheticGrowth({ contractors: 3000, seed: 11 }));
  const verdicts = (tier: number) =>
    Object.fromEntries(
      result.patterns.filter((p) => p.tierIndex === tier).map((p) => [p.factor.name, p.verdict]),
    );

  it("finds the planted drivers in the first two transitions", () => {
    for (const tier of [0, 1]) {
      expect(verdicts(tier)["CRM Pro"]).toBe("driver");
      expect(verdicts(tier)["Hired an operations manager"]).toBe("driver");
    }
  });

  it("calls popular activities that change nothing popular, never drivers", () => {
    for (const tier of [0, 1]) {
      expect(verdicts(tier)["Traction"]).toBe("popular");
      expect(verdicts(tier)["Contractor Talk"]).toBe("popular");
    }
  });

  it("does not credit an activity that only comes with the higher tier for the move that brings it", () => {
    // In later tiers it marks those who moved up before, who more often had the real drivers: an association
    // the miner reports as such (it cannot tell a marker from a cause).
    const summit = result.patterns.find(
      (x) => x.tierIndex === 0 && x.factor.name === "Top Tier Summit",
    );
    expect(summit?.verdict ?? "not tested").not.toBe("driver");
    const noise = result.patterns.filter((p) => p.factor.name.startsWith("Noise"));
    expect(noise.filter((p) => p.verdict === "driver").length).toBeLessThanOrEqual(1);
  });

  it("says each pattern in a sentence with its counts, and keeps lift intervals around the lift", () => {
    const crm = result.patterns.find((p) => p.tierIndex === 0 && p.factor.name === "CRM Pro")!;
    expect(crm.sentence).toMatch(
      /^\d+ of \d+ contractors who went from 0-5M to 5-10M used CRM Pro before moving up, against \d+% of those who had not moved up by the same time; they moved up in a median of [\d.]+ months against [\d.]+\.$/,
    );
    expect(crm.lift!).toBeGreaterThan(1);
    expect(crm.liftLower!).toBeLessThan(crm.lift!);
    expect(crm.medianMonthsWith!).toBeLessThan(crm.medianMonthsWithout!);
    expect(crm.evidenceConfidence).toBeGreaterThan(0.9);
  });
});

describe("Kaplan-Meier medians against the planted values", () => {
  // No drivers: each tier's time to move up is exponential with the planted median.
  const result = analyze(
    generateSyntheticGrowth({ contractors: 3000, seed: 5, activities: [], noiseActivities: 0 }),
  );
  it.each([
    [0, 18],
    [1, 24],
  ])("tier %i: the median's 95 percent interval holds the planted %i months", (tier, planted) => {
    const t = result.transitions[tier]!.timeline!;
    // Monthly observation sees a move up to a month late: allow that half-month on average.
    expect(t.median.lower!).toBeLessThanOrEqual(planted + 0.5);
    expect(t.median.upper!).toBeGreaterThanOrEqual(planted);
    expect(t.movedWithin[1]!.share).toBeGreaterThan(0.2);
  });

  it("stores no figure from fewer than 5 contractors", () => {
    const tiny = analyze(generateSyntheticGrowth({ contractors: 3, seed: 1 }));
    expect(tiny.transitions.every((t) => t.timeline === null && t.evidenceConfidence === 0)).toBe(
      true,
    );
    expect(tiny.patterns).toEqual([]);
  });
});
