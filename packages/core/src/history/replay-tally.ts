// Adds up a replay: how many customer messages each decision level took, how often it was right, what would have
// been sent automatically, and the operator time it would have saved. Pure.
import type { AnsweredMessage, PatternRow } from "./history-state";

export const decisionLevels = ["auto", "suggest", "queue", "shadow", "escalate", "none"] as const;
export type DecisionLevel = (typeof decisionLevels)[number];

export interface LevelFigures {
  decision: DecisionLevel;
  count: number;
  /** Of these, how many proposed what the operator actually said. */
  matched: number;
  /** count / answered messages. */
  coverage: number;
  /** matched / count; null when the level took nothing. */
  precision: number | null;
}

export interface PatternFigures {
  patternId: string;
  triggerText: string | null;
  responseTemplate: string | null;
  autos: number;
  correctAutos: number;
  readyReplies: number;
  minutesSaved: number;
}

export interface ReplaySummary {
  file: string;
  policy: "what-if" | "real";
  rowsRead: number;
  rowsRejected: number;
  rejections: { line: number; reason: string }[];
  rowsDuplicate: number;
  customerMessages: number;
  /** Customer messages an operator replied to: one results line each. */
  answered: number;
  decisions: Record<DecisionLevel, number>;
  levels: LevelFigures[];
  /** Auto, then auto + suggest, then auto + suggest + queue: what each threshold would cover, and how well. */
  cumulative: {
    levels: DecisionLevel[];
    count: number;
    coverage: number;
    precision: number | null;
  }[];
  wouldBeAutomations: { count: number; correct: number; wrong: number };
  timeSaved: { minutesPerReply: number; reviewMinutes: number; minutes: number; hours: number };
  topPatterns: PatternFigures[];
  seconds: number;
  messagesPerSecond: number;
  peakRssMb: number;
}

const TOP_PATTERNS = 10;

export interface TimeSaving {
  /** Operator minutes one reply takes: what a right automatic reply saves. */
  minutesPerReply: number;
  /** Operator minutes to review a ready reply: a right suggestion or queued reply saves the difference. */
  reviewMinutes: number;
}

/** The replay's defaults (`--minutes-per-reply`, `--review-minutes`), also what the Overview counts with. */
export const defaultTimeSaving: TimeSaving = { minutesPerReply: 2, reviewMinutes: 0.5 };

/**
 * Operator minutes one decision saved: the one formula for time saved, used by the replay summary and by the
 * performance timeline. Only a right proposal saves anything; a wrong one or a level that proposed nothing, zero.
 */
export function minutesSavedBy(level: DecisionLevel, right: boolean, time: TimeSaving): number {
  if (!right) return 0;
  if (level === "auto") return time.minutesPerReply;
  if (level === "suggest" || level === "queue")
    return Math.max(0, time.minutesPerReply - time.reviewMinutes);
  return 0;
}

export class ReplayTally {
  private readonly counts = new Map<DecisionLevel, { count: number; matched: number }>(
    decisionLevels.map((level) => [level, { count: 0, matched: 0 }]),
  );
  private readonly byPattern = new Map<
    string,
    Omit<PatternFigures, "triggerText" | "responseTemplate">
  >();

  constructor(private readonly time: TimeSaving) {}

  add(answered: AnsweredMessage): void {
    const level = answered.decision.mode;
    const figures = this.counts.get(level)!;
    figures.count += 1;
    if (answered.matched) figures.matched += 1;

    const patternId = answered.decision.patternId;
    if (!patternId || !["auto", "suggest", "queue"].includes(level)) return;
    const pattern = this.byPattern.get(patternId) ?? {
      patternId,
      autos: 0,
      correctAutos: 0,
      readyReplies: 0,
      minutesSaved: 0,
    };
    if (level === "auto") {
      pattern.autos += 1;
      if (answered.matched) pattern.correctAutos += 1;
    } else if (answered.matched) {
      pattern.readyReplies += 1;
    }
    pattern.minutesSaved += minutesSavedBy(level, answered.matched, this.time);
    this.byPattern.set(patternId, pattern);
  }

  summarize(
    context: Omit<
      ReplaySummary,
      | "answered"
      | "decisions"
      | "levels"
      | "cumulative"
      | "wouldBeAutomations"
      | "timeSaved"
      | "topPatterns"
    > & { patterns: ReadonlyMap<string, PatternRow> },
  ): ReplaySummary {
    const { patterns, ...rest } = context;
    const answered = [...this.counts.values()].reduce((sum, f) => sum + f.count, 0);
    const share = (part: number, whole: number) => (whole === 0 ? null : round(part / whole));
    const levels = decisionLevels.map((decision) => {
      const f = this.counts.get(decision)!;
      return {
        decision,
        count: f.count,
        matched: f.matched,
        coverage: share(f.count, answered) ?? 0,
        precision: share(f.matched, f.count),
      };
    });
    const cumulative = (["auto", "suggest", "queue"] as const).map((_, i, all) => {
      const included = all.slice(0, i + 1);
      const count = included.reduce((sum, l) => sum + this.counts.get(l)!.count, 0);
      const matched = included.reduce((sum, l) => sum + this.counts.get(l)!.matched, 0);
      return {
        levels: [...included],
        count,
        coverage: share(count, answered) ?? 0,
        precision: share(matched, count),
      };
    });
    const auto = this.counts.get("auto")!;
    const topPatterns = [...this.byPattern.values()]
      .sort((a, b) => b.minutesSaved - a.minutesSaved || b.autos - a.autos)
      .slice(0, TOP_PATTERNS)
      .map((p) => ({
        ...p,
        triggerText: patterns.get(p.patternId)?.triggerText ?? null,
        responseTemplate: patterns.get(p.patternId)?.responseTemplate ?? null,
        minutesSaved: round(p.minutesSaved),
      }));
    const minutes = [...this.byPattern.values()].reduce((sum, p) => sum + p.minutesSaved, 0);
    return {
      ...rest,
      answered,
      decisions: Object.fromEntries(levels.map((l) => [l.decision, l.count])) as Record<
        DecisionLevel,
        number
      >,
      levels,
      cumulative,
      wouldBeAutomations: {
        count: auto.count,
        correct: auto.matched,
        wrong: auto.count - auto.matched,
      },
      timeSaved: { ...this.time, minutes: round(minutes), hours: round(minutes / 60) },
      topPatterns,
    };
  }
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;
