// Performance over time: the engine's figures per local day or week (in the business's time zone), computed from
// the recorded messages, decisions, patterns, examples and LLM calls. Empty buckets are present as zeros.
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@playbook/db";
import { queryRows } from "@playbook/db";
import { decisions, llmCalls, messages, patternExamples, patterns } from "@playbook/db/schema";
import { defaultTimeSaving, minutesSavedBy, type TimeSaving } from "../history/replay-tally";
import { getSettings } from "../settings/settings";

const MAX_DAYS = 366;
const DAY_MS = 86_400_000;

const ZLocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Dates are YYYY-MM-DD")
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
      new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    "Not a real date",
  );

export const rangeFields = { from: ZLocalDate, to: ZLocalDate };

export function checkRange(range: { from: string; to: string }, ctx: z.RefinementCtx) {
  if (range.from > range.to)
    ctx.addIssue({ code: "custom", message: "from must not be after to", path: ["to"] });
  else if ((Date.parse(range.to) - Date.parse(range.from)) / DAY_MS >= MAX_DAYS)
    ctx.addIssue({ code: "custom", message: `At most ${MAX_DAYS} days`, path: ["to"] });
}

/** A range of local days, both ends included, in the time zone of the settings. */
export const ZStatsRange = z.object(rangeFields).superRefine(checkRange);
export type StatsRange = z.infer<typeof ZStatsRange>;

export const ZTimelineRequest = z
  .object({ ...rangeFields, bucket: z.enum(["day", "week"]) })
  .superRefine(checkRange);
export type TimelineRequest = z.infer<typeof ZTimelineRequest>;

export interface TimelineBucket {
  /** The bucket's first local day (a week starts on Monday), YYYY-MM-DD. */
  start: string;
  messagesIn: number;
  /** Decisions taken (one per customer message Playbook looked at). */
  decisions: number;
  automatic: number;
  suggestions: number;
  queued: number;
  /** (automatic + suggestions + queued) / decisions; null without decisions. */
  coverage: number | null;
  /** automatic / decisions; null without decisions. */
  automaticRate: number | null;
  /** Judged right / judged, over proposals (auto, suggest, queue, shadow); `judged` is what it rests on. */
  precision: { judged: number; right: number; value: number | null };
  timeSavedMinutes: number;
  patternsLearned: number;
  examplesAdded: number;
  /** null when no LLM call was recorded in the whole range (see `llm.note`). */
  llmCostUsd: number | null;
}

export interface PerformanceTimeline {
  from: string;
  to: string;
  bucket: "day" | "week";
  timezone: string;
  timeSaving: TimeSaving;
  llm: { recorded: boolean; note: string | null };
  buckets: TimelineBucket[];
}

/** The range's bounds as instants: `from` at local midnight to the midnight after `to`. */
export function rangeBounds(range: StatsRange, timezone: string): { start: SQL; end: SQL } {
  return {
    start: sql`((${range.from}::date)::timestamp at time zone ${timezone})`,
    end: sql`(((${range.to}::date + 1))::timestamp at time zone ${timezone})`,
  };
}

/** A decision judged right: approved on review or, unreviewed, judged by the operator's own answer. */
export const judgedRight = sql`(${decisions.review} = 'approved' or (${decisions.review} is null and ${decisions.correct}))`;
export const judged = sql`(${decisions.review} is not null or ${decisions.correct} is not null)`;
export const proposal = sql`${decisions.mode} in ('auto', 'suggest', 'queue', 'shadow')`;

/** Columns judged, right, right_auto, right_suggest, right_queue of a query over decisions. */
export const judgementColumns = sql`count(*) filter (where ${proposal} and ${judged})::int as judged,
  count(*) filter (where ${proposal} and ${judgedRight})::int as "right",
  count(*) filter (where ${decisions.mode} = 'auto' and ${judgedRight})::int as right_auto,
  count(*) filter (where ${decisions.mode} = 'suggest' and ${judgedRight})::int as right_suggest,
  count(*) filter (where ${decisions.mode} = 'queue' and ${judgedRight})::int as right_queue`;

/** Precision and minutes saved from the judgement columns, time saved by the replay's own formula. */
export function judgementFigures(
  row: Record<string, unknown>,
  timeSaving: TimeSaving,
): {
  precision: { judged: number; right: number; value: number | null };
  timeSavedMinutes: number;
} {
  const n = (key: string) => Number(row[key] ?? 0);
  return {
    precision: {
      judged: n("judged"),
      right: n("right"),
      value: n("judged") === 0 ? null : n("right") / n("judged"),
    },
    timeSavedMinutes:
      n("right_auto") * minutesSavedBy("auto", true, timeSaving) +
      n("right_suggest") * minutesSavedBy("suggest", true, timeSaving) +
      n("right_queue") * minutesSavedBy("queue", true, timeSaving),
  };
}

