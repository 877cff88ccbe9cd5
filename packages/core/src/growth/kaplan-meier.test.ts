// Checked against the published worked example: Freireich et al. (1963) 6-MP leukaemia remission data, as worked
// in Kleinbaum & Klein, "Survival Analysis: A Self-Learning Text" (3rd ed., ch. 2) and R's survfit.
import { describe, expect, it } from "vitest";
import { kaplanMeier, survivalAt, survivalQuantile, type SurvivalSpell } from "./kaplan-meier";
import { fixedGroupTallies, logRank, chiSquare1Upper } from "./log-rank";

// 6-MP group: "+" marks censored.
const sixMp = "6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+ 19+ 20+ 22 23 25+ 32+ 32+ 34+ 35+".split(" ");
const placebo = "1 1 2 2 3 4 4 5 5 8 8 8 8 11 11 12 12 15 17 22 23".split(" ");
const toSpells = (list: string[]): SurvivalSpell[] =>
  list.map((v) => ({ entry: 0, exit: Number.parseInt(v, 10), event: !v.endsWith("+") }));

describe("kaplanMeier on the 6-MP leukaemia data", () => {
  const steps = kaplanMeier(toSpells(sixMp));

  it("gives the textbook survival estimates", () => {
    const expected: [number, number][] = [
      [6, 0.857],
      [7, 0.807],
      [10, 0.753],
      [13, 0.69],
      [16, 0.627],
      [22, 0.538],
      [23, 0.448],
    ];
    expect(steps.map((s) => [s.time, Number(s.survival.toFixed(3))])).toEqual(expected);
    expect(steps.map((s) => s.atRisk)).toEqual([21, 17, 15, 12, 11, 7, 6]);
  });

  it("gives R survfit's median 23 with 95% interval (16, NA)", () => {
    expect(survivalQuantile(steps, 0.5)).toEqual({ estimate: 23, lower: 16, upper: null });
  });

  it("gives the placebo group's median of 8 weeks", () => {
    expect(survivalQuantile(kaplanMeier(toSpells(placebo)), 0.5).estimate).toBe(8);
  });

  it("reads survival between steps", () => {
    expect(survivalAt(steps, 5)).toBe(1);
    expect(survivalAt(steps, 12)).toBeCloseTo(0.753, 3);
  });

  it("counts a late entrant only from its entry (left truncation)", () => {
    // Entering at 20, the spell is not at risk at 6..16 and joins the risk set at 22.
    const late = kaplanMeier([...toSpells(sixMp), { entry: 20, exit: 30, event: false }]);
    expect(late.map((s) => s.atRisk)).toEqual([21, 17, 15, 12, 11, 8, 7]);
    expect(late[0]!.survival).toBeCloseTo(steps[0]!.survival, 12);
  });
});

describe("logRank against the 6-MP vs placebo example", () => {
  const spells = [
    ...toSpells(sixMp).map((s) => ({ ...s, group1: false })),
    ...toSpells(placebo).map((s) => ({ ...s, group1: true })),
  ];
  const result = logRank(fixedGroupTallies(spells));

  it("gives O = 21, E = 10.75, chi-square 16.79 (Kleinbaum & Klein)", () => {
    expect(result.observed1).toBe(21);
    expect(result.expected1).toBeCloseTo(10.75, 2);
    expect(result.variance).toBeCloseTo(6.257, 3);
    expect(result.chiSquare).toBeCloseTo(16.79, 2);
    expect(result.pValue).toBeCloseTo(4.17e-5, 6);
  });

  it("p-value of a chi-square of 3.841 is 0.05", () => {
    expect(chiSquare1Upper(3.841459)).toBeCloseTo(0.05, 6);
  });
});
