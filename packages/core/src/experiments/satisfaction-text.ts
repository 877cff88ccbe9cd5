// The optional one-question satisfaction text: sent after a conversation Playbook answered was resolved (closed,
// not escalated), only when the business turned it on, never to an opted-out or demo customer, at most once a week
// per customer; and the answers, parsed and recorded when they say one thing clearly.
import { eq } from "drizzle-orm";
import { runStatement, statement } from "@playbook/db";
import { customers, messages, satisfactionSurveys } from "@playbook/db/schema";
import type { ReplyEngine } from "../engine/reply-engine";
import { describeSendFailure } from "../engine/send-reply";
import { getSettings } from "../settings/settings";
import { parseSatisfactionAnswer } from "./parse-satisfaction-answer";

const DAY_MS = 86_400_000;
export const SATISFACTION_MIN_GAP_MS = 7 * DAY_MS;
// A conversation closed longer ago than this is not asked about any more.
const ASK_WITHIN_MS = DAY_MS;
// An answer counts when it comes within this time of the question.
const ANSWER_WITHIN_MS = 2 * DAY_MS;

const resolvedConversations = statement(
  "playbook_satisfaction_candidates",
  `select c.id as conversation_id, c.customer_id, c.phone_number_id, cu.phone,
    (select d.id from decisions d where d.conversation_id = c.id
      and d.outcome in ('sent', 'approved', 'modified') order by d.created_at desc limit 1) as decision_id
  from conversations c join customers cu on cu.id = c.customer_id
  where c.status = 'closed' and c.ended_at >= $1 and c.escalated_at is null
    and not cu.opted_out and not cu.is_demo
    and exists (select 1 from decisions d where d.conversation_id = c.id
      and d.outcome in ('sent', 'approved', 'modified'))
    and not exists (select 1 from satisfaction_surveys s where s.conversation_id = c.id)
    and not exists (select 1 from satisfaction_surveys s where s.customer_id = c.customer_id and s.sent_at > $2)
  order by c.ended_at limit 50`,
);

const recentSurvey = statement(
  "playbook_satisfaction_recent",
  `select 1 from satisfaction_surveys where customer_id = $1 and sent_at > $2 limit 1`,
);

type Candidate = {
  conversation_id: string;
  customer_id: string;
  phone_number_id: string | null;
  phone: string;
  decision_id: string | null;
};

export async function sendSatisfactionTexts(
  engine: ReplyEngine,
): Promise<{ sent: number; failed: number; disabled: boolean }> {
  const { db } = engine.database;
  const settings = await getSettings(db);
  if (!settings.satisfactionTextEnabled) return { sent: 0, failed: 0, disabled: true };
  const now = engine.now();
  const candidates = await runStatement<Candidate>(db, resolvedConversations, [
    new Date(now.getTime() - ASK_WITHIN_MS),
    new Date(now.getTime() - SATISFACTION_MIN_GAP_MS),
  ]);
  let sent = 0;
  let failed = 0;
  for (const candidate of candidates) {
    const from = candidate.phone_number_id ?? engine.defaultFrom;
    if (!engine.openPhone || !from) break;
    const claimed = await db.transaction(async (tx) => {
      // The customer's row is locked: two workers, or two conversations of one customer, send one text a week.
      const [customer] = await tx
        .select()
        .from(customers)
        .where(eq(customers.id, candidate.customer_id))
        .for("update");
      if (!customer || customer.optedOut) return null;
      const [recent] = await runStatement(tx, recentSurvey, [
        customer.id,
        new Date(now.getTime() - SATISFACTION_MIN_GAP_MS),
      ]);
      if (recent) return null;
      const [message] = await tx
        .insert(messages)
        .values({
          conversationId: candidate.conversation_id,
          customerId: customer.id,
          direction: "outbound",
          body: settings.satisfactionTextWording,
          source: "playbook",
          providerStatus: "sending",
          sentByPlaybook: true,
          sentAt: now,
        })
        .returning({ id: messages.id });
      const inserted = await tx
        .insert(satisfactionSurveys)
        .values({
          customerId: customer.id,
          conversationId: candidate.conversation_id,
          decisionId: candidate.decision_id,
          sentMessageId: message!.id,
          sentAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: satisfactionSurveys.id });
      if (inserted.length === 0) throw new Error("satisfaction text already sent");
      return { messageId: message!.id };
    });
    if (!claimed) continue;
    try {
      const result = await engine.openPhone.sendMessage({
        content: settings.satisfactionTextWording,
        from,
        to: [candidate.phone],
      });
      await db
        .update(messages)
        .set({ providerMessageId: result.id, providerStatus: result.status })
        .where(eq(messages.id, claimed.messageId));
      sent += 1;
    } catch (error) {
      // Kept and marked failed, never retried: a satisfaction text is not worth a second try.
      engine.logger.warn({ err: describeSendFailure(error) }, "satisfaction text not sent");
      await db
        .update(messages)
        .set({ providerStatus: "failed" })
        .where(eq(messages.id, claimed.messageId));
      failed += 1;
    }
  }
  return { sent, failed, disabled: false };
}

const unansweredSurveys = statement(
  "playbook_satisfaction_unanswered",
  `select s.id, m.id as message_id, m.body, m.sent_at from satisfaction_surveys s
  join lateral (select id, body, sent_at from messages m where m.customer_id = s.customer_id
    and m.direction = 'inbound' and m.sent_at > s.sent_at and m.sent_at <= s.sent_at + interval '2 days'
    order by m.sent_at limit 1) m on true
  where s.answered_at is null and s.sent_at >= $1`,
);

/** Reads the first message after each open question; an ambiguous one is left unrecorded. */
export async function recordSatisfactionAnswers(
  engine: ReplyEngine,
): Promise<{ recorded: number; ambiguous: number }> {
  const { db } = engine.database;
  const rows = await runStatement<{ id: string; message_id: string; body: string; sent_at: Date }>(
    db,
    unansweredSurveys,
    [new Date(engine.now().getTime() - ANSWER_WITHIN_MS)],
  );
  let recorded = 0;
  let ambiguous = 0;
  for (const row of rows) {
    const answer = parseSatisfactionAnswer(row.body);
    if (!answer) {
      ambiguous += 1;
      continue;
    }
    await db
      .update(satisfactionSurveys)
      .set({
        answerMessageId: row.message_id,
        answeredAt: new Date(row.sent_at),
        answerKind: answer.kind,
        answerValue: answer.value,
        score: answer.score,
      })
      .where(eq(satisfactionSurveys.id, row.id));
    recorded += 1;
  }
  return { recorded, ambiguous };
}
