// Scores a replay against the operators' real replies: top-1 accuracy, each decision level, and how coverage trades
// against precision as a threshold on the match score or on the pattern's confidence rises.
import { decisionLevels, type TDecision, type TReplayResult } from "../history/playbook-cli";

export type ScoredResult = Pick<
  TReplayResult,
  "decision" | "pattern_id" | "confidence" | "match_score" | "matched"
>;

export interface Share {
  count: number;
  matched: number;
  /** count / all test messages. */
  coverage: number;
  /** matched / count; null when count is 0. */
  precision: number | null;
}

export interface CurvePoint extends Share {
  threshold: number;
}

export interface QualityReport {
  /** Test messages, including any the replay did not report (they count as wrong and uncovered). */
  total: number;
  /** Share of test messages whose best candidate's reply was right. */
  top1Accuracy: number;
  levels: ({ decision: TDecision } & Share)[];
  /** "auto", then "auto or suggest", then "auto, suggest or queue": what each setting of the bar would cover. */
  cumulative: ({ through: TDecision } & Share)[];
  curves: { matchScore: CurvePoint[]; confidence: CurvePoint[] };
  precisionTarget: number;
  /** The lowest threshold (so the most coverage) at which precision stays at or above the target. */
  bestThreshold: { matchScore: CurvePoint | null; confidence: CurvePoint | null };
}

function share(count: number, matched: number, total: number): Share {
  return {
    count,
    matched,
    coverage: total === 0 ? 0 : count / total,
    precision: count === 0 ? null : matched / count,
  };
}

type Candidate = { value: number; matched: boolean };

function candidates(results: readonly ScoredResult[], key: "match_score" | "confidence") {
  return results.flatMap((result): Candidate[] => {
    const value = result[key];
    return result.pattern_id === null || value === null ? [] : [{ value, matched: result.matched }];
  });
}

// A hair below each grid threshold so 0.7 stored as 0.7000000001 or 0.6999999999 lands on the same side.
const EPSILON = 1e-9;

function curve(points: readonly Candidate[], steps: number, total: number): CurvePoint[] {
  return Array.from({ length: steps + 1 }, (_, step) => {
    const threshold = step / steps;
    const above = points.filter((point) => point.value >= threshold - EPSILON);
    return {
      threshold,
      ...share(above.length, above.filter((point) => point.matched).length, total),
    };
  });
}

/** Exact, not on the grid: sweeps every distinct value from the top down. */
function bestThreshold(points: readonly Candidate[], target: number, total: number) {
  const sorted = [...points].sort((a, b) => b.value - a.value);
  let best: CurvePoint | null = null;
  let matched = 0;
  for (let index = 0; index < sorted.length; index++) {
    const point = sorted[index]!;
    if (point.matched) matched += 1;
    // Only where the next value is lower: a threshold takes all candidates with its value or none.
    if (sorted[index + 1]?.value === point.value) continue;
    if (matched / (index + 1) >= target) {
      best = { threshold: point.value, ...share(index + 1, matched, total) };
    }
  }
  return best;
}

export function buildQualityReport(
  results: readonly ScoredResult[],
  options: { total?: number; precisionTarget?: number; steps?: number } = {},
): QualityReport {
  const total = options.total ?? results.length;
  if (total < results.length)
    throw new Error(`${results.length} results for ${total} test messages`);
  const precisionTarget = options.precisionTarget ?? 0.99;
  const steps = options.steps ?? 20;

  const levels = decisionLevels.map((decision) => {
    const at = results.filter((result) => result.decision === decision);
    return { decision, ...share(at.length, at.filter((result) => result.matched).length, total) };
  });
  const ordered: TDecision[] = ["auto", "suggest", "queue"];
  const cumulative = ordered.map((through, index) => {
    const within = new Set(ordered.slice(0, index + 1));
    const at = results.filter((result) => within.has(result.decision));
    return { through, ...share(at.length, at.filter((result) => result.matched).length, total) };
  });
  const byScore = candidates(results, "match_score");
  const byConfidence = candidates(results, "confidence");
  const correct = results.filter((result) => result.pattern_id !== null && result.matched).length;

  return {
    total,
    top1Accuracy: total === 0 ? 0 : correct / total,
    levels,
    cumulative,
    curves: {
      matchScore: curve(byScore, steps, total),
      confidence: curve(byConfidence, steps, total),
    },
    precisionTarget,
    bestThreshold: {
      matchScore: bestThreshold(byScore, precisionTarget, total),
      confidence: bestThreshold(byConfidence, precisionTarget, total),
    },
  };
}

const percent = (value: number | null) => (value === null ? "-" : `${(value * 100).toFixed(1)}%`);

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => cell.padStart(widths[column] ?? 0)).join("  ");
  return [line(header), ...rows.map(line)].join("\n");
}

const shareCells = (entry: Share) => [
  String(entry.count),
  String(entry.matched),
  percent(entry.coverage),
  percent(entry.precision),
];

function describeBest(name: string, best: CurvePoint | null, target: number): string {
  return best === null
    ? `${name}: no threshold reaches ${percent(target)} precision`
    : `${name} ≥ ${best.threshold.toFixed(3)}: coverage ${percent(best.coverage)} at precision ${percent(best.precision)} (${best.count} messages)`;
}

/** The report as plain-text tables. */
export function formatQualityReport(report: QualityReport): string {
  const shareHeader = ["count", "matched", "coverage", "precision"];
  const curveRows = report.curves.matchScore.map((point, index) => {
    const confidence = report.curves.confidence[index];
    return [
      point.threshold.toFixed(2),
      percent(point.coverage),
      percent(point.precision),
      percent(confidence?.coverage ?? null),
      percent(confidence?.precision ?? null),
    ];
  });
  return [
    `test messages: ${report.total}   top-1 accuracy: ${percent(report.top1Accuracy)}`,
    "",
    table(
      ["decision", ...shareHeader],
      report.levels.map((level) => [level.decision, ...shareCells(level)]),
    ),
    "",
    table(
      ["through", ...shareHeader],
      report.cumulative.map((entry) => [entry.through, ...shareCells(entry)]),
    ),
    "",
    table(["threshold", "score cov.", "score prec.", "conf. cov.", "conf. prec."], curveRows),
    "",
    `highest coverage at precision ≥ ${percent(report.precisionTarget)}:`,
    `  ${describeBest("match score", report.bestThreshold.matchScore, report.precisionTarget)}`,
    `  ${describeBest("confidence", report.bestThreshold.confidence, report.precisionTarget)}`,
  ].join("\n");
}
