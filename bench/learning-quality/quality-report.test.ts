import { describe, expect, it } from "vitest";
import { decisionLevels } from "../history/playbook-cli";
import type { JudgedAnswer } from "./judge-answers";
import {
  formatHindsight,
  formatReliability,
  formatSideBySide,
  summariseAnswers,
} from "./quality-report";

function answer(
  decision: JudgedAnswer["decision"],
  right: boolean,
  extra: Partial<JudgedAnswer> = {},
): JudgedAnswer {
  return {
    messageId: "m",
    outOfScope: false,
    foreign: false,
    decision,
    proposed: decision !== "none",
    right,
    top1Right: right,
    carriesAnswer: right,
    score: null,
    matchScore: null,
    confidence: null,
    ...extra,
  };
}

// 8 in scope, 2 out of scope.
const answers: JudgedAnswer[] = [
  answer("auto", true, { score: 0.95, matchScore: 0.95 }),
  answer("auto", true, { score: 0.9, matchScore: 0.9 }),
  answer("suggest", true, { score: 0.75, matchScore: 0.8 }),
  answer("suggest", false, { score: 0.75, matchScore: 0.8, carriesAnswer: true }),
  answer("queue", true, { matchScore: 0.6 }),
  answer("shadow", false, { score: 0.1 }),
  answer("none", false, { top1Right: true }),
  answer("escalate", false, { proposed: false }),
  answer("auto", false, { outOfScope: true, score: 0.92 }),
  answer("suggest", false, { outOfScope: true, score: 0.2 }),
];

