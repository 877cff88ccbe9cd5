// Turns a stored webhook event into a recorded message and, for a customer message, a decision and its action.
// An event is claimed by marking it processed inside the processing transaction: if the process dies mid-way
// the transaction rolls back, the mark goes with it, and the next sweep processes the event again. A failed attempt
// is counted and backed off (locked_until). Nothing is lost and nothing is recorded twice.
import { and, asc, eq, isNull, lt, or, sql } from "drizzle-orm";
import { webhookEvents } from "@playbook/db/schema";
import { recordMessage } from "../conversations/record-message";
import { parseWebhookEvent } from "../openphone/parse-webhook-event";
import { rootCause } from "../errors";
import { getSettings, type Settings } from "../settings/settings";
import type { RecordedMessage } from "../conversations/record-message";
import { decideMessage, type DecisionRow } from "./decide-message";
import { learnPendingExchanges } from "./learn-exchanges";
import type { ReplyEngine } from "./reply-engine";
import { sendDecisionReply } from "./send-reply";
import { withdrawAnsweredProposals } from "./withdraw-answered-proposals";

// After this many failed attempts an event is marked failed (still stored, visible, re-processable by hand).
const MAX_ATTEMPTS = 8;

export type ProcessEventResult =
  | { status: "processed"; messageId: string; decision: DecisionRow | null }
  | { status: "duplicate" | "ignored" | "skipped" }
  | { status: "failed"; error: string };

export async function processWebhookEvent(
  engine: ReplyEngine,
  eventRowId: string,
  opts: { storedAt?: number } = {},
): Promise<ProcessEventResult> {
  const { db } = engine.database;
  // Attempts so far, read with the claim: a failure is counted outside the transaction that failed.
  let attemptsBefore = 0;
  try {
    const outcome = await db.transaction(async (tx) => {
      // The row lock is the claim: another processor skips the event while this transaction holds it, and a
      // crash releases it with everything else the transaction did.
      // Marked processed first: the update's row lock is the claim (another processor waits for this
      // transaction, then finds the event done), and if anything below fails, the rollback undoes the mark.
      const [claimed] = await tx
        .update(webhookEvents)
        .set({
          status: "processed",
          processedAt: sql`now()`,
          attempts: sql`${webhookEvents.attempts} + 1`,
          lockedUntil: null,
          lastError: null,
        })
        .where(
          and(
            eq(webhookEvents.id, eventRowId),
            eq(webhookEvents.status, "pending"),
            or(isNull(webhookEvents.lockedUntil), lt(webhookEvents.lockedUntil, sql`now()`)),
          ),
        )
        .returning({
          rawBody: webhookEvents.rawBody,
          receivedAt: webhookEvents.receivedAt,
          attempts: webhookEvents.attempts,
        });
      if (!claimed) return null;
      attemptsBefore = claimed.attempts - 1;
      const parsed = parseWebhookEvent(claimed.rawBody);
      const message = parsed.ok ? parsed.event.message : null;
      if (!message) {
        await tx
          .update(webhookEvents)
          .set({
            status: "ignored",
            processedAt: sql`now()`,
            lastError: parsed.ok ? null : parsed.reason,
          })
          .where(eq(webhookEvents.id, eventRowId));
        return "ignored" as const;
      }
      // "Stored → decided" is measured from the moment the event was committed.
      const storedAt = opts.storedAt ?? claimed.receivedAt.getTime();
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
          ? await decideMessage(engine, tx, settings, recorded, storedAt)
          : null;
      if (
        recorded.status === "recorded" &&
        message.direction === "outbound" &&
        !recorded.message.sentByPlaybook
      ) {
        // An operator answered by hand: what Playbook proposed for this customer is withdrawn now, not when the
        // reply settles, so it cannot be accepted as a second answer.
        await withdrawAnsweredProposals(tx, {
          customerId: recorded.customer.id,
          answeredAt: recorded.message.sentAt,
          now: engine.now(),
        });
      }
      return { recorded, decided, settings };
    });
    if (outcome === null) return { status: "skipped" };
    if (outcome === "ignored") return { status: "ignored" };

    const { recorded, decided, settings } = outcome;
    if (recorded.status !== "recorded") return { status: "duplicate" };
    // The event is processed and committed; what follows must not be recorded as a failure of the event.
    await afterCommit(engine, recorded, decided?.decision ?? null, settings);
    return {
      status: "processed",
      messageId: recorded.message.id,
      decision: decided?.decision ?? null,
    };
  } catch (error) {
    const reason = describeFailure(error);
    engine.logger.error({ err: rootCause(error), eventRowId }, "webhook event processing failed");
    const attempts = attemptsBefore + 1;
    try {
      await db
        .update(webhookEvents)
        .set(
          attempts >= MAX_ATTEMPTS
            ? {
                status: "failed",
                attempts,
                processedAt: sql`now()`,
                lockedUntil: null,
                lastError: reason,
              }
            : {
                attempts,
                lastError: reason,
                // Back off before the next sweep retries it.
                lockedUntil: sql`now() + ${`${Math.min(2 ** attempts, 300)} seconds`}::interval`,
              },
        )
        .where(and(eq(webhookEvents.id, eventRowId), eq(webhookEvents.status, "pending")));
    } catch (bookkeeping) {
      // The event stays pending and is retried; the failure is logged, not thrown at the sweep.
      engine.logger.error(
        { err: bookkeeping, eventRowId },
        "could not record a processing failure",
      );
    }
    return { status: "failed", error: reason };
  }
}

