// Turns a stored webhook event into a recorded message and, for a customer message, a decision and its action.
// An event is claimed by marking it processed inside the processing transaction: if the process dies mid-way
// the transaction rolls back, the mark goes with it, and the next sweep processes the event again. A failed attempt
// is counted and backed off (locked_until). Nothing is lost and nothing is recorded twice.
import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@playbook/db";
import { webhookEvents } from "@playbook/db/schema";
import { recordMessage } from "../conversations/record-message";
import { parseWebhookEvent } from "../openphone/parse-webhook-event";
import { rootCause } from "../errors";
import type { Settings } from "../settings/settings";
import type { RecordedMessage } from "../conversations/record-message";
import { claimEvent, claimNextEventOf, type Claim } from "./claim-event";
import { decideMessage, type DecisionRow } from "./decide-message";
import { learnPendingExchanges } from "./learn-exchanges";
import { nameOpenPhoneSender } from "./name-openphone-sender";
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
  const { result } = await processClaimed(
    engine,
    (tx) => claimEvent(tx, eventRowId),
    () => opts.storedAt,
    eventRowId,
  );
  if (result.status === "none" || result.status === "backed_off") return { status: "skipped" };
  return result;
}

export type NextEventResult = {
  result: ProcessEventResult | { status: "none" } | { status: "backed_off" };
  /** The event looked at; null when the customer has none pending (or the claim itself failed). */
  eventId: string | null;
  /** Other events of the customer were pending when this one was claimed (false when not known). */
  more?: boolean;
};

/**
 * Processes `customerPhone`'s next pending event (oldest sent first), if it may be decided now: "none" when the
 * customer has none, "backed_off" when the next one waits after a failed attempt, "deferred" when another process
 * is on the customer.
 */
export function processNextEventOf(
  engine: ReplyEngine,
  customerPhone: string,
  storedAt: (eventRowId: string) => number | undefined = () => undefined,
): Promise<NextEventResult> {
  return processClaimed(engine, (tx) => claimNextEventOf(tx, customerPhone), storedAt, null);
}

async function processClaimed(
  engine: ReplyEngine,
  claim: (tx: Tx) => Promise<Claim>,
  storedAtOf: (eventRowId: string) => number | undefined,
  knownId: string | null,
): Promise<NextEventResult> {
  const { db } = engine.database;
  let eventRowId = knownId;
  // Attempts so far, read with the claim: a failure is counted outside the transaction that failed.
  let attemptsBefore = 0;
  try {
    const outcome = await db.transaction(async (tx) => {
      const claimed = await claim(tx);
      if (claimed.status !== "claimed") return claimed;
      eventRowId = claimed.id;
      attemptsBefore = claimed.attemptsBefore;
      const { settings } = claimed;
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
          .where(eq(webhookEvents.id, claimed.id));
        return { status: "ignored" as const, id: claimed.id };
      }
      // "Stored → decided" is measured from the moment the event was committed.
      const storedAt = storedAtOf(claimed.id) ?? claimed.receivedAt.getTime();
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
      return {
        status: "recorded" as const,
        id: claimed.id,
        more: claimed.more,
        recorded,
        decided,
        settings,
      };
    });
    if (outcome.status === "none") return { result: outcome, eventId: null };
    if (outcome.status !== "recorded") {
      return { result: { status: outcome.status }, eventId: outcome.id };
    }
    const { recorded, decided, settings } = outcome;
    const { more } = outcome;
    if (recorded.status !== "recorded") {
      return { result: { status: "duplicate" }, eventId: outcome.id, more };
    }
    // The event is processed and committed; what follows must not be recorded as a failure of the event.
    await afterCommit(engine, recorded, decided?.decision ?? null, settings);
    return {
      result: {
        status: "processed",
        messageId: recorded.message.id,
        decision: decided?.decision ?? null,
      },
      eventId: outcome.id,
      more,
    };
  } catch (error) {
    const reason = describeFailure(error);
    engine.logger.error({ err: rootCause(error), eventRowId }, "webhook event processing failed");
    const attempts = attemptsBefore + 1;
    // A claim that failed before it knew its event (the customer's next) has nothing to count it on.
    if (eventRowId === null) return { result: { status: "failed", error: reason }, eventId: null };
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
    return { result: { status: "failed", error: reason }, eventId: eventRowId };
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
  if (recorded.message.direction === "outbound" && !recorded.message.sentByPlaybook) {
    await nameOpenPhoneSender(engine, recorded.message);
  }
  if (recorded.message.learnState === "pending") {
    await learnOperatorReplyNow(engine, recorded.conversation.id, settings);
  }
}

/**
 * An operator's reply (from OpenPhone, or written in the dashboard) was stored: when replies need no time to settle
 * it is learned now, otherwise the worker's learning job learns it once it settles. One path for both.
 */
export async function learnOperatorReplyNow(
  engine: ReplyEngine,
  conversationId: string,
  settings: Pick<Settings, "replySettleSeconds">,
): Promise<void> {
  if (settings.replySettleSeconds !== 0) return;
  try {
    await learnPendingExchanges(engine, { conversationId });
  } catch (error) {
    // The reply stays pending; the worker's learning job tries again.
    engine.logger.error({ err: rootCause(error) }, "learning from a reply failed");
  }
}

/**
 * What went wrong, for the event's lastError: the root cause only. A query error's own message repeats the query
 * and its parameters (the customer's text and number), which do not belong in an error column.
 */
function describeFailure(error: unknown): string {
  return rootCause(error).message.replaceAll("\u0000", "").slice(0, MAX_ERROR_LENGTH);
}
