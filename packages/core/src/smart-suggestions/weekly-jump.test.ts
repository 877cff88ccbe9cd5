import { describe, expect, it } from "vitest";
import { binomialUpperTail, findWeeklyJump, type JumpRule } from "./weekly-jump";

const rule: JumpRule = { minWeekCount: 10, minDayCount: 5, minRatio: 1.5, alpha: 0.001 };

// A seeded generator and Poisson draws by inversion: the same series on every run.
function poissonSeries(seed: number) {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return (state + 0.5) / 2 ** 32;
  };
  return (mean: number) => {
    let k = 0;
    let p = Math.exp(-mean);
    let cdf = p;
    const u = uniform();
    while (u > cdf) {
      k += 1;
      p *= mean / k;
      cdf += p;
    }
    return k;
  };
}

describe("binomialUpperTail", () => {
  it("agrees with the sum of binomial terms computed by counting", () => {
    const choose = (n: number, k: number) => {
      let c = 1;
      for (let i = 1; i <= k; i++) c = (c * (n - i + 1)) / i;
      return c;
    };
    for (const [k, n, p] of [
      [3, 5, 0.5],
      [0, 4, 0.3],
      [7, 20, 0.125],
      [20, 20, 0.9],
      [1, 12, 0.01],
    ] as const) {
      let exact = 0;
      for (let i = k; i <= n; i++) exact += choose(n, i) * p ** i * (1 - p) ** (n - i);
      expect(binomialUpperTail(k, n, p)).toBeCloseTo(exact, 12);
    }
    expect(binomialUpperTail(6, 5, 0.5)).toBe(0);
  });
});

describe("findWeeklyJump", () => {
  const weeks = (count: number, perDay: (day: number) => number) =>
    Array.from({ length: count * 7 }, (_, day) => perDay(day));

  it("needs three weeks of history before the last one", () => {
    expect(findWeeklyJump(weeks(2, () => 1).concat([50, 50, 50, 50, 50, 50, 50]), rule)).toBeNull();
    expect(
      findWeeklyJump(weeks(3, () => 1).concat([50, 50, 50, 50, 50, 50, 50]), rule),
    ).toMatchObject({ scope: "week", observed: 350, expected: 7, baselineWeeks: 3 });
  });

  it("finds a doubled week and says how sure it is", () => {
    const draw = poissonSeries(7);
    const history = weeks(7, () => draw(10));
    const lastWeek = Array.from({ length: 7 }, () => draw(25));
    const jump = findWeeklyJump(history.concat(lastWeek), rule);
    expect(jump?.scope).toBe("week");
    expect(jump!.observed).toBeGreaterThan(2 * jump!.expected);
    expect(jump!.pValue).toBeLessThan(1e-6);
  });

  it("takes the weekday into account: a busy Saturday is not news, a Saturday's load on a Tuesday is", () => {
    // Day 0 of the series is a Monday; Saturdays (index 5 of each week) carry 30, other days 2.
    const usual = (day: number) => (day % 7 === 5 ? 30 : 2);
    const history = weeks(7, usual);
    expect(findWeeklyJump(history.concat([2, 2, 2, 2, 2, 30, 2]), rule)).toBeNull();
    // 14 on a Tuesday: the week as a whole rose by a quarter only, the Tuesday sevenfold.
    const jump = findWeeklyJump(history.concat([2, 14, 2, 2, 2, 30, 2]), rule);
    expect(jump).toMatchObject({ scope: "day", dayIndex: 49 + 1, observed: 14, expected: 2 });
  });

  it("ignores small counts even when the rise is steep", () => {
    expect(findWeeklyJump(weeks(7, () => 0).concat([0, 0, 3, 0, 0, 0, 0]), rule)).toBeNull();
  });

  it("raises few false alarms on steady traffic checked every week", () => {
    // 2,000 steady series at several volumes: at alpha 0.001 per test (the week, then seven days at alpha/7),
    // a handful of alarms at most is what chance allows; more would mean the test is anticonservative.
    let alarms = 0;
    const series = 2_000;
    for (let s = 0; s < series; s++) {
      const draw = poissonSeries(1000 + s);
      const mean = [1, 4, 12, 40][s % 4]!;
      if (
        findWeeklyJump(
          weeks(8, () => draw(mean)),
          rule,
        ) !== null
      )
        alarms += 1;
    }
    expect(alarms / series).toBeLessThanOrEqual(0.004);
  });
});
