// What came of every reply Playbook proposed or sent, experiment or not, measured once its 24-hour window is over:
// the operator's action, whether the customer asked the same thing again, thanked or got angry, and whether the
// conversation escalated. Measured once per reply (the row is the mark), from the messages' own times, so history
// imported later is measured the same way.
import { runStatement, statement, type Db } from "@playbook/db";
import { replyOutcomes } from "@playbook/db/schema";
import { getSettings } from "../settings/settings";
import { detectReaction } from "./detect-reaction";

export const OUTCOME_WINDOW_MS = 24 * 3_600_000;

const unmeasuredReplies = statement(
  "playbook_unmeasured_replies",
  `select d.id, d.pattern_id, d.experiment_id, d.variant_id, d.outcome::text as outcome, m.customer_id,
    m.sent_at as replied_at,
    (select nm.body from messages nm where nm.customer_id = m.customer_id and nm.direction = 'inbound'
      and nm.sent_at > m.sent_at and nm.sent_at <= m.sent_at + interval '24 hours'
      order by nm.sent_at limit 1) as next_text,
    exists (select 1 from decisions d2 join messages m2 on m2.id = d2.message_id
      where m2.customer_id = m.customer_id and m2.sent_at > m.sent_at
        and m2.sent_at <= m.sent_at + interval '24 hours' and d2.pattern_id = d.pattern_id) as asked_again,
    exists (select 1 from decisions d3 join messages m3 on m3.id = d3.message_id
      where m3.customer_id = m.customer_id and m3.sent_at > m.sent_at
        and m3.sent_at <= m.sent_at + interval '24 hours' and d3.mode = 'escalate') as escalated
  from decisions d join messages m on m.id = d.message_id
  where d.mode in ('auto', 'suggest', 'queue') and d.proposed_reply is not null and m.sent_at <= $1
    and not exists (select 1 from reply_outcomes o where o.decision_id = d.id)
  order by m.sent_at limit $2`,
);

type UnmeasuredReply = {
  id: string;
  pattern_id: string | null;
  experiment_id: string | null;
  variant_id: string | null;
  outcome: string;
  customer_id: string;
  replied_at: Date;
  next_text: string | null;
  asked_again: boolean;
  escalated: boolean;
};

const operatorActionOf: Record<string, "accepted" | "edited" | "rejected" | null> = {
  approved: "accepted",
  modified: "edited",
  rejected: "rejected",
  // The operator answered by hand instead of taking the proposal.
  answered: "rejected",
};
const deliveredOutcomes = new Set(["sent", "approved", "modified"]);

/** Measures up to `limit` replies whose window closed by `now`; returns how many. */
export async function measureReplyOutcomes(
  db: Db,
  now: Date,
  limit = 2_000,
): Promise<{ measured: number }> {
  const settings = await getSettings(db);
  const rows = await runStatement<UnmeasuredReply>(db, unmeasuredReplies, [
    new Date(now.getTime() - OUTCOME_WINDOW_MS),
    limit,
  ]);
  if (rows.length === 0) return { measured: 0 };
  await db
    .insert(replyOutcomes)
    .values(
      rows.map((row) => ({
        decisionId: row.id,
        patternId: row.pattern_id,
        experimentId: row.experiment_id,
        variantId: row.variant_id,
        customerId: row.customer_id,
        repliedAt: new Date(row.replied_at),
        operatorAction: operatorActionOf[row.outcome] ?? null,
        delivered: deliveredOutcomes.has(row.outcome),
        askedAgain: row.asked_again,
        reaction: row.next_text === null ? null : detectReaction(row.next_text, settings),
        escalated: row.escalated,
        measuredAt: now,
      })),
    )
    // A second worker measuring the same window writes nothing twice.
    .onConflictDoNothing();
  return { measured: rows.length };
}
