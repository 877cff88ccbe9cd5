// Conversations for the inbox, newest activity first, with keyset paging and the customer on each row.
import { and, desc, eq, isNotNull, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@playbook/db";
import { approvalQueue, conversations, customers, decisions } from "@playbook/db/schema";
import { badRequest } from "../errors";

export const ZListConversationsRequest = z.object({
  status: z.enum(["open", "closed"]).optional(),
  escalated: z.boolean().optional(),
  /** Only conversations with a suggestion or queue item waiting for an operator. */
  awaitingReview: z.boolean().optional(),
  customerPhone: z.string().trim().min(1).max(40).optional(),
  limit: z.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});
export type ListConversationsRequest = z.infer<typeof ZListConversationsRequest>;

export async function listConversations(executor: Executor, input: ListConversationsRequest) {
  const cursor = input.cursor ? parseCursor(input.cursor) : null;
  // "conversations"."id" by hand: in a select list drizzle would write a bare "id", which the subquery would
  // read as its own table's id.
  const waiting = sql`exists (select 1 from ${decisions} d where d.conversation_id = "conversations"."id"
    and d.outcome = 'pending' and d.mode in ('suggest', 'queue'))`;
  const rows = await executor
    .select({
      conversation: conversations,
      customer: {
        id: customers.id,
        phone: customers.phone,
        name: customers.name,
        isVip: customers.isVip,
        optedOut: customers.optedOut,
      },
      awaitingReview: sql<boolean>`${waiting}`,
      pendingQueueItems: sql<number>`(select count(*)::int from ${approvalQueue} q
        where q.conversation_id = "conversations"."id" and q.status = 'pending')`,
    })
    .from(conversations)
    .innerJoin(customers, eq(customers.id, conversations.customerId))
    .where(
      and(
        input.status ? eq(conversations.status, input.status) : undefined,
        input.escalated === undefined
          ? undefined
          : input.escalated
            ? isNotNull(conversations.escalatedAt)
            : sql`${conversations.escalatedAt} is null`,
        input.awaitingReview === undefined
          ? undefined
          : input.awaitingReview
            ? waiting
            : sql`not ${waiting}`,
        input.customerPhone ? eq(customers.phone, input.customerPhone) : undefined,
        cursor
          ? or(
              lt(conversations.lastMessageAt, cursor.at),
              and(eq(conversations.lastMessageAt, cursor.at), lt(conversations.id, cursor.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(conversations.lastMessageAt), desc(conversations.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor:
      rows.length > input.limit && last
        ? `${last.conversation.lastMessageAt.toISOString()}|${last.conversation.id}`
        : null,
  };
}

function parseCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = cursor.split("|");
  const date = new Date(at ?? "");
  if (!id || !z.uuid().safeParse(id).success || Number.isNaN(date.getTime())) {
    throw badRequest("Invalid cursor");
  }
  return { at: date, id };
}
