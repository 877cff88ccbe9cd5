import { describe, expect, it } from "vitest";
import { CURVE_STEPS, precisionCoverageCurve, type ScoredResult } from "./replay-curve";

/** The definition, computed the slow way: sort by score, and at each threshold count who is at or above. */
function bruteForce(results: ScoredResult[], threshold: number) {
  const sorted = [...results].sort((a, b) => (b.score ?? -1) - (a.score ?? -1));
  const covered = sorted.filter((r) => r.score !== null && r.score >= threshold - 1e-9);
  const correct = covered.filter((r) => r.correct === true).length;
  return {
    coverage: results.length === 0 ? 0 : covered.length / results.length,
    precision: covered.length === 0 ? null : correct / covered.length,
  };
}

// A small deterministic generator, so a failure can be reproduced.
function lcg(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe("precisionCoverageCurve", () => {
  it("matches the definition at every threshold on random scores, with unscored messages in the whole", () => {
    const random = lcg(7);
    const results: ScoredResult[] = Array.from({ length: 5_000 }, () => {
      const score = random() < 0.1 ? null : Math.round(random() * 1000) / 1000;
      return { score, correct: score === null ? null : random() < (score ?? 0) };
    });
    const curve = precisionCoverageCurve(results);
    expect(curve).toHaveLength(CURVE_STEPS + 1);
    for (const point of curve) {
      const expected = bruteForce(results, point.threshold);
      expect(point.coverage).toBeCloseTo(expected.coverage, 4);
      if (expected.precision === null) expect(point.precision).toBeNull();
      else expect(point.precision).toBeCloseTo(expected.precision, 4);
    }
    // Coverage only falls as the threshold rises; at 0 every scored message is covered.
    for (let i = 1; i < curve.length; i += 1) {
      expect(curve[i]!.coverage).toBeLessThanOrEqual(curve[i - 1]!.coverage);
    }
    expect(curve[0]!.covered).toBe(results.filter((r) => r.score !== null).length);
  });

  it("puts a score exactly on a step at that step, and one just below it at the step before", () => {
    const curve = precisionCoverageCurve([
      { score: 0.95, correct: true },
      { score: 0.9499, correct: false },
      { score: 0.29, correct: true },
    ]);
    const at = (t: number) => curve.find((p) => Math.abs(p.threshold - t) < 1e-9)!;
    expect(at(0.95)).toMatchObject({ covered: 1, correct: 1, precision: 1 });
    expect(at(0.94)).toMatchObject({ covered: 2, correct: 1, precision: 0.5 });
    expect(at(0.29)).toMatchObject({ covered: 3, correct: 2 });
    expect(at(0.3)).toMatchObject({ covered: 2 });
    expect(at(1)).toMatchObject({ covered: 0, precision: null, coverage: 0 });
  });

  it("gives zero coverage and no precision for an empty replay", () => {
    const curve = precisionCoverageCurve([]);
    expect(curve.every((p) => p.coverage === 0 && p.precision === null)).toBe(true);
  });
});
