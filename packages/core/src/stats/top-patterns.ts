// "Which patterns save the most time": per pattern over a range of local days, its uses, how often it was judged
// right and the operator time it saved, counted with the replay's formula. Sorted, most time saved first.
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@playbook/db";
import { queryRows } from "@playbook/db";
import { decisions, patterns } from "@playbook/db/schema";
import { defaultTimeSaving, type TimeSaving } from "../history/replay-tally";
import { getSettings } from "../settings/settings";
import {
  checkRange,
  judgementColumns,
  judgementFigures,
  rangeBounds,
  rangeFields,
} from "./performance-timeline";

export const ZTopPatternsRequest = z
  .object({
    ...rangeFields,
    limit: z.number().int().min(1).max(100).default(20),
    /** One pattern's figures (the pattern page) rather than the top of all. */
    patternId: z.string().uuid().optional(),
  })
  .superRefine(checkRange);
export type TopPatternsRequest = z.input<typeof ZTopPatternsRequest>;

export interface PatternPerformance {
  patternId: string;
  triggerText: string;
  responseTemplate: string;
  isActive: boolean;
  /** Decisions that proposed or sent this pattern's reply (auto, suggest, queue). */
  uses: number;
  automatic: number;
  precision: { judged: number; right: number; value: number | null };
  timeSavedMinutes: number;
}

export async function getTopPatterns(
  executor: Executor,
  request: TopPatternsRequest,
  timeSaving: TimeSaving = defaultTimeSaving,
): Promise<{
  from: string;
  to: string;
  timezone: string;
  timeSaving: TimeSaving;
  patterns: PatternPerformance[];
}> {
  const input = ZTopPatternsRequest.parse(request);
  const { timezone } = await getSettings(executor);
  const { start, end } = rangeBounds(input, timezone);
  const rows = await queryRows<Record<string, number | string | boolean>>(
    executor,
    sql`select ${decisions.patternId} as pattern_id, ${patterns.triggerText} as trigger_text,
        ${patterns.responseTemplate} as response_template, ${patterns.isActive} as is_active,
        count(*) filter (where ${decisions.mode} in ('auto', 'suggest', 'queue'))::int as uses,
        count(*) filter (where ${decisions.mode} = 'auto')::int as automatic,
        ${judgementColumns}
      from ${decisions} join ${patterns} on ${patterns.id} = ${decisions.patternId}
      where ${decisions.createdAt} >= ${start} and ${decisions.createdAt} < ${end}
        and ${decisions.mode} in ('auto', 'suggest', 'queue', 'shadow')
        ${input.patternId ? sql`and ${decisions.patternId} = ${input.patternId}` : sql``}
      group by 1, 2, 3, 4`,
  );
  const n = (row: Record<string, unknown>, key: string) => Number(row[key] ?? 0);
  const figures = rows.map((r): PatternPerformance => ({
    patternId: String(r.pattern_id),
    triggerText: String(r.trigger_text),
    responseTemplate: String(r.response_template),
    isActive: Boolean(r.is_active),
    uses: n(r, "uses"),
    automatic: n(r, "automatic"),
    ...judgementFigures(r, timeSaving),
  }));
  figures.sort(
    (a, b) =>
      b.timeSavedMinutes - a.timeSavedMinutes ||
      b.uses - a.uses ||
      a.patternId.localeCompare(b.patternId),
  );
  return {
    from: input.from,
    to: input.to,
    timezone,
    timeSaving,
    patterns: figures.slice(0, input.limit),
  };
}
