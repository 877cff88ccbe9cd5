// What an operator can do with a send that failed or was interrupted: retry it (an interrupted one only after
// OpenPhone was asked whether it already has it, so a customer never gets it twice) or mark it handled.
import { and, eq } from "drizzle-orm";
import { conversations, customers, decisions, messages } from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../auth/users";
import { badRequest, conflict, notFound } from "../errors";
import type { ReplyEngine } from "./reply-engine";
import {
  isInterrupted,
  sendDecisionReply,
  type SendReplyInput,
  type SendReplyResult,
} from "./send-reply";

// OpenPhone's clock and ours may differ a little: the check looks back a few minutes before the attempt.
const CLOCK_SLACK_MS = 5 * 60_000;

async function loadFailedSend(engine: ReplyEngine, decisionId: string) {
  const [row] = await engine.database.db
    .select({ decision: decisions, conversation: conversations, customer: customers })
    .from(decisions)
    .innerJoin(conversations, eq(conversations.id, decisions.conversationId))
    .innerJoin(customers, eq(customers.id, conversations.customerId))
    .where(eq(decisions.id, decisionId));
  if (!row) throw notFound("Decision");
  if (row.decision.outcome !== "send_failed") {
    throw badRequest(
      `Only a failed send can be retried or marked handled (this one is ${row.decision.outcome})`,
    );
  }
  const [attempt] = row.decision.sentMessageId
    ? await engine.database.db
        .select()
        .from(messages)
        .where(eq(messages.id, row.decision.sentMessageId))
    : [];
  return { ...row, attempt: attempt ?? null };
}

/** How the decision ends once its reply is out: as the operator's review said, or as an automatic send. */
function sentOutcome(decision: typeof decisions.$inferSelect): SendReplyInput["outcome"] {
  return decision.review === "modified" ? "modified" : decision.review ? "approved" : "sent";
}

/**
 * Sends again a reply whose send failed. When the last attempt was interrupted (started, never answered),
 * OpenPhone is asked first: if it has the message, the attempt is recorded as sent and nothing is sent again.
 */
export async function retryFailedSend(
  engine: ReplyEngine,
  decisionId: string,
  actorUserId: string | null,
): Promise<SendReplyResult & { alreadyReceived?: boolean }> {
  const { decision, conversation, customer, attempt } = await loadFailedSend(engine, decisionId);
  const text = decision.modifiedReply ?? decision.proposedReply;
  if (!text) throw badRequest("The decision has no reply to send");
  const input: SendReplyInput = {
    decisionId,
    text,
    source: decision.review ? "dashboard" : "playbook",
    outcome: sentOutcome(decision),
    actorUserId,
  };
  if (!attempt || !isInterrupted(attempt)) return sendDecisionReply(engine, input);

  const phoneNumberId = conversation.phoneNumberId ?? engine.defaultFrom;
  if (!engine.openPhone || !phoneNumberId?.startsWith("PN")) {
    throw conflict(
      "The send was started but we do not know whether OpenPhone received it, and OpenPhone cannot be asked " +
        "(that needs OPENPHONE_API_KEY and the line's PN… id). Check the conversation in OpenPhone, then mark it handled",
    );
  }
  const found = await engine.openPhone.findSentMessage({
    phoneNumberId,
    to: customer.phone,
    content: attempt.body,
    createdAfter: new Date(attempt.sentAt.getTime() - CLOCK_SLACK_MS),
  });
  if (!found) return sendDecisionReply(engine, { ...input, supersede: attempt.id });

  // OpenPhone has it: the interrupted attempt did go out. It is recorded, not sent again.
  await engine.database.db.transaction(async (tx) => {
    const [current] = await tx
      .select({ sentMessageId: decisions.sentMessageId, outcome: decisions.outcome })
      .from(decisions)
      .where(eq(decisions.id, decisionId))
      .for("update");
    if (current?.sentMessageId !== attempt.id || current.outcome !== "send_failed") {
      throw conflict("Someone resolved this send in the meantime");
    }
    await tx
      .update(messages)
      .set({ providerMessageId: found.id, providerStatus: found.status })
      .where(eq(messages.id, attempt.id));
    await tx
      .update(decisions)
      .set({ outcome: input.outcome, outcomeAt: engine.now(), sendError: null })
      .where(eq(decisions.id, decisionId));
  });
  return { ok: true, messageId: attempt.id, providerMessageId: found.id, alreadyReceived: true };
}

/**
 * Closes a failed send without sending anything: the operator checked the conversation (or answered by hand).
 * The decision ends as answered, with who did it in the audit log.
 */
export async function markSendHandled(
  engine: ReplyEngine,
  input: { decisionId: string; note?: string | null },
  actor: Actor,
): Promise<{ decisionId: string }> {
  await loadFailedSend(engine, input.decisionId);
  await engine.database.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(decisions)
      .set({ outcome: "answered", outcomeAt: engine.now() })
      .where(and(eq(decisions.id, input.decisionId), eq(decisions.outcome, "send_failed")))
      .returning({ outcome: decisions.outcome });
    if (!updated) throw conflict("Someone resolved this send in the meantime");
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "decision.mark_handled",
      targetType: "decision",
      targetId: input.decisionId,
      details: { note: input.note ?? null },
      ip: actor.ip,
    });
  });
  return { decisionId: input.decisionId };
}
