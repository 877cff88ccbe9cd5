// The engine's numbers over a time window: what it decided, how often it was right, how fast it learns, what
// the LLM cost. Computed from recorded decisions and reviews, never estimated.
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@playbook/db";
import { decisionModes, decisions, llmCalls, patternExamples, patterns } from "@playbook/db/schema";
import { queryRows } from "@playbook/db";

export const ZStatsRequest = z.object({ days: z.number().int().min(1).max(365).default(30) });
export type StatsRequest = z.infer<typeof ZStatsRequest>;

type Mode = (typeof decisionModes)[number];

export interface EngineStats {
  from: Date;
  to: Date;
  decisions: { total: number; byMode: Record<Mode, number> };
  /** Share of customer messages Playbook proposed or sent a reply for (auto, suggest, queue). */
  coverage: number | null;
  /** Share of customer messages a pattern matched at all (any mode but none). */
  matchRate: number | null;
  /** Of the proposals a human judged (reviewed, or answered by hand), the share that were right as proposed. */
  precision: {
    judged: number;
    correct: number;
    modified: number;
    rejected: number;
    value: number | null;
  };
  sends: { sent: number; failed: number };
  learning: {
    patternsCreated: number;
    examplesAdded: number;
    examplesPerDay: number;
    patternsTotal: number;
    patternsActive: number;
  };
  llm: { calls: number; failed: number; costUsd: number };
}

export async function computeStats(
  executor: Executor,
  input: StatsRequest & { now: Date },
): Promise<EngineStats> {
  const to = input.now;
  const from = new Date(to.getTime() - input.days * 86_400_000);
  const [d] = await queryRows<Record<string, number>>(
    executor,
    sql`select count(*)::int as total,
      ${sql.join(
        decisionModes.map(
          (mode) =>
            sql`count(*) filter (where ${decisions.mode} = ${mode})::int as ${sql.identifier(mode)}`,
        ),
        sql`, `,
      )},
      count(*) filter (where ${decisions.review} is not null)::int as judged,
      count(*) filter (where ${decisions.review} = 'approved')::int as correct,
      count(*) filter (where ${decisions.review} = 'modified')::int as modified,
      count(*) filter (where ${decisions.review} = 'rejected')::int as rejected,
      count(*) filter (where ${decisions.outcome} in ('sent', 'approved', 'modified'))::int as sent,
      count(*) filter (where ${decisions.outcome} = 'send_failed')::int as failed
    from ${decisions} where ${decisions.createdAt} >= ${from} and ${decisions.createdAt} < ${to}`,
  );
  const [l] = await queryRows<Record<string, number>>(
    executor,
    sql`select
      (select count(*)::int from ${patterns} where ${patterns.createdAt} >= ${from} and ${patterns.createdAt} < ${to}) as created,
      (select count(*)::int from ${patternExamples} where ${patternExamples.createdAt} >= ${from} and ${patternExamples.createdAt} < ${to}) as examples,
      (select count(*)::int from ${patterns} where ${patterns.deletedAt} is null) as total,
      (select count(*)::int from ${patterns} where ${patterns.deletedAt} is null and ${patterns.isActive}) as active,
      (select count(*)::int from ${llmCalls} where ${llmCalls.createdAt} >= ${from} and ${llmCalls.createdAt} < ${to}) as calls,
      (select count(*)::int from ${llmCalls} where ${llmCalls.createdAt} >= ${from} and ${llmCalls.createdAt} < ${to} and not ${llmCalls.ok}) as llm_failed,
      (select coalesce(sum(${llmCalls.costUsd}), 0)::float8 from ${llmCalls} where ${llmCalls.createdAt} >= ${from} and ${llmCalls.createdAt} < ${to}) as cost`,
  );
  const num = (row: Record<string, number> | undefined, key: string) => Number(row?.[key] ?? 0);
  const total = num(d, "total");
  const byMode = Object.fromEntries(decisionModes.map((m) => [m, num(d, m)])) as Record<
    Mode,
    number
  >;
  const judged = num(d, "judged");
  const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);
  return {
    from,
    to,
    decisions: { total, byMode },
    coverage: ratio(byMode.auto + byMode.suggest + byMode.queue, total),
    matchRate: ratio(total - byMode.none, total),
    precision: {
      judged,
      correct: num(d, "correct"),
      modified: num(d, "modified"),
      rejected: num(d, "rejected"),
      value: ratio(num(d, "correct"), judged),
    },
    sends: { sent: num(d, "sent"), failed: num(d, "failed") },
    learning: {
      patternsCreated: num(l, "created"),
      examplesAdded: num(l, "examples"),
      examplesPerDay: num(l, "examples") / input.days,
      patternsTotal: num(l, "total"),
      patternsActive: num(l, "active"),
    },
    llm: { calls: num(l, "calls"), failed: num(l, "llm_failed"), costUsd: num(l, "cost") },
  };
}
