// Sends a decided reply through OpenPhone and records what came of it. The decision is committed before the
// HTTP call and the outcome after it, so a failed send leaves a visible 'send_failed' decision, never nothing.
import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { conversations, customers, decisions, messages, patterns } from "@playbook/db/schema";
import { templateVariablesIn } from "../learning/templatize-reply";
import { OpenPhoneSendError } from "../openphone/openphone-client";
import { runStatement, statement, type Db, type Tx } from "@playbook/db";
import { conflict, notFound } from "../errors";
import { getSettings } from "../settings/settings";
import type { ReplyEngine } from "./reply-engine";

/** An outgoing message whose send started and never came back: OpenPhone may or may not have it. */
export function isInterrupted(message: {
  providerStatus: string | null;
  providerMessageId: string | null;
}) {
  return message.providerStatus === "sending" && message.providerMessageId === null;
}

const INTERRUPTED_CONFLICT =
  "The send was started but we do not know whether OpenPhone received it: retry it from the dashboard (it checks OpenPhone first) or mark it handled";

export interface SendReplyInput {
  decisionId: string;
  text: string;
  /** "playbook": sent automatically; "dashboard": an operator approved or edited it. */
  source: "playbook" | "dashboard";
  outcome: "sent" | "approved" | "modified";
  actorUserId?: string | null;
}

export type SendReplyResult =
  | { ok: true; messageId: string; providerMessageId: string }
  | { ok: false; messageId: string | null; error: string };

/**
 * The first half of a send, committed before OpenPhone is called: the outgoing message is recorded as 'sending'
 * and the decision points at it. A process that stops after this leaves an interrupted send, which
 * resolveInterruptedSend settles. `supersede` names the interrupted message a retry replaces.
 */
