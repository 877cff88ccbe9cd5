// The operator's work queue: every conversation that needs a person, with why, since when, and the last message.
// Escalations come first, then whoever has waited longest. Reasons, most pressing first:
//   escalation  the customer asked for a person (or was angry, urgent) and nobody has answered since;
//   failed      a reply Playbook or an operator approved could not be sent (until retried or marked handled);
//   queue       a reply waits in the approval queue;
//   suggestion  a suggested reply waits to be accepted, edited or rejected;
//   no_match    the customer's last message in an open conversation has no answer and nothing proposed one.
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { queryRows, type Executor } from "@playbook/db";

export const workReasons = ["escalation", "failed", "queue", "suggestion", "no_match"] as const;
export type WorkReason = (typeof workReasons)[number];

export const ZListWorkQueueRequest = z.object({
  reason: z.enum(workReasons).optional(),
  /** Phone digits, a customer's name, or words from any message of the conversation. */
  q: z.string().trim().max(100).optional(),
  limit: z.number().int().min(1).max(200).default(100),
});
export type ListWorkQueueRequest = z.infer<typeof ZListWorkQueueRequest>;

export interface WorkItem {
  conversationId: string;
  reason: WorkReason;
  /** When the customer's first unanswered message arrived (or the conversation's last activity). */
  waitingSince: Date;
  status: "open" | "closed";
  escalatedAt: Date | null;
  lastMessage: { direction: "inbound" | "outbound"; body: string; sentAt: Date } | null;
  customer: { id: string; phone: string; name: string | null; isVip: boolean; optedOut: boolean };
  pending: { suggestions: number; queued: number; failed: number };
}

export type WorkQueueCounts = Record<WorkReason, number> & { total: number };

const PREVIEW_LENGTH = 160;

/**
 * Conversations with their reason, one row each. Candidates are found from the few rows that can make one
 * (pending or failed decisions, escalated or open conversations) before anything is computed per conversation.
 */