const MAX_ERROR_LENGTH = 500;

/** Sends an auto reply and learns a settled reply: after the commit, each failure logged on its own. */
async function afterCommit(
  engine: ReplyEngine,
  recorded: RecordedMessage,
  decision: DecisionRow | null,
  settings: Settings,
) {
  if (decision?.mode === "auto" && decision.proposedReply) {
    try {
      await sendDecisionReply(engine, {
        decisionId: decision.id,
        text: decision.proposedReply,
        source: "playbook",
        outcome: "sent",
      });
    } catch (error) {
      // The decision stays 'pending'; the worker marks it failed so it can be retried from the dashboard.
      engine.logger.error(
        { err: rootCause(error), decisionId: decision.id },
        "auto reply not sent",
      );
    }
  }
  if (recorded.message.learnState === "pending" && settings.replySettleSeconds === 0) {
    try {
      await learnPendingExchanges(engine, { conversationId: recorded.conversation.id });
    } catch (error) {
      // The reply stays pending; the worker's learning job tries again.
      engine.logger.error({ err: rootCause(error) }, "learning from a reply failed");
    }
  }
}

/**
 * What went wrong, for the event's lastError: the root cause only. A query error's own message repeats the query
 * and its parameters (the customer's text and number), which do not belong in an error column.
 */
function describeFailure(error: unknown): string {
  return rootCause(error).message.replaceAll("\u0000", "").slice(0, MAX_ERROR_LENGTH);
}

/**
 * Processes events that are still pending (a crash, a restart, a failed attempt whose back-off is over, a burst
 * larger than the API held in memory), oldest first, in batches until none is left or the time is up. Several
 * customers are worked on at once; one customer's events are processed one after another, in order.
 */
export async function processPendingWebhookEvents(
  engine: ReplyEngine,
  opts: {
    batchSize?: number;
    lanes?: number;
    maxDurationMs?: number;
    /** Leave events younger than this to the API process that stored them (it is deciding them right now). */
    minAgeMs?: number;
    signal?: AbortSignal;
  } = {},
): Promise<{ processed: number; failed: number }> {
  const deadline = Date.now() + (opts.maxDurationMs ?? 10_000);
  const totals = { processed: 0, failed: 0 };
  const tried = new Set<string>();
  const stop = () => Boolean(opts.signal?.aborted) || Date.now() > deadline;
  while (!stop()) {
    const pending = await engine.database.db
      .select({ id: webhookEvents.id, rawBody: webhookEvents.rawBody })
      .from(webhookEvents)
      .where(
        and(
          eq(webhookEvents.status, "pending"),
          or(isNull(webhookEvents.lockedUntil), lt(webhookEvents.lockedUntil, sql`now()`)),
          opts.minAgeMs
            ? lt(
                webhookEvents.receivedAt,
                sql`now() - ${`${opts.minAgeMs} milliseconds`}::interval`,
              )
            : undefined,
        ),
      )
      .orderBy(asc(webhookEvents.receivedAt))
      .limit(opts.batchSize ?? 500);
    // An event that failed just now is backed off; one another processor holds is skipped: never loop on either.
    const fresh = pending.filter(({ id }) => !tried.has(id));
    if (fresh.length === 0) break;
    const byCustomer = new Map<string, string[]>();
    for (const { id, rawBody } of fresh) {
      tried.add(id);
      const parsed = parseWebhookEvent(rawBody);
      const key = parsed.ok && parsed.event.message ? parsed.event.message.customerPhone : id;
      byCustomer.set(key, [...(byCustomer.get(key) ?? []), id]);
    }
    const queues = [...byCustomer.values()];
    const lane = async () => {
      for (let ids = queues.shift(); ids; ids = queues.shift()) {
        for (const id of ids) {
          // In a burst, acknowledging new deliveries goes first; the backlog waits a moment.
          while (engine.load.busy() && !stop()) await new Promise((r) => setTimeout(r, 20));
          if (stop()) return;
          const result = await processWebhookEvent(engine, id);
          if (result.status === "failed") totals.failed += 1;
          else if (result.status !== "skipped") totals.processed += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: opts.lanes ?? 4 }, lane));
  }
  return totals;
}
