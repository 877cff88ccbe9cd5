import { describe, expect, it } from "vitest";
import { emptyTally, isPoorOutcome, outcomeConfidence } from "./outcome-confidence";

describe("outcome confidence", () => {
  it("is (0.5 completion + 0.3 rating / 5 + 0.2 positive) × min(1, attempts / 5)", () => {
    // 3 of 4 completed, ratings 4 and 5, 2 positive: (0.375 + 0.27 + 0.1) × 0.8
    expect(
      outcomeConfidence({ attempts: 4, completed: 3, ratingSum: 9, ratings: 2, positive: 2 }),
    ).toBe(0.6);
    expect(
      outcomeConfidence({ attempts: 10, completed: 10, ratingSum: 50, ratings: 10, positive: 10 }),
    ).toBe(1);
  });

  it("is null without attempts and gives nothing for ratings never given", () => {
    expect(outcomeConfidence(emptyTally())).toBeNull();
    expect(
      outcomeConfidence({ attempts: 5, completed: 5, ratingSum: 0, ratings: 0, positive: 0 }),
    ).toBe(0.5);
  });

  it("flags poor outcomes only with 5 attempts or more", () => {
    const bad = { attempts: 4, completed: 0, ratingSum: 4, ratings: 4, positive: 0 };
    expect(isPoorOutcome(bad)).toBe(false);
    expect(isPoorOutcome({ ...bad, attempts: 5, ratingSum: 5, ratings: 5 })).toBe(true);
    expect(
      isPoorOutcome({ attempts: 5, completed: 4, ratingSum: 20, ratings: 5, positive: 2 }),
    ).toBe(false);
  });
});
