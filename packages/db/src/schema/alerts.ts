// Alerts for people (Slack, the browser): one row per alert key, so two processes or a retried job never send the
// same alert twice, and a Slack outage only delays delivery.
import { sql } from "drizzle-orm";
import { check, index, integer, pgEnum, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, timestamptz } from "./columns";
import { conversations } from "./conversations";

export const alertKinds = ["escalation", "waiting", "send_failed", "kill_switch"] as const;
export const alertKind = pgEnum("alert_kind", alertKinds);

/** Slack delivery: pending until sent, or skipped (no webhook configured), or failed after the last retry. */
export const alertDeliveryStates = ["pending", "sent", "skipped", "failed"] as const;
export const alertDeliveryState = pgEnum("alert_delivery_state", alertDeliveryStates);

export const alerts = pgTable(
  "alerts",
  {
    /** What makes an alert the same alert, e.g. `escalation:<conversation id>:<escalated at>`. */
    key: text().primaryKey(),
    kind: alertKind().notNull(),
    conversationId: uuid().references(() => conversations.id, { onDelete: "cascade" }),
    /** The alert as a person reads it; no customer message text. */
    title: text().notNull(),
    slackState: alertDeliveryState().notNull().default("pending"),
    slackAttempts: integer().notNull().default(0),
    nextAttemptAt: timestamptz().notNull().defaultNow(),
    lastError: text(),
    sentAt: timestamptz(),
    createdAt: createdAt(),
  },
  (t) => [
    index("alerts_pending_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.slackState} = 'pending'`),
    index("alerts_created_idx").on(t.createdAt.desc()),
    check("alerts_sent_consistent", sql`(${t.slackState} = 'sent') = (${t.sentAt} is not null)`),
  ],
);
