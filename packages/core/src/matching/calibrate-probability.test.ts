import { describe, expect, it } from "vitest";
import { createRandom } from "../testing";
import {
  assessProposal,
  fitCalibration,
  wilsonLowerBound,
  type Judgment,
  type ProposalEvidence,
} from "./calibrate-probability";

// A business whose proposals are right more often the surer the classifier is; near the top, very often.
const truth = (p: number) => 1 - 0.8 * (1 - p) ** 2;
const evidenceAt = (p: number): ProposalEvidence => ({
  probability: p,
  margin: p / 2,
  similarity: p,
  examples: 10,
});
function judgments(count: number, seed: number): Judgment[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => {
    const p = random();
    return { evidence: evidenceAt(p), correct: random() < truth(p) };
  });
}

describe("wilsonLowerBound", () => {
  it("is the lower end of the one-sided 95% Wilson interval", () => {
    // p = 0.99, n = 100, z = 1.645: (0.99 + z²/200 − z·sqrt(0.99·0.01/100 + z²/40000)) / (1 + z²/100).
    expect(wilsonLowerBound(99, 100)).toBeCloseTo(0.9564, 4);
    expect(wilsonLowerBound(0, 10)).toBe(0);
    expect(wilsonLowerBound(0, 0)).toBe(0);
    // All right is not certainty, and more of them is more sure.
    expect(wilsonLowerBound(100, 100)).toBeLessThan(0.98);
    expect(wilsonLowerBound(1000, 1000)).toBeGreaterThan(wilsonLowerBound(100, 100));
  });
});

describe("the calibration's reading of a proposal", () => {
  const calibration = fitCalibration(judgments(6000, 1))!;
  const sweep = Array.from({ length: 1001 }, (_, i) =>
    assessProposal(calibration, evidenceAt(i / 1000)),
  );

  it("never reads lower, in probability or in precision above, as the evidence grows surer", () => {
    for (let i = 1; i < sweep.length; i++) {
      expect(sweep[i]!.probability).toBeGreaterThanOrEqual(sweep[i - 1]!.probability - 1e-12);
      expect(sweep[i]!.precisionAbove).toBeGreaterThanOrEqual(sweep[i - 1]!.precisionAbove);
    }
  });

  it("tells apart two proposals that fall in one block of judgments", () => {
    // A step map gives every proposal of a block one number; between blocks' centres the map is linear.
    const distinct = new Set(sweep.slice(900).map((a) => a.probability));
    expect(distinct.size).toBeGreaterThan(50);
  });

  it("keeps the automatic replies' precision on judgments it never saw, and covers more than p ≥ 0.99 would", () => {
    const heldOut = judgments(20_000, 2);
    const byPrecision = heldOut.filter(
      (j) => assessProposal(calibration, j.evidence).precisionAbove >= 0.99,
    );
    const byProbability = heldOut.filter(
      (j) => assessProposal(calibration, j.evidence).probability >= 0.99,
    );
    const precision = byPrecision.filter((j) => j.correct).length / byPrecision.length;
    expect(precision).toBeGreaterThanOrEqual(0.99);
    expect(byPrecision.length).toBeGreaterThan(byProbability.length);
    expect(byPrecision.length / heldOut.length).toBeGreaterThan(0.05);
  });

  it("claims no precision above that its judgments do not show", () => {
    // Half right whatever the evidence: nothing reaches 99%.
    const random = createRandom(3);
    const coinFlips = Array.from({ length: 2000 }, () => ({
      evidence: evidenceAt(random()),
      correct: random() < 0.5,
    }));
    const flat = fitCalibration(coinFlips)!;
    expect(assessProposal(flat, evidenceAt(1)).precisionAbove).toBeLessThan(0.6);
  });
});
