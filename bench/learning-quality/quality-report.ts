// Sums up one system's judged answers (top-1, coverage and precision as the bar is lowered, out-of-scope traffic,
// calibration) and prints systems side by side.
import { measureCalibration, type Calibration } from "./calibration";
import type { JudgedAnswer } from "./judge-answers";
import {
  lowestThresholdAtPrecision,
  precisionCurve,
  share,
  type Candidate,
  type Share,
  type ThresholdPoint,
} from "./precision-threshold";

type Decision = JudgedAnswer["decision"];

/** Each step lowers the bar: what a system would send automatically, then also suggest, queue, or propose at all. */
export const cumulativeSteps = [
  { through: "auto", decisions: ["auto"] },
  { through: "auto+suggest", decisions: ["auto", "suggest"] },
  { through: "auto+suggest+queue", decisions: ["auto", "suggest", "queue"] },
  { through: "any proposal", decisions: null },
] as const satisfies readonly { through: string; decisions: readonly Decision[] | null }[];
export type CumulativeStep = (typeof cumulativeSteps)[number]["through"];

export interface ScopeFigures {
  messages: number;
  /** Share of messages whose best candidate's reply was right; null without messages. */
  top1Accuracy: number | null;
  levels: ({ decision: Decision } & Share)[];
  /** A step whose levels the system does not have (the baseline has no queue) is left out. */
  cumulative: ({ through: CumulativeStep } & Share)[];
}

export interface OutOfScopeFigures {
  messages: number;
  /** coverage is the out-of-scope auto-answer rate; right counts those a reply learned during the replay got right. */
  auto: Share;
  suggest: Share;
}

export interface Sweep {
  /** Coverage and precision over all messages as a threshold on the value rises. */
  curve: ThresholdPoint[];
  /** In hindsight, on the test part itself: the lowest threshold keeping precision at the target. */
  best: ThresholdPoint | null;
}

export interface SystemReport {
  name: string;
  decisions: readonly Decision[];
  inScope: ScopeFigures;
  all: ScopeFigures;
  outOfScope: OutOfScopeFigures;
  /** Another business's questions, answered with a holding reply: no automatic reply is right for them. */
  foreign: OutOfScopeFigures;
  /** Proposals judged wrong though they hold the right canned reply word for word: the dressing differs. */
  wrongByDressing: { count: number; proposals: number };
  /** Of `score` against strict rightness, over every answer with a score and a proposal; null without scores. */
  calibration: Calibration | null;
  precisionTarget: number;
  sweeps: { score: Sweep | null; matchScore: Sweep | null; confidence: Sweep | null };
}

function scopeFigures(
  answers: readonly JudgedAnswer[],
  decisions: readonly Decision[],
): ScopeFigures {
  const total = answers.length;
  const shareOf = (taken: readonly JudgedAnswer[]) =>
    share(taken.length, taken.filter((answer) => answer.right).length, total);
  return {
    messages: total,
    top1Accuracy: total === 0 ? null : answers.filter((answer) => answer.top1Right).length / total,
    levels: decisions.map((decision) => ({
      decision,
      ...shareOf(answers.filter((answer) => answer.decision === decision)),
    })),
    cumulative: cumulativeSteps.flatMap(
      ({ through, decisions: taking }): ScopeFigures["cumulative"] => {
        if (taking === null)
          return [{ through, ...shareOf(answers.filter((answer) => answer.proposed)) }];
        if (!taking.every((decision) => decisions.includes(decision))) return [];
        const within = new Set<Decision>(taking);
        return [{ through, ...shareOf(answers.filter((answer) => within.has(answer.decision))) }];
      },
    ),
  };
}

function sweep(
  answers: readonly JudgedAnswer[],
  value: (answer: JudgedAnswer) => number | null,
  options: { precisionTarget: number; steps: number },
): Sweep | null {
  const candidates = answers.flatMap((answer): Candidate[] => {
    const at = value(answer);
    return answer.proposed && at !== null ? [{ value: at, right: answer.right }] : [];
  });
  if (candidates.length === 0) return null;
  return {
    curve: precisionCurve(candidates, options.steps, answers.length),
    best: lowestThresholdAtPrecision(candidates, options.precisionTarget, answers.length),
  };
}

export function summariseAnswers(
  name: string,
  answers: readonly JudgedAnswer[],
  options: { decisions: readonly Decision[]; precisionTarget?: number; steps?: number },
): SystemReport {
  const { decisions } = options;
  const precisionTarget = options.precisionTarget ?? 0.99;
  const sweepOptions = { precisionTarget, steps: options.steps ?? 20 };
  const outsideFigures = (outside: readonly JudgedAnswer[]): OutOfScopeFigures => {
    const at = (decision: Decision) => {
      const taken = outside.filter((answer) => answer.decision === decision);
      return share(taken.length, taken.filter((answer) => answer.right).length, outside.length);
    };
    return { messages: outside.length, auto: at("auto"), suggest: at("suggest") };
  };
  return {
    name,
    decisions,
    inScope: scopeFigures(
      answers.filter((answer) => !answer.outOfScope && !answer.foreign),
      decisions,
    ),
    all: scopeFigures(answers, decisions),
    outOfScope: outsideFigures(answers.filter((answer) => answer.outOfScope)),
    foreign: outsideFigures(answers.filter((answer) => answer.foreign)),
    wrongByDressing: {
      count: answers.filter((answer) => answer.proposed && answer.carriesAnswer && !answer.right)
        .length,
      proposals: answers.filter((answer) => answer.proposed).length,
    },
    calibration: measureCalibration(
      answers.flatMap((answer) =>
        answer.proposed && answer.score !== null
          ? [{ score: answer.score, right: answer.right }]
          : [],
      ),
    ),
    precisionTarget,
    sweeps: {
      score: sweep(answers, (answer) => answer.score, sweepOptions),
      matchScore: sweep(answers, (answer) => answer.matchScore, sweepOptions),
      confidence: sweep(answers, (answer) => answer.confidence, sweepOptions),
    },
  };
}

