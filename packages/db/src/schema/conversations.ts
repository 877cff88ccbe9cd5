// Customers, their conversations with the business, and every message in them.
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, id, timestamptz, updatedAt } from "./columns";

export const customers = pgTable(
  "customers",
  {
    id: id(),
    phone: text().notNull(),
    name: text(),
    isVip: boolean().notNull().default(false),
    // When the customer was last marked VIP (null for VIPs from before this was kept, and for non-VIPs).
    vipAt: timestamptz(),
    // After STOP nothing automated goes to this number until START.
    optedOut: boolean().notNull().default(false),
    optedOutAt: timestamptz(),
    // Sample data loaded by `playbook demo` (or the dashboard's demo button): removed in one action.
    isDemo: boolean().notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("customers_phone_key").on(t.phone),
    check("customers_phone_not_blank", sql`length(trim(${t.phone})) > 0`),
    check("customers_opt_out_consistent", sql`${t.optedOut} or ${t.optedOutAt} is null`),
  ],
);

export const conversationStatuses = ["open", "closed"] as const;
export const conversationStatus = pgEnum("conversation_status", conversationStatuses);

export const conversationEndReasons = ["idle_timeout", "closing_phrase", "manual"] as const;
export const conversationEndReason = pgEnum("conversation_end_reason", conversationEndReasons);

export const conversations = pgTable(
  "conversations",
  {
    id: id(),
    customerId: uuid()
      .notNull()
      .references(() => customers.id, { onDelete: "restrict" }),
    providerConversationId: text(),
    // The business line (OpenPhone phoneNumberId) the customer wrote to.
    phoneNumberId: text(),
    status: conversationStatus().notNull().default("open"),
    startedAt: timestamptz().notNull(),
    lastMessageAt: timestamptz().notNull(),
    endedAt: timestamptz(),
    endReason: conversationEndReason(),
    // Set when a customer asked for a person, was angry or urgent: a human must look at it.
    escalatedAt: timestamptz(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("conversations_customer_last_idx").on(t.customerId, t.lastMessageAt.desc()),
    index("conversations_status_last_idx").on(t.status, t.lastMessageAt.desc()),
    // Escalated conversations: the alerts check looks for the recent ones every minute and after every
    // escalation, and the work queue lists them; few conversations are escalated, so the index is small.
    index("conversations_escalated_idx")
      .on(t.escalatedAt)
      .where(sql`${t.escalatedAt} is not null`),
    check(
      "conversations_closed_consistent",
      sql`(${t.status} = 'closed') = (${t.endedAt} is not null) and (${t.endedAt} is null) = (${t.endReason} is null)`,
    ),
    check("conversations_times_ordered", sql`${t.lastMessageAt} >= ${t.startedAt}`),
  ],
);

export const messageDirections = ["inbound", "outbound"] as const;
export const messageDirection = pgEnum("message_direction", messageDirections);

export const messageSources = ["webhook", "import", "playbook", "dashboard"] as const;
export const messageSource = pgEnum("message_source", messageSources);

// Where an operator's outbound message stands in learning; null for messages nobody learns from.
export const learnStates = ["pending", "learned", "voided", "no_question", "superseded"] as const;
export const learnState = pgEnum("learn_state", learnStates);

export const messages = pgTable(
  "messages",
  {
    id: id(),
    conversationId: uuid().notNull(),
    customerId: uuid()
      .notNull()
      .references(() => customers.id, { onDelete: "restrict" }),
    direction: messageDirection().notNull(),
    body: text().notNull(),
    // The text arrived longer than an SMS can be (OpenPhone's 1,600 characters) and was cut to that length.
    bodyTruncated: boolean().notNull().default(false),
    source: messageSource().notNull(),
    // OpenPhone's message id; unique so a redelivered event cannot store a message twice.
    providerMessageId: text(),
    providerStatus: text(),
    // OpenPhone userId of the operator who sent an outbound message by hand.
    providerUserId: text(),
    operatorName: text(),
    // Set for messages Playbook sent itself: never learned from.
    sentByPlaybook: boolean().notNull().default(false),
    sentByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    sentAt: timestamptz().notNull(),
    learnState: learnState(),
    // Why an exchange was not learned (e.g. "test_message"), or the example it became.
    learnNote: text(),
    // What identifies an imported message across imports (its message_id, or a digest of the row): importing
    // the same history again adds nothing.
    importKey: text(),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({ columns: [t.conversationId], foreignColumns: [conversations.id] }).onDelete(
      "cascade",
    ),
    uniqueIndex("messages_provider_message_id_key").on(t.providerMessageId),
    uniqueIndex("messages_import_key_key").on(t.importKey),
    index("messages_conversation_sent_idx").on(t.conversationId, t.sentAt),
    index("messages_customer_sent_idx").on(t.customerId, t.sentAt),
    index("messages_learn_pending_idx")
      .on(t.sentAt)
      .where(sql`${t.learnState} = 'pending'`),
    check(
      "messages_learn_state_outbound_human",
      sql`${t.learnState} is null or (${t.direction} = 'outbound' and not ${t.sentByPlaybook})`,
    ),
    check(
      "messages_playbook_is_outbound",
      sql`not ${t.sentByPlaybook} or ${t.direction} = 'outbound'`,
    ),
  ],
);

// What the work queue needs to know of each conversation, kept by database triggers wherever messages, decisions
// and queue items are written (see migration 0011's hand-written block), so the queue never recomputes it per
// conversation on every look.
export const conversationWork = pgTable(
  "conversation_work",
  {
    conversationId: uuid()
      .primaryKey()
      .references(() => conversations.id, { onDelete: "cascade" }),
    // The last reply that reached the customer (a failed send does not count).
    answeredAt: timestamptz(),
    // The customer's first message after that reply: since when they have waited.
    firstUnansweredAt: timestamptz(),
    // Pending suggestions nobody reviewed, and failed sends.
    suggestions: integer().notNull().default(0),
    failed: integer().notNull().default(0),
    // The latest expiry among the pending queue items (the queue counts those not expired yet).
    queueExpiresAt: timestamptz(),
    // The transaction that last refreshed the row: a transaction refreshes each conversation once, at commit.
    refreshedXact: text(),
  },
  (t) => [
    index("conversation_work_pending_idx")
      .on(t.conversationId)
      .where(sql`${t.suggestions} > 0 or ${t.failed} > 0 or ${t.queueExpiresAt} is not null`),
  ],
);
