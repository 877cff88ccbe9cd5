// Sends recorded alerts to Slack. Runs under one cluster-wide lock, so no two processes send the same alert; a
// failed post is retried later with backoff, and given up (marked failed) after a bounded number of attempts.
import { and, asc, eq, lte } from "drizzle-orm";
import type { Database } from "@playbook/db";
import { alerts } from "@playbook/db/schema";
import type { Logger } from "../logger";
import { collectAlerts } from "./collect-alerts";
import { formatSlackText, type SlackClient } from "./slack-client";

export const MAX_SLACK_ATTEMPTS = 6;
const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 30 * 60_000;
const BATCH = 50;
/** The lock every process takes to collect and send alerts. */
export const ALERTS_LOCK = "alerts";

export interface AlertTarget {
  /** Null when SLACK_WEBHOOK_URL is not set: alerts are recorded and shown in the browser only. */
  slack: SlackClient | null;
  /** Where the dashboard is, for links in alerts. */
  dashboardUrl: string;
}

export function conversationLink(dashboardUrl: string, conversationId: string | null): string {
  const base = dashboardUrl.replace(/\/+$/, "");
  return conversationId ? `${base}/inbox/${conversationId}` : `${base}/settings`;
}

export function retryDelayMs(attempts: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), RETRY_MAX_MS);
}

export async function deliverAlerts(
  database: Database,
  target: AlertTarget,
  now: Date,
  logger: Logger,
): Promise<{ sent: number; failed: number }> {
  const { slack } = target;
  if (!slack) return { sent: 0, failed: 0 };
  const { db } = database;
  const due = await db
    .select()
    .from(alerts)
    .where(and(eq(alerts.slackState, "pending"), lte(alerts.nextAttemptAt, now)))
    .orderBy(asc(alerts.createdAt))
    .limit(BATCH);
  let sent = 0;
  let failed = 0;
  for (const alert of due) {
    const attempts = alert.slackAttempts + 1;
    try {
      await slack.post(
        formatSlackText(alert.title, conversationLink(target.dashboardUrl, alert.conversationId)),
      );
      await db
        .update(alerts)
        .set({ slackState: "sent", slackAttempts: attempts, sentAt: new Date(), lastError: null })
        .where(eq(alerts.key, alert.key));
      sent += 1;
    } catch (error) {
      failed += 1;
      const giveUp = attempts >= MAX_SLACK_ATTEMPTS;
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ err: error, alert: alert.key, attempts, giveUp }, "Slack alert not delivered");
      await db
        .update(alerts)
        .set({
          slackState: giveUp ? "failed" : "pending",
          slackAttempts: attempts,
          lastError: message.slice(0, 500),
          nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)),
        })
        .where(eq(alerts.key, alert.key));
    }
  }
  return { sent, failed };
}

/**
 * Collects new alerts and sends what is due, under the cluster-wide alerts lock. Returns null when another
 * process (or call) holds the lock: it is doing the same work.
 */
export async function runAlerts(
  database: Database,
  target: AlertTarget,
  now: Date,
  logger: Logger,
): Promise<{ created: number; sent: number; failed: number } | null> {
  const result = await database.withAdvisoryLock(ALERTS_LOCK, async () => {
    const { created } = await collectAlerts(database.db, {
      now,
      slackConfigured: target.slack !== null,
    });
    return { created, ...(await deliverAlerts(database, target, now, logger)) };
  });
  return result.acquired ? result.value : null;
}
