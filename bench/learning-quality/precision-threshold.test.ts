import { describe, expect, it } from "vitest";
import {
  lowestThresholdAtPrecision,
  precisionCurve,
  share,
  type Candidate,
} from "./precision-threshold";

const candidate = (value: number, right: boolean): Candidate => ({ value, right });
// Of 10 messages, 7 have a scored proposal.
const candidates = [
  candidate(0.95, true),
  candidate(0.9, true),
  candidate(0.8, true),
  candidate(0.8, false),
  candidate(0.6, true),
  candidate(0.3, false),
  candidate(0.7, true),
];

describe("share", () => {
  it("is coverage over all messages and precision over those taken", () => {
    expect(share(4, 3, 10)).toEqual({ count: 4, right: 3, coverage: 0.4, precision: 0.75 });
    expect(share(0, 0, 10).precision).toBeNull();
    expect(share(0, 0, 0).coverage).toBe(0);
  });
});

describe("precisionCurve", () => {
  const curve = precisionCurve(candidates, 20, 10);
  const at = (threshold: number) =>
    curve.find((point) => Math.abs(point.threshold - threshold) < 1e-9);

  it("traces coverage and precision as the threshold rises", () => {
    expect(curve).toHaveLength(21);
    expect(at(0)).toMatchObject({ count: 7, right: 5, coverage: 0.7 });
    // 0.8 is on the line: both 0.8 scores count, though 0.8 is not exactly 16 × 0.05 in floating point.
    expect(at(0.8)).toMatchObject({ count: 4, right: 3, precision: 0.75 });
    expect(at(0.95)).toMatchObject({ count: 1, right: 1, precision: 1 });
    expect(at(1)).toMatchObject({ count: 0, precision: null });
  });
});

describe("lowestThresholdAtPrecision", () => {
  it("finds the lowest exact threshold that keeps precision at the target", () => {
    expect(lowestThresholdAtPrecision(candidates, 0.99, 10)).toMatchObject({
      threshold: 0.9,
      count: 2,
      right: 2,
      coverage: 0.2,
    });
    // ≥ 0.6: 5 of 6 right; ≥ 0.3 would be 5 of 7, under 0.75.
    expect(lowestThresholdAtPrecision(candidates, 0.75, 10)).toMatchObject({
      threshold: 0.6,
      count: 6,
      right: 5,
    });
  });

  it("keeps the lowest qualifying threshold even when precision dips above it", () => {
    // ≥ 0.9: 1 of 2; ≥ 0.5: 3 of 4.
    const dipping = [
      candidate(0.95, true),
      candidate(0.9, false),
      candidate(0.6, true),
      candidate(0.5, true),
    ];
    expect(lowestThresholdAtPrecision(dipping, 0.75, 4)).toMatchObject({ threshold: 0.5 });
  });

  it("takes all candidates of one value or none of them", () => {
    const tied = [candidate(0.9, true), candidate(0.9, false), candidate(0.5, false)];
    expect(lowestThresholdAtPrecision(tied, 0.99, 3)).toBeNull();
    expect(lowestThresholdAtPrecision([], 0.99, 0)).toBeNull();
  });
});
