// Sends a decided reply through OpenPhone and records what came of it. The decision is committed before the
// HTTP call and the outcome after it, so a failed send leaves a visible 'send_failed' decision, never nothing.
import { eq, sql } from "drizzle-orm";
import { conversations, customers, decisions, messages, patterns } from "@playbook/db/schema";
import { OpenPhoneSendError } from "../openphone/openphone-client";
import { badRequest, conflict, notFound } from "../errors";
import type { ReplyEngine } from "./reply-engine";

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

export async function sendDecisionReply(
  engine: ReplyEngine,
  input: SendReplyInput,
): Promise<SendReplyResult> {
  const { db } = engine.database;
  const prepared = await db.transaction(async (tx) => {
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
      if (previous && previous.providerStatus !== "failed") {
        throw conflict("This reply has already been sent");
      }
    }
    const from = row.conversation.phoneNumberId ?? engine.defaultFrom;
    // Checked again at the moment of sending: a STOP may have arrived since the decision.
    const refusal = row.customer.optedOut
      ? "The customer opted out (STOP); nothing is sent until they text START"
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

  if (prepared.refusal || !prepared.messageId || !engine.openPhone || !prepared.from) {
    return { ok: false, messageId: null, error: prepared.refusal ?? "not sent" };
  }

  try {
    const sent = await engine.openPhone.sendMessage({
      content: input.text,
      from: prepared.from,
      to: [prepared.to],
    });
    const now = engine.now();
    await db.transaction(async (tx) => {
      await tx
        .update(messages)
        .set({ providerMessageId: sent.id, providerStatus: sent.status })
        .where(eq(messages.id, prepared.messageId!));
      await tx
        .update(decisions)
        .set({ outcome: input.outcome, outcomeAt: now, sendError: null })
        .where(eq(decisions.id, input.decisionId));
      const patternId = prepared.row.decision.patternId;
      if (patternId) {
        await tx
          .update(patterns)
          .set({
            executionCount: sql`${patterns.executionCount} + 1`,
            // An automatic send that passed every gate counts as a success; reviewed ones were counted
            // when the operator's feedback was applied.
            ...(input.source === "playbook"
              ? { successCount: sql`${patterns.successCount} + 1` }
              : {}),
            lastUsedAt: now,
          })
          .where(eq(patterns.id, patternId));
      }
    });
    return { ok: true, messageId: prepared.messageId, providerMessageId: sent.id };
  } catch (error) {
    const reason =
      error instanceof OpenPhoneSendError
        ? `OpenPhone send failed after ${error.attempts} attempt(s)${error.status ? ` (HTTP ${error.status})` : ""}: ${error.message}`
        : `OpenPhone send failed: ${error instanceof Error ? error.message : String(error)}`;
    engine.logger.error({ err: error, decisionId: input.decisionId }, "reply send failed");
    const now = engine.now();
    await db.transaction(async (tx) => {
      await tx
        .update(messages)
        .set({ providerStatus: "failed" })
        .where(eq(messages.id, prepared.messageId!));
      await tx
        .update(decisions)
        .set({ outcome: "send_failed", sendError: reason, outcomeAt: now })
        .where(eq(decisions.id, input.decisionId));
    });
    return { ok: false, messageId: prepared.messageId, error: reason };
  }
}

/** Sends again a reply whose send failed; the decision and its reply were kept for exactly this. */
export async function retryFailedSend(
  engine: ReplyEngine,
  decisionId: string,
  actorUserId: string | null,
): Promise<SendReplyResult> {
  const [decision] = await engine.database.db
    .select()
    .from(decisions)
    .where(eq(decisions.id, decisionId));
  if (!decision) throw notFound("Decision");
  if (decision.outcome !== "send_failed") {
    throw badRequest(`Only a failed send can be retried (this one is ${decision.outcome})`);
  }
  const text = decision.modifiedReply ?? decision.proposedReply;
  if (!text) throw badRequest("The decision has no reply to send");
  return sendDecisionReply(engine, {
    decisionId,
    text,
    source: decision.review ? "dashboard" : "playbook",
    outcome: decision.review === "modified" ? "modified" : decision.review ? "approved" : "sent",
    actorUserId,
  });
}
