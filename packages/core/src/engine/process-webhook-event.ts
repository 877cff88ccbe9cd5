// Turns a stored webhook event into a recorded message and, for a customer message, a decision and its action.
// Events are claimed with a lease: if a process dies mid-way the transaction rolls back and the lease runs out,
// and the next sweep processes the event again. Nothing is lost and nothing is recorded twice.
import { and, asc, eq, isNull, lt, or, sql } from "drizzle-orm";
import { webhookEvents } from "@playbook/db/schema";
import { recordMessage } from "../conversations/record-message";
import { parseWebhookEvent } from "../openphone/parse-webhook-event";
import { getSettings } from "../settings/settings";
import { decideMessage, type DecisionRow } from "./decide-message";
import { learnPendingExchanges } from "./learn-exchanges";
import type { ReplyEngine } from "./reply-engine";
import { sendDecisionReply } from "./send-reply";

const LEASE_MS = 60_000;
// After this many failed attempts an event is marked failed (still stored, visible, re-processable by hand).
const MAX_ATTEMPTS = 8;

export type ProcessEventResult =
  | { status: "processed"; messageId: string; decision: DecisionRow | null }
  | { status: "duplicate" | "ignored" | "skipped" }
  | { status: "failed"; error: string };

export async function processWebhookEvent(
  engine: ReplyEngine,
  eventRowId: string,
): Promise<ProcessEventResult> {
  const { db } = engine.database;
  const startedAt = performance.now();
  const [claimed] = await db
    .update(webhookEvents)
    .set({
      attempts: sql`${webhookEvents.attempts} + 1`,
      lockedUntil: sql`now() + ${`${LEASE_MS} milliseconds`}::interval`,
    })
    .where(
      and(
        eq(webhookEvents.id, eventRowId),
        eq(webhookEvents.status, "pending"),
        or(isNull(webhookEvents.lockedUntil), lt(webhookEvents.lockedUntil, sql`now()`)),
      ),
    )
    .returning({ rawBody: webhookEvents.rawBody, attempts: webhookEvents.attempts });
  if (!claimed) return { status: "skipped" };

  try {
    const parsed = parseWebhookEvent(claimed.rawBody);
    const message = parsed.ok ? parsed.event.message : null;
    if (!message) {
      await finish(engine, eventRowId, "ignored", parsed.ok ? null : parsed.reason);
      return { status: "ignored" };
    }

    const outcome = await db.transaction(async (tx) => {
      const settings = await getSettings(tx);
      const recorded = await recordMessage(
        tx,
        {
          direction: message.direction,
          customerPhone: message.customerPhone,
          body: message.body,
          sentAt: message.createdAt,
          source: "webhook",
          providerMessageId: message.providerMessageId,
          providerStatus: message.status,
          providerUserId: message.userId,
          providerConversationId: message.conversationId,
          phoneNumberId: message.phoneNumberId,
        },
        settings,
      );
      const decided =
        recorded.status === "recorded" && message.direction === "inbound"
          ? await decideMessage(engine, tx, settings, recorded, startedAt)
          : null;
      await tx
        .update(webhookEvents)
        .set({ status: "processed", processedAt: sql`now()`, lockedUntil: null, lastError: null })
        .where(eq(webhookEvents.id, eventRowId));
      return { recorded, decided, settings };
    });

    const { recorded, decided, settings } = outcome;
    if (recorded.status !== "recorded") return { status: "duplicate" };

    if (decided?.decision.mode === "auto" && decided.decision.proposedReply) {
      await sendDecisionReply(engine, {
        decisionId: decided.decision.id,
        text: decided.decision.proposedReply,
        source: "playbook",
        outcome: "sent",
      });
    }
    if (recorded.message.learnState === "pending" && settings.replySettleSeconds === 0) {
      await learnPendingExchanges(engine, { conversationId: recorded.conversation.id });
    }
    return {
      status: "processed",
      messageId: recorded.message.id,
      decision: decided?.decision ?? null,
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    engine.logger.error({ err: error, eventRowId }, "webhook event processing failed");
    if (claimed.attempts >= MAX_ATTEMPTS) await finish(engine, eventRowId, "failed", reason);
    else {
      // Back off before the next sweep retries it.
      await db
        .update(webhookEvents)
        .set({
          lastError: reason,
          lockedUntil: sql`now() + ${`${Math.min(2 ** claimed.attempts, 300)} seconds`}::interval`,
        })
        .where(eq(webhookEvents.id, eventRowId));
    }
    return { status: "failed", error: reason };
  }
}

async function finish(
  engine: ReplyEngine,
  eventRowId: string,
  status: "ignored" | "failed",
  error: string | null,
) {
  await engine.database.db
    .update(webhookEvents)
    .set({ status, processedAt: sql`now()`, lockedUntil: null, lastError: error })
    .where(eq(webhookEvents.id, eventRowId));
}

/** Processes events that are still pending (a crash, a restart, a failed attempt whose back-off is over). */
export async function processPendingWebhookEvents(
  engine: ReplyEngine,
  opts: { limit?: number; signal?: AbortSignal } = {},
): Promise<{ processed: number; failed: number }> {
  const pending = await engine.database.db
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(
      and(
        eq(webhookEvents.status, "pending"),
        or(isNull(webhookEvents.lockedUntil), lt(webhookEvents.lockedUntil, sql`now()`)),
      ),
    )
    .orderBy(asc(webhookEvents.receivedAt))
    .limit(opts.limit ?? 500);
  let processed = 0;
  let failed = 0;
  for (const { id } of pending) {
    if (opts.signal?.aborted) break;
    const result = await processWebhookEvent(engine, id);
    if (result.status === "failed") failed += 1;
    else if (result.status !== "skipped") processed += 1;
  }
  return { processed, failed };
}
