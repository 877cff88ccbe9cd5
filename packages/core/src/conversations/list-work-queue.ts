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
 * Conversations with their reason, one row each. What decides the reason (the last answer, the first message
 * after it, pending suggestions, queue items, failed sends) is stored per conversation in conversation_work, kept
 * by database triggers; candidates come from the few rows that can make one (pending work, escalated or open
 * conversations). The preview and exact counts are read afterwards, for the rows shown only (pageDetails).
 */
function reasonedConversations(now: Date): SQL {
  return sql`with candidates as (
      select w.conversation_id as id from conversation_work w
      where w.suggestions > 0 or w.failed > 0 or w.queue_expires_at is not null
      union
      select v.id from conversations v where v.escalated_at is not null or v.status = 'open'
    ), reasoned as (
      select v.id, v.customer_id, v.status, v.escalated_at, v.last_message_at, w.first_unanswered_at,
        case
          when v.escalated_at is not null and (w.answered_at is null or w.answered_at < v.escalated_at)
            then 'escalation'
          when w.failed > 0 then 'failed'
          when w.queue_expires_at > ${now} then 'queue'
          when w.suggestions > 0 then 'suggestion'
          -- A reply whose send failed does not count: the customer is still waiting.
          when v.status = 'open' and w.first_unanswered_at is not null then 'no_match'
        end as reason
      from candidates k
      join conversations v on v.id = k.id
      left join conversation_work w on w.conversation_id = v.id
    )`;
}

/** The last message and the exact waiting counts of the rows a page shows. */
function pageDetails(page: SQL, now: Date): SQL {
  return sql`select r.*, last.direction as last_direction, last.body as last_body,
      last.sent_at as last_sent_at, dec.suggestions, dec.queued, dec.failed,
      c.phone, c.name, c.is_vip, c.opted_out
    from (${page}) r
    join customers c on c.id = r.customer_id
    left join lateral (
      select
        count(*) filter (where d.outcome = 'pending' and d.mode = 'suggest' and d.review is null)::int
          as suggestions,
        count(*) filter (where d.outcome = 'pending' and d.mode = 'queue' and q.id is not null)::int
          as queued,
        count(*) filter (where d.outcome = 'send_failed')::int as failed
      from decisions d
      left join approval_queue q on q.decision_id = d.id and q.status = 'pending' and q.expires_at > ${now}
      where d.conversation_id = r.id
    ) dec on true
    left join lateral (
      select m.direction, m.body, m.sent_at from messages m where m.conversation_id = r.id
      order by m.sent_at desc, m.created_at desc limit 1
    ) last on true`;
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

/** The work queue's statement (exported so the bench can EXPLAIN it). */
export function workQueueStatement(input: ListWorkQueueRequest, now: Date): SQL {
  // The customer is joined here only for a search; the page's rows get theirs afterwards.
  const page = sql`${reasonedConversations(now)}
    select r.*, coalesce(r.first_unanswered_at, r.escalated_at, r.last_message_at) as waiting_since
    from reasoned r ${input.q ? sql`join customers c on c.id = r.customer_id` : sql``}
    where r.reason is not null
      and ${input.reason ? sql`r.reason = ${input.reason}` : sql`true`}
      and ${searchCondition(input.q)}
    order by (r.reason = 'escalation') desc, waiting_since asc, r.id
    limit ${input.limit}`;
  return sql`${pageDetails(page, now)}
    order by (r.reason = 'escalation') desc, r.waiting_since asc, r.id`;
}

export async function listWorkQueue(
  executor: Executor,
  input: ListWorkQueueRequest,
  now: Date,
): Promise<{ items: WorkItem[] }> {
  const rows = await queryRows<Row>(executor, workQueueStatement(input, now));
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
