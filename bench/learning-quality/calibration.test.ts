import { describe, expect, it } from "vitest";
import { measureCalibration, type ScoredOutcome } from "./calibration";

const outcomes = (score: number, right: number, wrong: number): ScoredOutcome[] => [
  ...Array.from({ length: right }, () => ({ score, right: true })),
  ...Array.from({ length: wrong }, () => ({ score, right: false })),
];

describe("measureCalibration", () => {
  it("is zero for scores that say exactly how often they are right", () => {
    const calibration = measureCalibration([...outcomes(0.25, 1, 3), ...outcomes(0.95, 19, 1)]);
    expect(calibration?.expectedCalibrationError).toBeCloseTo(0);
  });

  it("weighs each bin's gap between accuracy and mean score by its share of outcomes", () => {
    // Bin 0.9-1: 10 outcomes, mean score 0.95, 5 right (gap 0.45); bin 0.2-0.3: 10 outcomes, 0.2, 4 right (0.2).
    const calibration = measureCalibration([
      ...outcomes(0.9, 3, 2),
      ...outcomes(1, 2, 3),
      ...outcomes(0.2, 4, 6),
    ]);
    expect(calibration?.count).toBe(20);
    expect(calibration?.expectedCalibrationError).toBeCloseTo(0.5 * 0.45 + 0.5 * 0.2);
    const top = calibration?.bins[9];
    expect(top).toMatchObject({ low: 0.9, high: 1, count: 10, accuracy: 0.5 });
    expect(top?.meanScore).toBeCloseTo(0.95);
    expect(calibration?.bins[2]).toMatchObject({ count: 10, accuracy: 0.4 });
    expect(calibration?.bins[5]).toMatchObject({ count: 0, meanScore: null, accuracy: null });
  });

  it("puts a score in the bin it falls in, one on an edge in the bin it opens", () => {
    const binOf = (score: number) =>
      measureCalibration([{ score, right: true }])?.bins.findIndex((bin) => bin.count === 1);
    expect(binOf(0.3)).toBe(3);
    expect(binOf(0.39)).toBe(3);
    expect(binOf(0)).toBe(0);
    expect(binOf(1)).toBe(9);
    expect(measureCalibration([{ score: 0.5, right: true }])?.bins).toHaveLength(10);
  });

  it("has nothing to say without scores, and refuses a score that is not a probability", () => {
    expect(measureCalibration([])).toBeNull();
    expect(() => measureCalibration([{ score: 1.2, right: true }])).toThrow(/probability/);
    expect(() => measureCalibration([{ score: Number.NaN, right: true }])).toThrow(/probability/);
  });
});
