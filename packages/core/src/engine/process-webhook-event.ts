// Turns a stored webhook event into a recorded message and, for a customer message, a decision and its action.
// An event is claimed by marking it processed inside the processing transaction: if the process dies mid-way
// the transaction rolls back, the mark goes with it, and the next sweep processes the event again. A failed attempt
// is counted and backed off (locked_until). Nothing is lost and nothing is recorded twice.
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { queryRows, type Tx } from "@playbook/db";
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
  /** An earlier message of the same customer is still undecided, or another process is deciding one now. */
  | { status: "deferred" }
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
      if (!(await isNextOfItsCustomer(tx, eventRowId))) return "deferred" as const;
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
          bodyTruncated: message.bodyTruncated,
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
    if (outcome === "deferred") return { status: "deferred" };
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

/**
 * A customer's messages are decided in the order they were sent, across processes, restarts and the sweep: an
 * event is decided only while this transaction holds its customer's lock and no earlier stored message of the
 * customer is still pending (a STOP among them is decided before anything after it). The lock is a transaction
 * advisory lock, so a crashed process releases it with its connection. An automatic reply still being sent counts
 * as undecided too: a STOP is decided only once no reply to an earlier message can still reach the customer (a
 * send interrupted by a crash holds the customer until fail-interrupted-sends marks it failed, within minutes).
 * Events stored before the customer was
 * recorded on them (older versions) are not ordered.
 */
async function isNextOfItsCustomer(tx: Tx, eventRowId: string): Promise<boolean> {
  const [row] = await queryRows<{ next: boolean }>(
    tx,
    sql`select e.customer_phone is null or (
          pg_try_advisory_xact_lock(hashtextextended('customer:' || e.customer_phone, 0))
          and not exists (
            select 1 from webhook_events earlier
            where earlier.customer_phone = e.customer_phone
              and earlier.status = 'pending'
              and earlier.id <> e.id
              and (earlier.sent_at, earlier.received_at, earlier.id) < (e.sent_at, e.received_at, e.id)
          )
          and not exists (
            select 1 from customers c
            join messages m on m.customer_id = c.id
            join decisions d on d.message_id = m.id
            where c.phone = e.customer_phone and d.mode = 'auto' and d.outcome = 'pending'
          )
        ) as next
        from webhook_events e where e.id = ${eventRowId}`,
  );
  // A vanished row is not ours to order; the claim below finds nothing to do.
  return row?.next ?? true;
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