function reasonedConversations(now: Date): SQL {
  return sql`with candidates as (
      select d.conversation_id as id from decisions d
      where (d.outcome = 'pending' and d.mode in ('suggest', 'queue')) or d.outcome = 'send_failed'
      union
      select v.id from conversations v where v.escalated_at is not null or v.status = 'open'
    ), facts as (
      select v.id, v.customer_id, v.status, v.escalated_at, v.last_message_at, ans.answered_at,
        last.direction as last_direction, last.body as last_body, last.sent_at as last_sent_at,
        dec.suggestions, dec.queued, dec.failed
      from candidates k
      join conversations v on v.id = k.id
      left join lateral (
        select
          count(*) filter (where d.outcome = 'pending' and d.mode = 'suggest' and d.review is null)::int
            as suggestions,
          count(*) filter (where d.outcome = 'pending' and d.mode = 'queue' and q.id is not null)::int
            as queued,
          count(*) filter (where d.outcome = 'send_failed')::int as failed
        from decisions d
        left join approval_queue q on q.decision_id = d.id and q.status = 'pending' and q.expires_at > ${now}
        where d.conversation_id = v.id
      ) dec on true
      left join lateral (
        -- A reply counts as an answer unless its send failed.
        select max(m.sent_at) as answered_at from messages m
        where m.conversation_id = v.id and m.direction = 'outbound'
          and coalesce(m.provider_status, '') <> 'failed'
      ) ans on true
      left join lateral (
        select m.direction, m.body, m.sent_at from messages m where m.conversation_id = v.id
        order by m.sent_at desc, m.created_at desc limit 1
      ) last on true
    ), waiting as (
      select f.*,
        (select min(m.sent_at) from messages m where m.conversation_id = f.id and m.direction = 'inbound'
          and (f.answered_at is null or m.sent_at > f.answered_at)) as first_unanswered_at
      from facts f
    ), reasoned as (
      select f.*,
        case
          when f.escalated_at is not null and (f.answered_at is null or f.answered_at < f.escalated_at)
            then 'escalation'
          when f.failed > 0 then 'failed'
          when f.queued > 0 then 'queue'
          when f.suggestions > 0 then 'suggestion'
          -- A reply whose send failed does not count: the customer is still waiting.
          when f.status = 'open' and f.first_unanswered_at is not null then 'no_match'
        end as reason
      from waiting f
    )`;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function searchCondition(q: string | undefined): SQL {
  if (!q) return sql`true`;
  const pattern = `%${escapeLike(q)}%`;
  const digits = q.replace(/\D/g, "");
  // Three digits or more of a phone number match wherever they appear, whatever the formatting typed.
  const phone =
    digits.length >= 3 && /^[\d\s()+.-]+$/.test(q)
      ? sql`regexp_replace(c.phone, '\\D', '', 'g') like ${`%${digits}%`}`
      : sql`false`;
  return sql`(${phone} or c.name ilike ${pattern} or exists (
    select 1 from messages m where m.conversation_id = r.id and m.body ilike ${pattern}))`;
}

type Row = Record<string, unknown>;

function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

function toWorkItem(row: Row): WorkItem {
  const lastSentAt = row.last_sent_at;
  const body = typeof row.last_body === "string" ? row.last_body : "";
  return {
    conversationId: String(row.id),
    reason: row.reason as WorkReason,
    waitingSince: toDate(row.waiting_since),
    status: row.status as WorkItem["status"],
    escalatedAt: row.escalated_at ? toDate(row.escalated_at) : null,
    lastMessage:
      lastSentAt === null || lastSentAt === undefined
        ? null
        : {
            direction: row.last_direction as "inbound" | "outbound",
            body: body.length > PREVIEW_LENGTH ? `${body.slice(0, PREVIEW_LENGTH - 1)}…` : body,
            sentAt: toDate(lastSentAt),
          },
    customer: {
      id: String(row.customer_id),
      phone: String(row.phone),
      name: (row.name as string | null) ?? null,
      isVip: Boolean(row.is_vip),
      optedOut: Boolean(row.opted_out),
    },
    pending: {
      suggestions: Number(row.suggestions),
      queued: Number(row.queued),
      failed: Number(row.failed),
    },
  };
}

export async function listWorkQueue(
  executor: Executor,
  input: ListWorkQueueRequest,
  now: Date,
): Promise<{ items: WorkItem[] }> {
  const rows = await queryRows<Row>(
    executor,
    sql`${reasonedConversations(now)}
    select r.*, coalesce(r.first_unanswered_at, r.escalated_at, r.last_message_at) as waiting_since,
      c.phone, c.name, c.is_vip, c.opted_out
    from reasoned r join customers c on c.id = r.customer_id
    where r.reason is not null
      and ${input.reason ? sql`r.reason = ${input.reason}` : sql`true`}
      and ${searchCondition(input.q)}
    order by (r.reason = 'escalation') desc,
      coalesce(r.first_unanswered_at, r.escalated_at, r.last_message_at) asc, r.id
    limit ${input.limit}`,
  );
  return { items: rows.map(toWorkItem) };
}

/** How many conversations wait for a person, per reason: the navigation's badges. */
export async function countWorkQueue(executor: Executor, now: Date): Promise<WorkQueueCounts> {
  const rows = await queryRows<Row>(
    executor,
    sql`${reasonedConversations(now)}
    select r.reason, count(*)::int as n from reasoned r where r.reason is not null group by r.reason`,
  );
  const counts: WorkQueueCounts = {
    escalation: 0,
    failed: 0,
    queue: 0,
    suggestion: 0,
    no_match: 0,
    total: 0,
  };
  for (const row of rows) {
    counts[row.reason as WorkReason] = Number(row.n);
    counts.total += Number(row.n);
  }
  return counts;
}
