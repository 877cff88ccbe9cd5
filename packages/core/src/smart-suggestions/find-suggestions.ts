// What the worker looks for in the recorded traffic. Each finding has a key: the same finding on the next run is
// the same suggestion, and a finding that no longer holds withdraws it.
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Executor } from "@playbook/db";
import { queryRows } from "@playbook/db";
import { decisions, patterns } from "@playbook/db/schema";
import { AnswerRegistry } from "../learning/answer-registry";
import { inTurns } from "../runtime/in-turns";
import { judged, judgedRight, proposal } from "../stats/performance-timeline";
import { DAYS_PER_WEEK, baselineWeeks, findWeeklyJump, type JumpRule } from "./weekly-jump";

export type SmartSuggestionKind =
  "activate_pattern" | "deactivate_pattern" | "merge_patterns" | "pattern_anomaly";

export type Finding = {
  kind: SmartSuggestionKind;
  key: string;
  patternIds: string[];
  title: string;
  evidence: Record<string, unknown>;
};

/** How much it takes: tuned to be worth an admin's minute, not to catch everything. */
export const suggestionRules = {
  /** Hand answers of an inactive pattern's reply in the last week, and from how many customers. */
  activateMinAnswers: 5,
  activateMinCustomers: 3,
  /** Judged proposals of an active pattern in two weeks, none of them right. */
  deactivateMinJudged: 3,
  deactivateDays: 14,
  /** Jumps: a family-wise false-alarm rate over every series tested in one run. */
  anomalyFamilyAlpha: 0.05,
  volume: { minWeekCount: 10, minDayCount: 5, minRatio: 1.5 },
  escalations: { minWeekCount: 3, minDayCount: 3, minRatio: 2 },
} as const;

const DAY_MS = 86_400_000;
const quote = (text: string, length = 60) =>
  text.length > length ? `"${text.slice(0, length - 1)}…"` : `"${text}"`;

/** Inactive learned patterns whose answer operators kept typing by hand this week. */
async function activations(executor: Executor, now: Date): Promise<Finding[]> {
  const since = new Date(now.getTime() - DAYS_PER_WEEK * DAY_MS);
  const rows = await queryRows<{ id: string; trigger: string; answers: number; customers: number }>(
    executor,
    sql`select p.id, p.trigger_text as trigger, count(*)::int as answers,
          count(distinct m.customer_id)::int as customers
        from pattern_examples e
        join patterns p on p.id = e.pattern_id
        join messages m on m.id = e.outbound_message_id
        where p.deleted_at is null and not p.is_active
          and not m.sent_by_playbook and m.sent_at >= ${since} and m.sent_at <= ${now}
        group by p.id, p.trigger_text
        having count(*) >= ${suggestionRules.activateMinAnswers}
          and count(distinct m.customer_id) >= ${suggestionRules.activateMinCustomers}
        order by answers desc, p.id
        limit 50`,
  );
  return rows.map((row) => ({
    kind: "activate_pattern",
    key: `activate_pattern:${row.id}`,
    patternIds: [row.id],
    title: `You answered ${quote(row.trigger)} ${row.answers} times this week with the same reply: turn its pattern on?`,
    evidence: { answers: row.answers, customers: row.customers, days: DAYS_PER_WEEK },
  }));
}

/** Active patterns whose every judged proposal of the last two weeks was wrong. */
async function deactivations(executor: Executor, now: Date): Promise<Finding[]> {
  const since = new Date(now.getTime() - suggestionRules.deactivateDays * DAY_MS);
  const rows = await queryRows<{ id: string; trigger: string; judged: number }>(
    executor,
    sql`select p.id, p.trigger_text as trigger,
          count(*) filter (where ${proposal} and ${judged})::int as judged
        from ${decisions}
        join ${patterns} p on p.id = ${decisions.patternId}
        where p.is_active and p.deleted_at is null
          and ${decisions.createdAt} >= ${since} and ${decisions.createdAt} <= ${now}
        group by p.id, p.trigger_text
        having count(*) filter (where ${proposal} and ${judged}) >= ${suggestionRules.deactivateMinJudged}
          and count(*) filter (where ${proposal} and ${judgedRight}) = 0
        order by judged desc, p.id
        limit 50`,
  );
  return rows.map((row) => ({
    kind: "deactivate_pattern",
    key: `deactivate_pattern:${row.id}`,
    patternIds: [row.id],
    title: `${quote(row.trigger)} has not been right in ${suggestionRules.deactivateDays} days (${row.judged} judged): turn it off?`,
    evidence: { judged: row.judged, right: 0, days: suggestionRules.deactivateDays },
  }));
}