export async function claimSend(
  engine: ReplyEngine,
  input: SendReplyInput & { supersede?: string },
) {
  return engine.database.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ decision: decisions, conversation: conversations, customer: customers })
      .from(decisions)
      .innerJoin(conversations, eq(conversations.id, decisions.conversationId))
      .innerJoin(customers, eq(customers.id, conversations.customerId))
      .where(eq(decisions.id, input.decisionId))
      .for("update", { of: decisions });
    if (!row) throw notFound("Decision");
    if (row.decision.outcome === "sent" || row.decision.sentMessageId) {
      const [previous] = row.decision.sentMessageId
        ? await tx.select().from(messages).where(eq(messages.id, row.decision.sentMessageId))
        : [];
      if (previous && isInterrupted(previous)) {
        // Only a retry that checked OpenPhone for this very attempt may replace it.
        if (input.supersede !== previous.id) throw conflict(INTERRUPTED_CONFLICT);
        await tx
          .update(messages)
          .set({ providerStatus: "failed" })
          .where(eq(messages.id, previous.id));
      } else if (previous && previous.providerStatus !== "failed") {
        throw conflict("This reply has already been sent");
      }
    }
    const from = row.conversation.phoneNumberId ?? engine.defaultFrom;
    // Checked again at the moment of sending: a STOP, the kill switch or a deactivation may have come since the
    // decision. The pattern row is read FOR SHARE, so a kill switch committing now waits for this send's record.
    const automaticRefusal =
      input.source === "playbook" ? await automationStillAllowed(tx, row.decision.patternId) : null;
    const unfilled = templateVariablesIn(input.text)[0];
    const refusal = row.customer.isDemo
      ? "A demo customer: nothing is sent to OpenPhone"
      : row.customer.optedOut
        ? "The customer opted out (STOP); nothing is sent until they text START"
        : automaticRefusal
          ? automaticRefusal
          : unfilled
            ? `The reply still has {{${unfilled}}} to fill in; edit it before sending`
            : !engine.openPhone
              ? "OpenPhone is not configured (OPENPHONE_API_KEY)"
              : !from
                ? "No business line to send from (set OPENPHONE_FROM)"
                : null;
    const now = engine.now();
    const [message] = refusal
      ? []
      : await tx
          .insert(messages)
          .values({
            conversationId: row.conversation.id,
            customerId: row.customer.id,
            direction: "outbound",
            body: input.text,
            source: input.source,
            providerStatus: "sending",
            sentByPlaybook: true,
            sentByUserId: input.actorUserId ?? null,
            sentAt: now,
          })
          .returning({ id: messages.id });
    await tx
      .update(decisions)
      .set({
        sendAttempts: sql`${decisions.sendAttempts} + 1`,
        sentMessageId: message?.id ?? row.decision.sentMessageId,
        ...(refusal ? { outcome: "send_failed" as const, sendError: refusal, outcomeAt: now } : {}),
      })
      .where(eq(decisions.id, input.decisionId));
    if (message) {
      await tx
        .update(conversations)
        .set({ lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${now})` })
        .where(eq(conversations.id, row.conversation.id));
    }
    return { refusal, messageId: message?.id ?? null, from, to: row.customer.phone, row };
  });
}

export async function sendDecisionReply(
  engine: ReplyEngine,
  input: SendReplyInput & { supersede?: string },
): Promise<SendReplyResult> {
  const prepared = await claimSend(engine, input);
  if (prepared.refusal || !prepared.messageId || !engine.openPhone || !prepared.from) {
    return { ok: false, messageId: null, error: prepared.refusal ?? "not sent" };
  }

  const { db } = engine.database;
  try {
    const sent = await engine.openPhone.sendMessage({
      content: input.text,
      from: prepared.from,
      to: [prepared.to],
    });
    // One statement, so it is atomic without a transaction around it. Successes are what people confirmed
    // (counted with their feedback); an automatic send is an execution, not evidence that it was right.
    await runStatement(db, recordSent, [
      prepared.messageId,
      sent.id,
      sent.status,
      input.decisionId,
      input.outcome,
      engine.now(),
      prepared.row.decision.patternId,
      new Date(),
    ]);
    return { ok: true, messageId: prepared.messageId, providerMessageId: sent.id };
  } catch (error) {
    const reason = describeSendFailure(error);
    engine.logger.error({ err: error, decisionId: input.decisionId }, "reply send failed");
    await runStatement(db, recordSendFailed, [
      prepared.messageId,
      input.decisionId,
      reason,
      engine.now(),
      // A send that may have reached OpenPhone stays "sending" (interrupted): a retry asks OpenPhone first.
      mayHaveGoneOut(error) ? "sending" : "failed",
    ]);
    return { ok: false, messageId: prepared.messageId, error: reason };
  }
}

/**
 * The client gave up without knowing whether OpenPhone took the message: no answer in time, the connection lost
 * mid-way, or a success answer it could not read.
 */
function mayHaveGoneOut(error: unknown): boolean {
  return (
    error instanceof OpenPhoneSendError &&
    !error.retryable &&
    error.attempts > 0 &&
    (error.status === null || (error.status >= 200 && error.status < 300))
  );
}

/** Why a send through OpenPhone failed, for the operator and the error column. */
export function describeSendFailure(error: unknown): string {
  return error instanceof OpenPhoneSendError
    ? `OpenPhone send failed after ${error.attempts} attempt(s)${error.status ? ` (HTTP ${error.status})` : ""}: ${error.message}`
    : `OpenPhone send failed: ${error instanceof Error ? error.message : String(error)}`;
}

// What came of a send, each in one statement: the outgoing message, the decision's outcome and the pattern's
// executions (its updated_at moves, as any change of a pattern does, so match indexes reload it).
const recordSent = statement(
  "playbook_record_sent",
  `with sent as (
    update messages set provider_message_id = $2, provider_status = $3 where id = $1
  ), decided as (
    update decisions set outcome = $5::text::decision_outcome, outcome_at = $6, send_error = null where id = $4
  )
  update patterns set execution_count = execution_count + 1, last_used_at = $6, updated_at = $8 where id = $7`,
);
const recordSendFailed = statement(
  "playbook_record_send_failed",
  `with failed as (
    update messages set provider_status = $5 where id = $1
  )
  update decisions set outcome = 'send_failed', send_error = $3, outcome_at = $4 where id = $2`,
);

/** Null when an automatic send may still go out; otherwise why not. */
async function automationStillAllowed(tx: Tx, patternId: string | null): Promise<string | null> {
  const settings = await getSettings(tx);
  if (!settings.enabled) return "Automation was switched off before the reply went out";
  if (settings.shadowMode) return "Shadow mode was switched on before the reply went out";
  if (!patternId) return "The pattern is gone";
  const [pattern] = await tx
    .select({
      isActive: patterns.isActive,
      autoExecutable: patterns.autoExecutable,
      deletedAt: patterns.deletedAt,
    })
    .from(patterns)
    .where(eq(patterns.id, patternId))
    .for("share");
  if (!pattern || pattern.deletedAt || !pattern.isActive || !pattern.autoExecutable) {
    return "The pattern was deactivated before the reply went out";
  }
  return null;
}

/**
 * Automatic replies whose send never started or never finished (the process stopped between the decision and
 * the send) are marked failed after a grace period, so they show up and can be retried instead of waiting forever.
 */
export async function failInterruptedSends(
  db: Db,
  now: Date,
  graceMs = 2 * 60_000,
): Promise<{ failed: number }> {
  const before = new Date(now.getTime() - graceMs);
  const failed = await db
    .update(decisions)
    .set({
      outcome: "send_failed",
      outcomeAt: now,
      // What is known, and no more: the send may have reached OpenPhone or not.
      sendError: sql`case when ${decisions.sentMessageId} is null
        then ${NEVER_STARTED} else ${INTERRUPTED_SEND} end`,
    })
    .where(
      and(
        eq(decisions.outcome, "pending"),
        or(
          // An automatic reply whose send never started.
          and(
            eq(decisions.mode, "auto"),
            isNull(decisions.sentMessageId),
            lt(decisions.createdAt, before),
          ),
          // Any send (automatic or approved by an operator) that started and never came back.
          inArray(
            decisions.sentMessageId,
            db
              .select({ id: messages.id })
              .from(messages)
              .where(
                and(
                  eq(messages.providerStatus, "sending"),
                  isNull(messages.providerMessageId),
                  lt(messages.sentAt, before),
                ),
              ),
          ),
        ),
      ),
    )
    .returning({ id: decisions.id });
  return { failed: failed.length };
}

const NEVER_STARTED = "Interrupted before the send started: nothing went to OpenPhone; retry it";
export const INTERRUPTED_SEND =
  "The send was started but we do not know whether OpenPhone received it. Retry checks OpenPhone first and sends only if it has no such message; or mark it handled";
