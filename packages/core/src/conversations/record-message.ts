// Stores one message: its customer, the conversation it belongs to (a new one after an idle gap or a closing
// reply), and whether it waits to be learned from. Runs inside the caller's transaction.
import { and, asc, desc, eq, gte, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Tx } from "@playbook/db";
import { conversations, customers, messages } from "@playbook/db/schema";
import { conversationStep, rhythmSample } from "../learning/conversation-boundaries";
import type { Settings } from "../settings/settings";

type MessageRow = typeof messages.$inferSelect;
type ConversationRow = typeof conversations.$inferSelect;
type CustomerRow = typeof customers.$inferSelect;

export interface NewMessage {
  direction: "inbound" | "outbound";
  customerPhone: string;
  customerName?: string | null;
  body: string;
  bodyTruncated?: boolean;
  sentAt: Date;
  source: "webhook" | "import" | "playbook" | "dashboard";
  providerMessageId?: string | null;
  providerStatus?: string | null;
  providerUserId?: string | null;
  providerConversationId?: string | null;
  phoneNumberId?: string | null;
  operatorName?: string | null;
  sentByPlaybook?: boolean;
  sentByUserId?: string | null;
}

export interface RecordedMessage {
  /** "duplicate": this provider message was stored before; "linked": it is the echo of a reply Playbook sent. */
  status: "recorded" | "duplicate" | "linked";
  message: MessageRow;
  conversation: ConversationRow;
  customer: CustomerRow;
}

// How long after Playbook sends a reply its webhook echo may arrive and still be recognised as ours.
const ECHO_WINDOW_MS = 10 * 60_000;
type RecentMessage = { direction: "inbound" | "outbound"; body: string; sent_at: string };