/** Live patterns that say the same answer by the strict rule: the one with more examples is kept. */
async function merges(executor: Executor): Promise<Finding[]> {
  const rows = await queryRows<{ id: string; trigger: string; template: string; examples: number }>(
    executor,
    sql`select p.id, p.trigger_text as trigger, p.response_template as template,
          (select count(*) from pattern_examples e where e.pattern_id = p.id)::int as examples
        from patterns p where p.deleted_at is null
        order by p.first_seen_at, p.id`,
  );
  const registry = new AnswerRegistry();
  for (const row of rows) registry.set(row.id, row.template);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const findings = new Map<string, Finding>();
  // Comparing every answer with the others is minutes of work at thousands of near-alike answers, in the process
  // that also acknowledges webhooks: in turns.
  await inTurns(rows, (row) => {
    const twin = registry.find(row.template, (id) => id !== row.id);
    if (twin === undefined) return;
    const other = byId.get(twin)!;
    const [keep, merge] =
      other.examples > row.examples || (other.examples === row.examples && other.id < row.id)
        ? [other, row]
        : [row, other];
    const key = `merge_patterns:${[keep.id, merge.id].sort().join(":")}`;
    if (findings.has(key)) return;
    findings.set(key, {
      kind: "merge_patterns",
      key,
      patternIds: [keep.id, merge.id],
      title: `${quote(keep.trigger, 40)} and ${quote(merge.trigger, 40)} say the same thing: merge them?`,
      evidence: { keepExamples: keep.examples, mergeExamples: merge.examples },
    });
  });
  return [...findings.values()];
}

type DailyRow = { id: string; trigger: string; day: string; volume: number; escalations: number };

/** Patterns whose volume or escalations of the last seven complete local days jumped against their history. */
async function anomalies(executor: Executor, now: Date, timezone: string): Promise<Finding[]> {
  const today = DateTime.fromJSDate(now, { zone: timezone }).startOf("day");
  const days = (baselineWeeks + 1) * DAYS_PER_WEEK;
  const first = today.minus({ days });
  const dayIndex = new Map<string, number>();
  for (let i = 0; i < days; i++) dayIndex.set(first.plus({ days: i }).toISODate()!, i);
  const rows = await queryRows<DailyRow>(
    executor,
    sql`select p.id, p.trigger_text as trigger,
          to_char((d.created_at at time zone ${timezone})::date, 'YYYY-MM-DD') as day,
          count(*)::int as volume,
          count(*) filter (where c.escalated_at >= d.created_at
            and c.escalated_at < d.created_at + interval '24 hours')::int as escalations
        from decisions d
        join patterns p on p.id = d.pattern_id
        join conversations c on c.id = d.conversation_id
        where p.deleted_at is null
          and d.created_at >= ${first.toJSDate()} and d.created_at < ${today.toJSDate()}
        group by p.id, p.trigger_text, 3`,
  );
  const series = new Map<string, { trigger: string; volume: number[]; escalations: number[] }>();
  for (const row of rows) {
    const index = dayIndex.get(row.day);
    if (index === undefined) continue;
    let entry = series.get(row.id);
    if (!entry) {
      entry = {
        trigger: row.trigger,
        volume: new Array<number>(days).fill(0),
        escalations: new Array<number>(days).fill(0),
      };
      series.set(row.id, entry);
    }
    entry.volume[index] = row.volume;
    entry.escalations[index] = row.escalations;
  }
  // Bonferroni over every series this run tests: many patterns must not mean many false alarms.
  const alpha = suggestionRules.anomalyFamilyAlpha / Math.max(1, series.size * 2);
  const weekOf = today.minus({ days: DAYS_PER_WEEK }).toISODate()!;
  const findings: Finding[] = [];
  for (const [id, entry] of [...series].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const metric of ["volume", "escalations"] as const) {
      const rule: JumpRule = { ...suggestionRules[metric], alpha };
      const jump = findWeeklyJump(entry[metric], rule);
      if (!jump) continue;
      const when =
        jump.scope === "week"
          ? "this week"
          : `on ${first.plus({ days: jump.dayIndex! }).toFormat("cccc d LLL")}`;
      const what = metric === "volume" ? "answered" : "escalations after";
      findings.push({
        kind: "pattern_anomaly",
        key: `pattern_anomaly:${metric}:${id}:${weekOf}`,
        patternIds: [id],
        title: `Messages ${what} ${quote(entry.trigger, 40)} jumped ${when}: ${jump.observed} against ${formatExpected(jump.expected)} usually.`,
        evidence: {
          metric,
          scope: jump.scope,
          day: jump.scope === "day" ? first.plus({ days: jump.dayIndex! }).toISODate() : null,
          weekStarting: weekOf,
          observed: jump.observed,
          expected: jump.expected,
          pValue: jump.pValue,
          baselineWeeks: jump.baselineWeeks,
        },
      });
    }
  }
  return findings;
}

const formatExpected = (value: number) => (value >= 10 ? value.toFixed(0) : value.toFixed(1));

/** Every finding of a run, in a stable order. */
export async function findSuggestions(
  executor: Executor,
  now: Date,
  timezone: string,
): Promise<Finding[]> {
  return [
    ...(await activations(executor, now)),
    ...(await deactivations(executor, now)),
    ...(await merges(executor)),
    ...(await anomalies(executor, now, timezone)),
  ];
}
