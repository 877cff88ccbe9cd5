// Stores one message: its customer, the conversation it belongs to (a new one after an idle gap or a closing
// reply), and whether it waits to be learned from. Runs inside the caller's transaction.
import { and, asc, desc, eq, gte, inArray, isNull, lte, or } from "drizzle-orm";
import { columnsOf, runStatement, statement, type Tx } from "@playbook/db";
import { conversations, customers, messages } from "@playbook/db/schema";
import { conversationStep, rhythmSample } from "../learning/conversation-boundaries";
import type { Settings } from "../settings/settings";

type MessageRow = typeof messages.$inferSelect;
type ConversationRow = typeof conversations.$inferSelect;
type CustomerRow = typeof customers.$inferSelect;

export interface NewMessage {
  /** Chosen by the caller when the id is an idempotency key (a reply written in the dashboard). */
  id?: string;
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
  /** Overrides the default (an operator's outbound message waits to be learned): null while its send is open. */
  learnState?: "pending" | null;
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
/** The customer's latest conversation and its newest messages (newest first). */
type Latest = { conversation: ConversationRow; recent: RecentMessage[] };

const customerColumns = columnsOf(customers, "c");
const latestColumns = columnsOf(conversations, "v");
const recordStart = statement(
  "playbook_record_start",
  `with c as (
    insert into customers as c (phone, name) values ($1, $2)
    on conflict (phone) do update set name = coalesce(excluded.name, c.name), updated_at = $3
    -- Only if the customer is as this statement's snapshot saw it: otherwise another transaction recorded a
    -- message of theirs while this one waited for the row, and the conversations read below would be stale
    -- (one statement reads one snapshot). The row is locked either way; the caller then reads again.
    where c.xmin = (select s.xmin from customers s where s.phone = $1)
    returning ${customerColumns.list}
  )
  select c.*,
    (select m.id from messages m where m.provider_message_id = $4) as existing,
    ${latestColumns.list},
    case when v.id is null then '[]'::json else coalesce((
      select json_agg(r order by r.sent_at desc) from (
        select direction, body, sent_at from messages m
        where m.conversation_id = v.id
        order by m.sent_at desc limit ${rhythmSample}
      ) r), '[]'::json) end as recent
  from c left join lateral (
    select * from conversations v where v.customer_id = c."c.id" order by v.last_message_at desc limit 1
  ) v on true`,
);

const messageColumns = columnsOf(messages, "m");
const conversationColumns = columnsOf(conversations, "v");
const insertMessage = statement(
  "playbook_insert_message",
  `with m as (
    insert into messages as m (id, conversation_id, customer_id, direction, body, body_truncated, source,
      provider_message_id, provider_status, provider_user_id, operator_name, sent_by_playbook, sent_by_user_id,
      sent_at, learn_state)
    values (coalesce($18::uuid, gen_random_uuid()), $1, $2, $3::text::message_direction, $4, $5, $6::text::message_source, $7, $8, $9, $10, $11, $12,
      $13, $14::text::learn_state)
    returning ${messageColumns.list}
  ), v as (
    update conversations as v set
      last_message_at = greatest(v.last_message_at, $13),
      started_at = least(v.started_at, $13),
      provider_conversation_id = coalesce(v.provider_conversation_id, $15),
      phone_number_id = coalesce(v.phone_number_id, $16),
      updated_at = $17
    where v.id = $1
    returning ${conversationColumns.list}
  )
  select m.*, v.* from m left join v on true`,
);

export async function recordMessage(
  tx: Tx,
  input: NewMessage,
  settings: Pick<Settings, "conversationIdleMinutes" | "adaptiveConversationTimeout">,
): Promise<RecordedMessage> {
  // The upsert locks the customer's row until the transaction ends: one customer's messages are recorded one
  // at a time, so two deliveries cannot open two conversations. The same statement looks for an earlier copy of
  // this message and reads the customer's latest conversation with its recent messages: this runs for every
  // message, so it is one round trip.
  const start = () =>
    runStatement(tx, recordStart, [
      input.customerPhone,
      input.customerName ?? null,
      new Date(),
      input.providerMessageId ?? null,
    ]);
  // No row: another transaction changed the customer after this statement's snapshot (see recordStart). The row
  // is now locked by this transaction, so the second statement, with a fresh snapshot, sees everything committed.
  let [row] = await start();
  if (!row) [row] = await start();
  if (!row) throw new Error("customer upsert returned no row");
  const customer = customerColumns.read(row);
  const latest: Latest | undefined =
    row["v.id"] === null
      ? undefined
      : { conversation: latestColumns.read(row), recent: row.recent as RecentMessage[] };

  if (row.existing !== null) {
    const [existing] = await tx
      .select()
      .from(messages)
      .where(eq(messages.id, row.existing as string));
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

  const conversation = await conversationFor(tx, customer.id, latest, input, settings);
  const [stored] = await runStatement(tx, insertMessage, [
    conversation.id,
    customer.id,
    input.direction,
    input.body,
    input.bodyTruncated ?? false,
    input.source,
    input.providerMessageId ?? null,
    input.providerStatus ?? null,
    input.providerUserId ?? null,
    input.operatorName ?? null,
    input.sentByPlaybook ?? false,
    input.sentByUserId ?? null,
    input.sentAt,
    // Only what a person wrote is learned from.
    input.learnState !== undefined
      ? input.learnState
      : input.direction === "outbound" && !input.sentByPlaybook
        ? "pending"
        : null,
    input.providerConversationId ?? null,
    input.phoneNumberId ?? null,
    new Date(),
    input.id ?? null,
  ]);
  if (!stored) throw new Error("message insert returned no row");
  const message = messageColumns.read(stored);
  const updated = stored["v.id"] === null ? conversation : conversationColumns.read(stored);
  return { status: "recorded", message, conversation: updated, customer };
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
        // Sent by Playbook, or by an operator from the dashboard (both go out through our API key).
        or(eq(messages.sentByPlaybook, true), eq(messages.source, "dashboard")),
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
  row: Latest | undefined,
  input: NewMessage,
  settings: Pick<Settings, "conversationIdleMinutes" | "adaptiveConversationTimeout">,
): Promise<ConversationRow> {
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
