import { describe, expect, it } from "vitest";
import { assignmentPoint, assignVariant } from "./assign-variant";
import { checkSampleRatio, chiSquareUpper, normalCdf, probabilityBest } from "./variant-statistics";

describe("probabilityBest", () => {
  it("splits evenly between equal arms and goes to the clear winner", () => {
    const even = probabilityBest([
      { trials: 500, successes: 200 },
      { trials: 500, successes: 200 },
    ]);
    expect(even[0]).toBeCloseTo(0.5, 6);
    const clear = probabilityBest([
      { trials: 500, successes: 150 },
      { trials: 500, successes: 250 },
    ]);
    expect(clear[1]).toBeGreaterThan(0.999);
    expect(clear[0]! + clear[1]!).toBeCloseTo(1, 9);
  });

  it("ranks three arms by their evidence and sums to one, the same on every call", () => {
    const arms = [
      { trials: 300, successes: 90 },
      { trials: 300, successes: 120 },
      { trials: 300, successes: 115 },
    ];
    const best = probabilityBest(arms);
    expect(best.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(best[0]).toBeLessThan(0.01);
    expect(best[1]).toBeGreaterThan(best[2]!);
    expect(best[2]).toBeGreaterThan(0.2);
    expect(probabilityBest(arms)).toEqual(best);
  });

  it("refuses a tally with more successes than trials", () => {
    expect(() => probabilityBest([{ trials: 3, successes: 4 }])).toThrow(/arm 1: successes/);
  });
});

describe("checkSampleRatio", () => {
  it("accepts the split chance explains and flags one that is off", () => {
    expect(checkSampleRatio([5_030, 4_970], [1, 1]).mismatch).toBe(false);
    const off = checkSampleRatio([5_300, 4_700], [1, 1]);
    expect(off.mismatch).toBe(true);
    expect(off.pValue).toBeLessThan(1e-8);
    // A planned 80/20 split counted as such is fine; the same counts against 50/50 are not.
    expect(checkSampleRatio([8_000, 2_000], [0.8, 0.2]).mismatch).toBe(false);
    expect(checkSampleRatio([8_000, 2_000], [0.5, 0.5]).mismatch).toBe(true);
    expect(checkSampleRatio([0, 0], [1, 1])).toEqual({ chiSquare: 0, pValue: 1, mismatch: false });
  });

  it("computes chi-square tails for several degrees of freedom as the tables give them", () => {
    // Critical values at 5%: 3.841 (1 df), 5.991 (2), 7.815 (3), 18.307 (10).
    expect(chiSquareUpper(3.841, 1)).toBeCloseTo(0.05, 3);
    expect(chiSquareUpper(5.991, 2)).toBeCloseTo(0.05, 3);
    expect(chiSquareUpper(7.815, 3)).toBeCloseTo(0.05, 3);
    expect(chiSquareUpper(18.307, 10)).toBeCloseTo(0.05, 3);
    expect(chiSquareUpper(0.5, 3)).toBeCloseTo(0.9189, 3);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
  });

  it("refuses counts and weights that do not describe a split", () => {
    expect(() => checkSampleRatio([10], [1])).toThrow(/at least two arms/);
    expect(() => checkSampleRatio([10, 5], [1, 0])).toThrow(/weights must be > 0/);
    expect(() => checkSampleRatio([10, -5], [1, 1])).toThrow(/whole numbers/);
  });
});

describe("assignVariant", () => {
  const split = [
    { variantId: "a", weight: 1 },
    { variantId: "b", weight: 1 },
    { variantId: "c", weight: 2 },
  ];

  it("gives a customer the same variant every time, and follows the split over many customers", () => {
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 20_000; i++) {
      const variant = assignVariant("experiment-1", `customer-${i}`, split) as keyof typeof counts;
      expect(assignVariant("experiment-1", `customer-${i}`, split)).toBe(variant);
      counts[variant]++;
    }
    expect(checkSampleRatio([counts.a, counts.b, counts.c], [1, 1, 2]).mismatch).toBe(false);
    expect(counts.c / 20_000).toBeCloseTo(0.5, 1);
  });

  it("splits customers independently in two experiments", () => {
    let same = 0;
    for (let i = 0; i < 4_000; i++) {
      const first = assignmentPoint("experiment-1", `customer-${i}`) < 0.5;
      const second = assignmentPoint("experiment-2", `customer-${i}`) < 0.5;
      if (first === second) same++;
    }
    // Independent halves agree half the time.
    expect(same / 4_000).toBeGreaterThan(0.46);
    expect(same / 4_000).toBeLessThan(0.54);
  });

  it("refuses a split without variants, with a weight that is not positive, or with a repeated id", () => {
    expect(() => assignVariant("e", "c", [])).toThrow(/at least one variant/);
    expect(() => assignVariant("e", "c", [{ variantId: "a", weight: 0 }])).toThrow(/> 0/);
    expect(() =>
      assignVariant("e", "c", [
        { variantId: "a", weight: 1 },
        { variantId: "a", weight: 1 },
      ]),
    ).toThrow(/differ/);
  });
});
