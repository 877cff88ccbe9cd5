import { describe, expect, it } from "vitest";
import { buildQualityReport, formatQualityReport, type ScoredResult } from "./quality-report";

function result(
  decision: ScoredResult["decision"],
  score: number | null,
  confidence: number | null,
  matched: boolean,
): ScoredResult {
  return {
    decision,
    pattern_id: score === null ? null : "p",
    match_score: score,
    confidence,
    matched,
  };
}

const results: ScoredResult[] = [
  result("auto", 0.95, 0.97, true),
  result("auto", 0.9, 0.96, true),
  result("suggest", 0.8, 0.8, true),
  result("suggest", 0.8, 0.78, false),
  result("queue", 0.6, 0.55, true),
  result("none", 0.3, 0.2, false),
  result("none", null, null, false),
  result("escalate", 0.7, 0.9, true),
];

describe("buildQualityReport", () => {
  const report = buildQualityReport(results, { total: 10 });

  it("counts the best candidate's right replies over all test messages, reported or not", () => {
    expect(report.total).toBe(10);
    expect(report.top1Accuracy).toBeCloseTo(5 / 10);
  });

  it("scores each decision level", () => {
    expect(report.levels.map((level) => [level.decision, level.count, level.matched])).toEqual([
      ["auto", 2, 2],
      ["suggest", 2, 1],
      ["queue", 1, 1],
      ["shadow", 0, 0],
      ["escalate", 1, 1],
      ["none", 2, 0],
    ]);
    expect(report.levels[1]).toMatchObject({ coverage: 0.2, precision: 0.5 });
    expect(report.levels[3]?.precision).toBeNull();
  });

  it("adds the levels up from the most confident", () => {
    expect(report.cumulative.map((entry) => [entry.through, entry.count, entry.matched])).toEqual([
      ["auto", 2, 2],
      ["suggest", 4, 3],
      ["queue", 5, 4],
    ]);
  });

  it("traces coverage and precision as the threshold rises, counting only messages with a candidate", () => {
    const at = (threshold: number) =>
      report.curves.matchScore.find((point) => Math.abs(point.threshold - threshold) < 1e-9);
    expect(report.curves.matchScore).toHaveLength(21);
    expect(at(0)).toMatchObject({ count: 7, matched: 5, coverage: 0.7 });
    // 0.8 is on the line: both 0.8 scores count, though 0.8 is not exactly 16 × 0.05 in floating point.
    expect(at(0.8)).toMatchObject({ count: 4, matched: 3, precision: 0.75 });
    expect(at(0.95)).toMatchObject({ count: 1, matched: 1, precision: 1 });
    expect(at(1)).toMatchObject({ count: 0, precision: null });
    const confidenceAt = report.curves.confidence.find((point) => point.threshold === 0.9);
    expect(confidenceAt).toMatchObject({ count: 3, matched: 3 });
  });

  it("finds the lowest exact threshold that keeps precision at the target", () => {
    expect(report.bestThreshold.matchScore).toMatchObject({ threshold: 0.9, count: 2, matched: 2 });
    // Confidence ≥ 0.8 takes in 0.97, 0.96, 0.9, 0.8: all right.
    expect(report.bestThreshold.confidence).toMatchObject({
      threshold: 0.8,
      count: 4,
      coverage: 0.4,
    });
    const lenient = buildQualityReport(results, { precisionTarget: 0.75 });
    // Score ≥ 0.6: 5 of 6 right; ≥ 0.3 would be 5 of 7, under 0.75.
    expect(lenient.bestThreshold.matchScore).toMatchObject({
      threshold: 0.6,
      count: 6,
      matched: 5,
    });
  });

  it("takes all candidates of one value or none of them", () => {
    const tied = buildQualityReport([
      result("auto", 0.9, 0.9, true),
      result("auto", 0.9, 0.9, false),
      result("suggest", 0.5, 0.5, false),
    ]);
    expect(tied.bestThreshold.matchScore).toBeNull();
  });

  it("refuses more results than test messages", () => {
    expect(() => buildQualityReport(results, { total: 3 })).toThrow(/8 results for 3/);
  });
});

describe("formatQualityReport", () => {
  it("prints the levels, the curve and the best thresholds", () => {
    const text = formatQualityReport(buildQualityReport(results, { total: 10 }));
    expect(text).toContain("top-1 accuracy: 50.0%");
    expect(text).toMatch(/auto\s+2\s+2\s+20\.0%\s+100\.0%/);
    expect(text).toMatch(/0\.80\s+40\.0%\s+75\.0%/);
    expect(text).toContain("match score ≥ 0.900: coverage 20.0% at precision 100.0% (2 messages)");
  });
});