describe("summariseAnswers", () => {
  const report = summariseAnswers("Playbook", answers, { decisions: decisionLevels });

  it("counts top-1 from the best candidate, whatever was decided, in scope and overall", () => {
    expect(report.inScope.messages).toBe(8);
    // The "none" one proposed nothing, but its best candidate was right.
    expect(report.inScope.top1Accuracy).toBeCloseTo(5 / 8);
    expect(report.all.top1Accuracy).toBeCloseTo(5 / 10);
  });

  it("lowers the bar step by step, ending with any proposal", () => {
    const steps = report.inScope.cumulative.map((step) => [step.through, step.count, step.right]);
    expect(steps).toEqual([
      ["auto", 2, 2],
      ["auto+suggest", 4, 3],
      ["auto+suggest+queue", 5, 4],
      ["any proposal", 6, 4],
    ]);
    expect(report.inScope.cumulative[1]).toMatchObject({ coverage: 0.5, precision: 0.75 });
    expect(report.all.cumulative[0]).toMatchObject({ count: 3, right: 2, coverage: 0.3 });
    expect(report.inScope.levels.find((level) => level.decision === "shadow")).toMatchObject({
      count: 1,
      right: 0,
    });
  });

  it("leaves out a step whose levels the system lacks", () => {
    const baseline = summariseAnswers("baseline", answers.slice(0, 4), {
      decisions: ["auto", "suggest", "none"],
    });
    expect(baseline.all.cumulative.map((step) => step.through)).toEqual([
      "auto",
      "auto+suggest",
      "any proposal",
    ]);
  });

  it("reports how often out-of-scope messages are answered automatically or suggested", () => {
    expect(report.outOfScope.messages).toBe(2);
    expect(report.outOfScope.auto).toMatchObject({ count: 1, coverage: 0.5, right: 0 });
    expect(report.outOfScope.suggest).toMatchObject({ count: 1, coverage: 0.5 });
  });

  it("counts another business's questions apart, neither in scope nor held out", () => {
    const mixed = summariseAnswers(
      "Playbook",
      [
        ...answers,
        answer("auto", false, { foreign: true }),
        answer("suggest", true, { foreign: true }),
        answer("none", false, { foreign: true }),
        answer("shadow", false, { foreign: true }),
      ],
      { decisions: decisionLevels },
    );
    expect(mixed.inScope.messages).toBe(8);
    expect(mixed.outOfScope.messages).toBe(2);
    expect(mixed.all.messages).toBe(14);
    expect(mixed.foreign.messages).toBe(4);
    expect(mixed.foreign.auto).toMatchObject({ count: 1, coverage: 0.25, right: 0 });
    expect(mixed.foreign.suggest).toMatchObject({ count: 1, coverage: 0.25, right: 1 });
    const text = formatSideBySide([mixed]);
    expect(text).toMatch(/^another business's questions \(4 messages\)$/m);
    expect(text).toMatch(/^another business's questions[^]*^ {2}auto rate\s+25\.0%\s+1 of 4$/m);
    // Without any, the rows are left out.
    expect(formatSideBySide([report])).not.toContain("another business");
  });

  it("counts proposals judged wrong though they hold the right answer", () => {
    expect(report.wrongByDressing).toEqual({ count: 1, proposals: 8 });
  });

  it("calibrates over every answer with a score and a proposal", () => {
    // Scores 0.95, 0.9, 0.92 (bin 0.9-1: 2 of 3 right), 0.75 ×2 (1 of 2), 0.1 (0 of 1), 0.2 (0 of 1).
    expect(report.calibration?.count).toBe(7);
    const expected =
      (3 / 7) * Math.abs(2 / 3 - (0.95 + 0.9 + 0.92) / 3) +
      (2 / 7) * Math.abs(0.5 - 0.75) +
      (1 / 7) * 0.1 +
      (1 / 7) * 0.2;
    expect(report.calibration?.expectedCalibrationError).toBeCloseTo(expected);
    const unscored = summariseAnswers("x", [answer("auto", true)], { decisions: decisionLevels });
    expect(unscored.calibration).toBeNull();
  });

  it("sweeps thresholds in hindsight over each signal it has", () => {
    expect(report.sweeps.matchScore?.best).toMatchObject({ threshold: 0.9, count: 2 });
    expect(report.sweeps.confidence).toBeNull();
    expect(formatHindsight(report).join("\n")).toContain(
      "Playbook match score ≥ 0.900: coverage 20.0% at precision 100.0% (2 messages)",
    );
  });
});

describe("formatSideBySide", () => {
  it("prints both systems' coverage and precision on each row, and what a system lacks", () => {
    const playbook = summariseAnswers("Playbook", answers, { decisions: decisionLevels });
    const baseline = summariseAnswers("baseline", answers.slice(0, 4), {
      decisions: ["auto", "suggest", "none"],
    });
    const text = formatSideBySide([playbook, baseline]);
    expect(text).toMatch(/^\s+Playbook\s+baseline$/m);
    expect(text).toMatch(/^in scope \(8 messages\)$/m);
    expect(text).toMatch(/^ {2}auto\s+25\.0%\s+100\.0%\s+50\.0%\s+100\.0%$/m);
    expect(text).toMatch(/^ {2}auto\+suggest\+queue\s+62\.5%\s+80\.0%\s+n\/a\s+n\/a$/m);
    expect(text).toMatch(/^ {2}top-1\s+62\.5%\s+75\.0%$/m);
    expect(text).toMatch(/^ {2}wrong, though the right answer\s+1 of 8\s+1 of 4$/m);
    expect(text).toMatch(/^ {2}auto rate\s+50\.0%\s+1 of 2\s+0\.0%\s+0 of 2$/m);
    expect(text).toMatch(/^ {2}ECE, 10 bins\s+\d\.\d{3}\s+7 scored\s+\d\.\d{3}\s+4 scored$/m);
  });

  it("says so when a system gives no score", () => {
    const unscored = summariseAnswers("Playbook", [answer("auto", true)], {
      decisions: decisionLevels,
    });
    expect(formatSideBySide([unscored])).toMatch(/ECE, 10 bins\s+no score/);
    expect(formatReliability(unscored)).toBe("Playbook: no score");
  });
});

describe("formatReliability", () => {
  it("prints each bin's count, mean score and accuracy", () => {
    const report = summariseAnswers("Playbook", answers, { decisions: decisionLevels });
    const text = formatReliability(report);
    expect(text).toMatch(/^ {2}0\.9-1\.0\s+3\s+0\.923\s+66\.7%$/m);
    expect(text).toMatch(/^ {2}0\.5-0\.6\s+0\s+-\s+-$/m);
  });
});