const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? "-" : `${(value * 100).toFixed(1)}%`;

/** Plain-text columns: the first aligned left, the others right. */
function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => (widths[column] = Math.max(widths[column] ?? 0, cell.length)));
  }
  return rows
    .map((row) =>
      row
        .map((cell, column) =>
          column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0),
        )
        .join("   ")
        .trimEnd(),
    )
    .join("\n");
}

function scopeRows(title: string, scopes: readonly ScopeFigures[]): string[][] {
  const messages = scopes[0]?.messages ?? 0;
  return [
    [`${title} (${messages} messages)`],
    ["  top-1", ...scopes.flatMap((scope) => ["", percent(scope.top1Accuracy)])],
    ...cumulativeSteps.map(({ through }) => [
      `  ${through}`,
      ...scopes.flatMap((scope) => {
        const step = scope.cumulative.find((entry) => entry.through === through);
        return step === undefined
          ? ["n/a", "n/a"]
          : [percent(step.coverage), percent(step.precision)];
      }),
    ]),
  ];
}

// Another business's questions, when the run mixed them in: every automatic reply to one is a wrong one (the
// operator only ever gave them a holding reply, which must not go out by itself).
function foreignRows(reports: readonly SystemReport[]): string[][] {
  const count = reports[0]?.foreign.messages ?? 0;
  if (count === 0) return [];
  const rate = (entry: Share) => [percent(entry.coverage), `${entry.count} of ${count}`];
  return [
    [`another business's questions (${count} messages)`],
    ["  auto rate", ...reports.flatMap((report) => rate(report.foreign.auto))],
    ["  suggest rate", ...reports.flatMap((report) => rate(report.foreign.suggest))],
  ];
}

/** The systems' figures in one table, a pair of columns (coverage, precision) per system. */
export function formatSideBySide(reports: readonly SystemReport[]): string {
  const outOfScope = reports[0]?.outOfScope.messages ?? 0;
  const rate = (entry: Share) => [percent(entry.coverage), `${entry.count} of ${outOfScope}`];
  return formatTable([
    ["", ...reports.flatMap((report) => [report.name, ""])],
    ["", ...reports.flatMap(() => ["coverage", "precision"])],
    ...scopeRows(
      "in scope",
      reports.map((report) => report.inScope),
    ),
    ...scopeRows(
      "all",
      reports.map((report) => report.all),
    ),
    [
      "  wrong, though the right answer",
      ...reports.flatMap((report) => [
        "",
        `${report.wrongByDressing.count} of ${report.wrongByDressing.proposals}`,
      ]),
    ],
    [`out of scope (${outOfScope} messages)`],
    ["  auto rate", ...reports.flatMap((report) => rate(report.outOfScope.auto))],
    // Replay goes on learning: once an operator answered a held-out intent, later automatic replies to it can be
    // right. The wrong ones are the unknown questions answered with another intent's reply.
    [
      "  auto rate, wrong reply",
      ...reports.flatMap((report) => {
        const { auto } = report.outOfScope;
        const wrong = auto.count - auto.right;
        return [percent(outOfScope === 0 ? 0 : wrong / outOfScope), `${wrong} of ${outOfScope}`];
      }),
    ],
    ["  suggest rate", ...reports.flatMap((report) => rate(report.outOfScope.suggest))],
    ...foreignRows(reports),
    ["calibration of score"],
    [
      "  ECE, 10 bins",
      ...reports.flatMap((report) =>
        report.calibration === null
          ? ["no score", ""]
          : [
              report.calibration.expectedCalibrationError.toFixed(3),
              `${report.calibration.count} scored`,
            ],
      ),
    ],
  ]);
}

/** The reliability table behind a system's ECE, or a word that it gives no score. */
export function formatReliability(report: SystemReport): string {
  if (report.calibration === null) return `${report.name}: no score`;
  return [
    `${report.name}: score against strict rightness, ECE ${report.calibration.expectedCalibrationError.toFixed(3)}`,
    formatTable([
      ["  bin", "count", "mean score", "accuracy"],
      ...report.calibration.bins.map((bin) => [
        `  ${bin.low.toFixed(1)}-${bin.high.toFixed(1)}`,
        String(bin.count),
        bin.meanScore === null ? "-" : bin.meanScore.toFixed(3),
        percent(bin.accuracy),
      ]),
    ]),
  ].join("\n");
}

/** In hindsight, on the test part: how far each of the system's scores could be pushed at the precision target. */
export function formatHindsight(report: SystemReport): string[] {
  const names = { score: "score", matchScore: "match score", confidence: "confidence" } as const;
  return (Object.keys(names) as (keyof typeof names)[]).flatMap((key) => {
    const found = report.sweeps[key];
    if (found === null) return [];
    const best = found.best;
    return [
      best === null
        ? `  ${report.name} ${names[key]}: no threshold reaches ${percent(report.precisionTarget)} precision`
        : `  ${report.name} ${names[key]} ≥ ${best.threshold.toFixed(3)}: coverage ${percent(best.coverage)} at precision ${percent(best.precision)} (${best.count} messages)`,
    ];
  });
}
