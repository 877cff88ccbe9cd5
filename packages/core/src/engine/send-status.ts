// Whether replies can go out right now, for the dashboard's honest-state banner: OpenPhone configured at all, and
// whether the most recent sends (automatic, approved or written in the dashboard) failed.
import { and, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { decisions, messages } from "@playbook/db/schema";
import type { ReplyEngine } from "./reply-engine";

/** This many failures in a row, with nothing sent since, says sending is broken rather than unlucky. */
export const FAILED_SENDS_FOR_ALERT = 3;

export interface SendStatus {
  /** OPENPHONE_API_KEY is set (and a business line is known or comes with each conversation). */
  configured: boolean;
  /** The most recent sends all failed. */
  failing: boolean;
  /** How many of the most recent sends failed in a row. */
  failedInARow: number;
  lastError: string | null;
  lastFailedAt: Date | null;
}

/** Replies sent through OpenPhone (automatic, approved or written in the dashboard), failed or not. */
export const sendsThroughOpenPhone = and(
  eq(messages.direction, "outbound"),
  inArray(messages.source, ["playbook", "dashboard"]),
  isNotNull(messages.providerStatus),
);

export async function getSendStatus(engine: ReplyEngine): Promise<SendStatus> {
  const recent = await engine.database.db
    .select({ status: messages.providerStatus, sentAt: messages.sentAt, id: messages.id })
    .from(messages)
    .where(sendsThroughOpenPhone)
    .orderBy(desc(messages.sentAt))
    .limit(FAILED_SENDS_FOR_ALERT);
  const failedInARow = recent.findIndex((m) => m.status !== "failed");
  const streak = failedInARow === -1 ? recent.length : failedInARow;
  const lastFailed = streak > 0 ? recent[0] : undefined;
  const [why] = lastFailed
    ? await engine.database.db
        .select({ error: decisions.sendError })
        .from(decisions)
        .where(eq(decisions.sentMessageId, lastFailed.id))
    : [];
  return {
    configured: engine.openPhone !== null,
    failing: streak >= FAILED_SENDS_FOR_ALERT,
    failedInARow: streak,
    lastError: why?.error ?? null,
    lastFailedAt: lastFailed?.sentAt ?? null,
  };
}
