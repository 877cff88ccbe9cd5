import { describe, expect, it } from "vitest";
import {
  buildGrowthDataset,
  datasetBefore,
  growthRowsFromText,
  type GrowthRows,
} from "./growth-dataset";
import { generateSyntheticGrowth } from "./synthetic-growth";
import { defaultTierLadder } from "./tier-ladder";
import { DAYS_PER_MONTH, isoDateToDay } from "./tier-spells";
import { concordanceIndex, validateGrowth } from "./validate-growth";

describe("concordanceIndex", () => {
  it("counts concordant, discordant and tied pairs as Harrell's C does", () => {
    // Pairs usable: (a,b), (a,c), (b,c) [b is an event before c]; d is censored first, so pairs with d as the
    // earlier one are not usable. a: risk .9 t1 ✓ over b (.5) ✓ over c (.5) ✓ over d? d.t=0.5 < a.t: no.
    const cases = [
      { risk: 0.9, time: 1, event: true },
      { risk: 0.5, time: 2, event: true },
      { risk: 0.5, time: 3, event: false },
      { risk: 0.1, time: 0.5, event: false },
    ];
    // a vs b, a vs c: concordant; b vs c: tied risk → ½. (2 + ½) / 3.
    expect(concordanceIndex(cases)).toBeCloseTo(2.5 / 3, 12);
    expect(concordanceIndex(cases.map((c) => ({ ...c, risk: -c.risk })))).toBeCloseTo(0.5 / 3, 12);
  });
});

describe("validateGrowth on planted data", () => {
  it("predicts better than chance and sees drivers' adopters move up more often", () => {
    const g = generateSyntheticGrowth({ contractors: 3000, seed: 3 });
    const rows: GrowthRows = growthRowsFromText(g);
    const full = buildGrowthDataset(defaultTierLadder, rows);
    const cutoff = Math.round(full.lastDay - 12 * DAYS_PER_MONTH);
    const fitted = datasetBefore(full, cutoff);
    const v = validateGrowth(full, fitted, cutoff)!;
    expect(v.evaluated).toBeGreaterThan(500);
    expect(v.horizonMonths).toBe(12);
    expect(v.concordance!).toBeGreaterThan(0.5);
    // Tier and time in tier are all it knows (the planted times are memoryless): about as good as the base rate.
    expect(v.brier12!).toBeLessThan(v.brier12Reference! + 0.02);
    expect(v.withinTwentyPercent!).toBeGreaterThanOrEqual(0);
    const w = v.drivers.withDriver!;
    const wo = v.drivers.withoutDriver!;
    expect(w.movedWithin12 / w.contractors).toBeGreaterThan(wo.movedWithin12 / wo.contractors);
  });

  it("shortens the horizon to the data left after the cutoff, so outcomes are known", () => {
    const full = buildGrowthDataset(
      defaultTierLadder,
      growthRowsFromText(generateSyntheticGrowth({ contractors: 1500, seed: 8 })),
    );
    const cutoff = Math.round(full.lastDay - 4 * DAYS_PER_MONTH);
    const v = validateGrowth(full, datasetBefore(full, cutoff), cutoff)!;
    expect(v.horizonMonths).toBe(4);
    // Contractors still in their tier at the end count as known: not only movers.
    expect(v.knownAt12).toBeGreaterThan(v.movedAfterCutoff);
    expect(v.brier12Reference!).toBeGreaterThan(0);
  });

  it("weights outcomes for censoring after the cutoff: early dropouts do not make moving up look commoner", () => {
    // Memoryless planted times: the tier's Kaplan-Meier curve is the right prediction, about as good as the rate.
    const g = generateSyntheticGrowth({
      contractors: 3000,
      seed: 3,
      activities: [],
      noiseActivities: 0,
    });
    const complete = buildGrowthDataset(defaultTierLadder, growthRowsFromText(g));
    const cutoff = Math.round(complete.lastDay - 12 * DAYS_PER_MONTH);
    // Each contractor's revenue stops being reported at a random day up to 15 months after the cutoff, whatever
    // their tier or progress: a third are gone before the 12-month mark, some of them after moving up.
    const stop = new Map(
      g.contractors.map((c, i) => [c.contractor_id, cutoff + ((i * 7919) % 457)]),
    );
    const censored = buildGrowthDataset(
      defaultTierLadder,
      growthRowsFromText({
        ...g,
        revenue: g.revenue.filter((r) => isoDateToDay(r.as_of) <= stop.get(r.contractor_id)!),
      }),
    );
    const seen = validateGrowth(complete, datasetBefore(complete, cutoff), cutoff)!;
    const v = validateGrowth(censored, datasetBefore(censored, cutoff), cutoff)!;
    expect(v.horizonMonths).toBe(12);
    expect(v.knownAt12).toBeLessThan(seen.knownAt12 * 0.8);
    expect(v.brier12!).toBeLessThan(v.brier12Reference! + 0.02);
    expect(Math.abs(v.brier12! - seen.brier12!)).toBeLessThan(0.02);
  });
});