export async function recordMessage(
  tx: Tx,
  input: NewMessage,
  settings: Pick<Settings, "conversationIdleMinutes" | "adaptiveConversationTimeout">,
): Promise<RecordedMessage> {
  // The upsert locks the customer's row until the transaction ends: one customer's messages are recorded one
  // at a time, so two deliveries cannot open two conversations.
  const [customer] = await tx
    .insert(customers)
    .values({ phone: input.customerPhone, name: input.customerName ?? null })
    .onConflictDoUpdate({
      target: customers.phone,
      set: { name: sql`coalesce(excluded.name, ${customers.name})` },
    })
    .returning();
  if (!customer) throw new Error("customer upsert returned no row");

  if (input.providerMessageId) {
    const [existing] = await tx
      .select()
      .from(messages)
      .where(eq(messages.providerMessageId, input.providerMessageId));
    if (existing) return { status: "duplicate", ...(await loadContext(tx, existing)) };
  }

  if (input.direction === "outbound" && !input.sentByPlaybook && input.providerMessageId) {
    const echo = await findOwnReply(tx, customer.id, input);
    if (echo) {
      const [linked] = await tx
        .update(messages)
        .set({
          providerMessageId: input.providerMessageId,
          providerStatus: input.providerStatus ?? echo.providerStatus,
        })
        .where(eq(messages.id, echo.id))
        .returning();
      return { status: "linked", ...(await loadContext(tx, linked ?? echo)) };
    }
  }

  const conversation = await conversationFor(tx, customer.id, input, settings);
  const [message] = await tx
    .insert(messages)
    .values({
      conversationId: conversation.id,
      customerId: customer.id,
      direction: input.direction,
      body: input.body,
      bodyTruncated: input.bodyTruncated ?? false,
      source: input.source,
      providerMessageId: input.providerMessageId ?? null,
      providerStatus: input.providerStatus ?? null,
      providerUserId: input.providerUserId ?? null,
      operatorName: input.operatorName ?? null,
      sentByPlaybook: input.sentByPlaybook ?? false,
      sentByUserId: input.sentByUserId ?? null,
      sentAt: input.sentAt,
      // Only what a person wrote is learned from.
      learnState: input.direction === "outbound" && !input.sentByPlaybook ? "pending" : null,
    })
    .returning();
  if (!message) throw new Error("message insert returned no row");

  const [updated] = await tx
    .update(conversations)
    .set({
      lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${input.sentAt})`,
      startedAt: sql`least(${conversations.startedAt}, ${input.sentAt})`,
      providerConversationId: sql`coalesce(${conversations.providerConversationId}, ${input.providerConversationId ?? null})`,
      phoneNumberId: sql`coalesce(${conversations.phoneNumberId}, ${input.phoneNumberId ?? null})`,
    })
    .where(eq(conversations.id, conversation.id))
    .returning();
  return { status: "recorded", message, conversation: updated ?? conversation, customer };
}

async function loadContext(tx: Tx, message: MessageRow) {
  const [conversation] = await tx
    .select()
    .from(conversations)
    .where(eq(conversations.id, message.conversationId));
  const [customer] = await tx.select().from(customers).where(eq(customers.id, message.customerId));
  if (!conversation || !customer) throw new Error(`message ${message.id} lost its conversation`);
  return { message, conversation, customer };
}

async function findOwnReply(tx: Tx, customerId: string, input: NewMessage) {
  const [row] = await tx
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.customerId, customerId),
        eq(messages.sentByPlaybook, true),
        isNull(messages.providerMessageId),
        // "failed" too: a send that timed out may still have reached the customer.
        inArray(messages.providerStatus, ["sending", "failed"]),
        eq(messages.body, input.body),
        gte(messages.sentAt, new Date(input.sentAt.getTime() - ECHO_WINDOW_MS)),
      ),
    )
    .orderBy(desc(messages.sentAt))
    .limit(1);
  return row ?? null;
}

async function conversationFor(
  tx: Tx,
  customerId: string,
  input: NewMessage,
  settings: Pick<Settings, "conversationIdleMinutes" | "adaptiveConversationTimeout">,
): Promise<ConversationRow> {
  // The latest conversation and its recent messages in one round trip: this runs for every message.
  const [row] = await tx
    .select({
      conversation: conversations,
      // Qualified by hand: drizzle writes a column of the selected table without its table name, which inside
      // this subquery would mean the message's own id.
      recent: sql<RecentMessage[]>`coalesce((
        select json_agg(r order by r.sent_at desc) from (
          select direction, body, sent_at from ${messages} m
          where m.conversation_id = "conversations"."id"
          order by m.sent_at desc limit ${rhythmSample}
        ) r), '[]'::json)`,
    })
    .from(conversations)
    .where(eq(conversations.customerId, customerId))
    .orderBy(desc(conversations.lastMessageAt))
    .limit(1);
  const latest = row?.conversation;

  // A late delivery of an older message belongs to the conversation it was part of, not a new one.
  if (latest && input.sentAt <= latest.lastMessageAt) {
    if (input.sentAt >= latest.startedAt) return latest;
    const [earlier] = await tx
      .select()
      .from(conversations)
      .where(
        and(eq(conversations.customerId, customerId), lte(conversations.startedAt, input.sentAt)),
      )
      .orderBy(desc(conversations.startedAt))
      .limit(1);
    // Older than every conversation: it opens the first one (its start moves back to it).
    return earlier ?? (await firstConversation(tx, customerId)) ?? latest;
  }

  if (row && latest && latest.status === "open") {
    // Newest first, as the query returned them.
    const recent = row.recent.map((m) => ({
      direction: m.direction,
      body: m.body,
      sentAt: new Date(m.sent_at),
    }));
    const lastOutbound = recent.find((m) => m.direction === "outbound") ?? null;
    const step = conversationStep(
      {
        lastMessageAt: latest.lastMessageAt,
        chronological: [...recent].reverse(),
        lastOutbound,
        lastInboundAt: recent.find((m) => m.direction === "inbound")?.sentAt ?? null,
      },
      input,
      settings,
    );
    if (!step.newConversation) return latest;
    await tx
      .update(conversations)
      .set({ status: "closed", endedAt: latest.lastMessageAt, endReason: step.reason })
      .where(eq(conversations.id, latest.id));
  }
  // A closed conversation is never reopened: the customer starts a new one.

  const [created] = await tx
    .insert(conversations)
    .values({
      customerId,
      providerConversationId: input.providerConversationId ?? null,
      phoneNumberId: input.phoneNumberId ?? null,
      startedAt: input.sentAt,
      lastMessageAt: input.sentAt,
    })
    .returning();
  if (!created) throw new Error("conversation insert returned no row");
  return created;
}

async function firstConversation(tx: Tx, customerId: string) {
  const [first] = await tx
    .select()
    .from(conversations)
    .where(eq(conversations.customerId, customerId))
    .orderBy(asc(conversations.startedAt))
    .limit(1);
  return first;
}
