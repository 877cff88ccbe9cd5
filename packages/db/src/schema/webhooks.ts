// Raw webhook deliveries, stored before they are acknowledged so that nothing a sender gave us is lost.
import { sql } from "drizzle-orm";
import { check, index, integer, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, timestamptz } from "./columns";

export const webhookEventStatuses = ["pending", "processed", "ignored", "failed"] as const;
export const webhookEventStatus = pgEnum("webhook_event_status", webhookEventStatuses);

export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: id(),
    provider: text().notNull(),
    // The sender's event id: a redelivery of the same event is recognised by it.
    eventId: text().notNull(),
    eventType: text().notNull(),
    signatureScheme: text().notNull(),
    // Exactly the bytes that were signed, so an event can be re-verified or re-parsed later.
    rawBody: text().notNull(),
    // For a message event: the customer's number and when the message was sent. One customer's messages are
    // decided in the order they were sent, whichever process stored them (see process-webhook-event.ts).
    customerPhone: text(),
    sentAt: timestamptz(),
    status: webhookEventStatus().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    // A processor holds an event until this time; after it, another may take it over (crash recovery).
    lockedUntil: timestamptz(),
    lastError: text(),
    receivedAt: createdAt(),
    processedAt: timestamptz(),
  },
  (t) => [
    uniqueIndex("webhook_events_provider_event_key").on(t.provider, t.eventId),
    index("webhook_events_pending_idx")
      .on(t.receivedAt)
      .where(sql`${t.status} = 'pending'`),
    index("webhook_events_customer_pending_idx")
      .on(t.customerPhone, t.sentAt, t.receivedAt)
      .where(sql`${t.status} = 'pending'`),
    check("webhook_events_attempts_nonnegative", sql`${t.attempts} >= 0`),
    check(
      "webhook_events_processed_consistent",
      sql`(${t.status} = 'pending') = (${t.processedAt} is null)`,
    ),
  ],
);
