// Each pattern's outcome figures (every reply it proposed or sent, experiment or not), and customer satisfaction
// over time, for the pattern page and the performance page.
import { runStatement, statement, type Executor } from "@playbook/db";
import { z } from "zod";
import { parseRequest } from "../patterns/parse-request";

const patternOutcomes = statement(
  "playbook_pattern_outcomes",
  `select count(*)::int as replies,
    count(*) filter (where operator_action is not null)::int as judged,
    count(*) filter (where operator_action = 'accepted')::int as accepted,
    count(*) filter (where operator_action = 'edited')::int as edited,
    count(*) filter (where operator_action = 'rejected')::int as rejected,
    count(*) filter (where delivered)::int as delivered,
    count(*) filter (where delivered and asked_again)::int as asked_again,
    count(*) filter (where delivered and reaction = 'thanks')::int as thanked,
    count(*) filter (where delivered and reaction = 'anger')::int as angry,
    count(*) filter (where delivered and escalated)::int as escalated
  from reply_outcomes where pattern_id = $1`,
);

export type PatternOutcomeFigures = {
  replies: number;
  judged: number;
  accepted: number;
  edited: number;
  rejected: number;
  delivered: number;
  askedAgain: number;
  thanked: number;
  angry: number;
  escalated: number;
};

export async function getPatternOutcomes(
  executor: Executor,
  patternId: string,
): Promise<PatternOutcomeFigures> {
  const [row] = await runStatement<Record<string, number>>(executor, patternOutcomes, [patternId]);
  const n = (key: string) => Number(row?.[key] ?? 0);
  return {
    replies: n("replies"),
    judged: n("judged"),
    accepted: n("accepted"),
    edited: n("edited"),
    rejected: n("rejected"),
    delivered: n("delivered"),
    askedAgain: n("asked_again"),
    thanked: n("thanked"),
    angry: n("angry"),
    escalated: n("escalated"),
  };
}

const satisfactionByDay = statement(
  "playbook_satisfaction_by_day",
  `select to_char(date_trunc('day', answered_at at time zone 'UTC'), 'YYYY-MM-DD') as day,
    count(*)::int as answers, avg(score)::float8 as score
  from satisfaction_surveys where answered_at is not null and answered_at >= $1
  group by 1 order by 1`,
);

export const ZSatisfactionTimelineRequest = z
  .object({ days: z.number().int().min(1).max(365).default(90) })
  .default({ days: 90 });

/** Each day's answers and mean score (0 worst, 1 best). */
export async function getSatisfactionTimeline(
  executor: Executor,
  request: z.input<typeof ZSatisfactionTimelineRequest>,
  now: Date,
) {
  const { days } = parseRequest(ZSatisfactionTimelineRequest, request);
  const rows = await runStatement<{ day: string; answers: number; score: number }>(
    executor,
    satisfactionByDay,
    [new Date(now.getTime() - days * 86_400_000)],
  );
  return rows.map((r) => ({ day: r.day, answers: Number(r.answers), score: Number(r.score) }));
}