export async function getPerformanceTimeline(
  executor: Executor,
  input: TimelineRequest,
  timeSaving: TimeSaving = defaultTimeSaving,
): Promise<PerformanceTimeline> {
  const { timezone } = await getSettings(executor);
  const { start, end } = rangeBounds(input, timezone);
  const unit = input.bucket;
  const step = `1 ${unit}`;
  const local = (column: SQL) => sql`date_trunc(${unit}, ${column} at time zone ${timezone})::date`;
  const inRange = (column: SQL) => sql`${column} >= ${start} and ${column} < ${end}`;
  const rows = await queryRows<Record<string, number | string | null>>(
    executor,
    sql`with buckets as (
        select generate_series(date_trunc(${unit}, ${input.from}::date::timestamp),
          date_trunc(${unit}, ${input.to}::date::timestamp), ${step}::interval)::date as bucket),
      d as (select ${local(sql`${decisions.createdAt}`)} as bucket, count(*)::int as decisions,
          count(*) filter (where ${decisions.mode} = 'auto')::int as automatic,
          count(*) filter (where ${decisions.mode} = 'suggest')::int as suggestions,
          count(*) filter (where ${decisions.mode} = 'queue')::int as queued,
          ${judgementColumns}
        from ${decisions} where ${inRange(sql`${decisions.createdAt}`)} group by 1),
      m as (select ${local(sql`${messages.sentAt}`)} as bucket, count(*)::int as messages_in
        from ${messages} where ${messages.direction} = 'inbound' and ${inRange(sql`${messages.sentAt}`)} group by 1),
      p as (select ${local(sql`${patterns.createdAt}`)} as bucket, count(*)::int as patterns_learned
        from ${patterns} where ${inRange(sql`${patterns.createdAt}`)} group by 1),
      e as (select ${local(sql`${patternExamples.createdAt}`)} as bucket, count(*)::int as examples_added
        from ${patternExamples} where ${inRange(sql`${patternExamples.createdAt}`)} group by 1),
      l as (select ${local(sql`${llmCalls.createdAt}`)} as bucket, count(*)::int as llm_calls,
          sum(${llmCalls.costUsd})::float8 as llm_cost
        from ${llmCalls} where ${inRange(sql`${llmCalls.createdAt}`)} group by 1)
      select to_char(buckets.bucket, 'YYYY-MM-DD') as start,
        coalesce(d.decisions, 0) as decisions, coalesce(d.automatic, 0) as automatic,
        coalesce(d.suggestions, 0) as suggestions, coalesce(d.queued, 0) as queued,
        coalesce(d.judged, 0) as judged, coalesce(d."right", 0) as "right",
        coalesce(d.right_auto, 0) as right_auto, coalesce(d.right_suggest, 0) as right_suggest,
        coalesce(d.right_queue, 0) as right_queue, coalesce(m.messages_in, 0) as messages_in,
        coalesce(p.patterns_learned, 0) as patterns_learned, coalesce(e.examples_added, 0) as examples_added,
        coalesce(l.llm_calls, 0) as llm_calls, coalesce(l.llm_cost, 0) as llm_cost
      from buckets left join d using (bucket) left join m using (bucket) left join p using (bucket)
        left join e using (bucket) left join l using (bucket)
      order by buckets.bucket`,
  );
  const n = (row: Record<string, unknown>, key: string) => Number(row[key] ?? 0);
  const recorded = rows.some((r) => n(r, "llm_calls") > 0);
  const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);
  return {
    from: input.from,
    to: input.to,
    bucket: unit,
    timezone,
    timeSaving,
    llm: {
      recorded,
      note: recorded ? null : "No LLM calls were recorded in this range: cost is not shown.",
    },
    buckets: rows.map((r) => {
      const total = n(r, "decisions");
      const automatic = n(r, "automatic");
      const covered = automatic + n(r, "suggestions") + n(r, "queued");
      return {
        start: String(r.start),
        messagesIn: n(r, "messages_in"),
        decisions: total,
        automatic,
        suggestions: n(r, "suggestions"),
        queued: n(r, "queued"),
        coverage: ratio(covered, total),
        automaticRate: ratio(automatic, total),
        ...judgementFigures(r, timeSaving),
        patternsLearned: n(r, "patterns_learned"),
        examplesAdded: n(r, "examples_added"),
        llmCostUsd: recorded ? n(r, "llm_cost") : null,
      };
    }),
  };
}
