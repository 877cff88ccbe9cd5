// The sequential test must keep its promise when looked at after every reply: simulated A/A experiments (two arms
// with the same rate) checked at every observation declare a difference at most α of the time, while a planted
// difference is found, in the right direction, and the always-valid interval holds the true difference.
import { describe, expect, it } from "vitest";
import { createRandom as seeded } from "../matching/synthetic-corpus";
import { compareArms, trialsNeeded, type ArmTally } from "./sequential-test";

type Run = { declared: "control" | "treatment" | null; at: number; intervalMissed: boolean };

/**
 * One simulated experiment: customers alternate at random between the arms, each reply's outcome drawn at the
 * arm's true rate; the test is consulted after every single reply, and the first declaration ends it.
 */
function simulate(
  rates: { control: number; treatment: number },
  replies: number,
  random: () => number,
  alpha = 0.05,
): Run {
  const control: ArmTally = { trials: 0, successes: 0 };
  const treatment: ArmTally = { trials: 0, successes: 0 };
  const truth = rates.treatment - rates.control;
  let pValue = 1;
  let intervalMissed = false;
  for (let n = 1; n <= replies; n++) {
    const arm = random() < 0.5 ? control : treatment;
    arm.trials++;
    if (random() < (arm === control ? rates.control : rates.treatment)) arm.successes++;
    const look = compareArms(control, treatment, { alpha }, pValue);
    pValue = look.pValue;
    if (truth < look.interval.low || truth > look.interval.high) intervalMissed = true;
    if (look.better) return { declared: look.better, at: n, intervalMissed };
  }
  return { declared: null, at: replies, intervalMissed };
}

describe("compareArms: the mixture sequential test", () => {
  it("keeps the false-positive rate at or below α over A/A experiments checked after every reply", () => {
    const random = seeded(20261202);
    const experiments = 400;
    const alpha = 0.05;
    let falsePositives = 0;
    let intervalMisses = 0;
    for (let e = 0; e < experiments; e++) {
      // Rates across the range a reply's outcome takes (acceptance, asking again, thanks).
      const rate = [0.1, 0.3, 0.5, 0.8][e % 4]!;
      const run = simulate({ control: rate, treatment: rate }, 2_000, random, alpha);
      if (run.declared) falsePositives++;
      if (run.intervalMissed) intervalMisses++;
    }
    // 400 experiments × 2,000 looks each. A fixed-horizon test peeked at this often would declare in well over
    // a third of them; the always-valid one stays under α.
    expect(falsePositives / experiments).toBeLessThanOrEqual(alpha);
    expect(intervalMisses / experiments).toBeLessThanOrEqual(alpha);
  });

  it("finds a planted difference in the right direction, and its interval holds the true difference", () => {
    const random = seeded(7);
    const runs = Array.from({ length: 60 }, () =>
      simulate({ control: 0.3, treatment: 0.4 }, 6_000, random),
    );
    const found = runs.filter((run) => run.declared === "treatment").length;
    expect(runs.filter((run) => run.declared === "control")).toHaveLength(0);
    expect(found / runs.length).toBeGreaterThanOrEqual(0.9);
    expect(runs.filter((run) => run.intervalMissed).length / runs.length).toBeLessThanOrEqual(0.05);
    // What trialsNeeded says is about what the runs took (per arm, half the replies).
    const median = runs.map((run) => run.at / 2).sort((a, b) => a - b)[runs.length / 2]!;
    const needed = trialsNeeded(0.3, 0.4);
    expect(needed).toBeGreaterThan(median / 3);
    expect(needed).toBeLessThan(median * 3);
  });

  it("declares nothing before each arm has its minimum of replies, however different they look", () => {
    const look = compareArms({ trials: 40, successes: 2 }, { trials: 40, successes: 38 });
    expect(look.better).toBeNull();
    expect(look.pValue).toBe(1);
    expect(look.interval).toEqual({ low: -1, high: 1 });
    const later = compareArms({ trials: 100, successes: 5 }, { trials: 100, successes: 95 });
    expect(later.better).toBe("treatment");
    expect(later.interval.low).toBeGreaterThan(0.5);
  });

  it("never lets the p-value rise from one look to the next", () => {
    const strong = compareArms({ trials: 200, successes: 60 }, { trials: 200, successes: 100 });
    const weaker = compareArms(
      { trials: 400, successes: 140 },
      { trials: 400, successes: 150 },
      {},
      strong.pValue,
    );
    expect(weaker.pValue).toBe(strong.pValue);
    expect(weaker.better).toBe(strong.better);
  });

  it("refuses impossible tallies and options with a clear message", () => {
    expect(() => compareArms({ trials: 10, successes: 11 }, { trials: 10, successes: 1 })).toThrow(
      /control: successes must be a whole number between 0 and the trials, 10/,
    );
    expect(() => compareArms({ trials: -1, successes: 0 }, { trials: 1, successes: 0 })).toThrow(
      /trials must be a whole number/,
    );
    expect(() => compareArms({ trials: 1, successes: 0 }, { trials: 1.5, successes: 0 })).toThrow(
      /treatment/,
    );
    expect(() =>
      compareArms({ trials: 1, successes: 0 }, { trials: 1, successes: 0 }, { alpha: 0 }),
    ).toThrow(/alpha must be in \(0, 1\)/);
    expect(() => trialsNeeded(1.2, 0.4)).toThrow(/control rate must be in \[0, 1\]/);
  });

  it("needs more replies for a smaller difference, and none can be enough for no difference", () => {
    expect(trialsNeeded(0.3, 0.32)).toBeGreaterThan(trialsNeeded(0.3, 0.4));
    expect(trialsNeeded(0.3, 0.4)).toBeGreaterThan(trialsNeeded(0.3, 0.6));
    expect(trialsNeeded(0.5, 0.5)).toBe(Infinity);
  });
});
