// An operator's answer to a suggestion or a queued reply: approve (send it), edit (send the edited text and
// learn from the change) or reject (with a reason). Each moves the pattern's confidence by the configured delta.
import { and, asc, eq, gt, lte } from "drizzle-orm";
import { z } from "zod";
import { approvalQueue, customers, decisions, messages } from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../auth/users";
import { badRequest, conflict, notFound } from "../errors";
import { getSettings } from "../settings/settings";
import { templateVariablesIn } from "../learning/templatize-reply";
import { applyPatternFeedback, confidenceChangeOf } from "./apply-pattern-feedback";
import { learnExchange } from "./learn-exchanges";
import type { ReplyEngine } from "./reply-engine";
import { sendDecisionReply, type SendReplyResult } from "./send-reply";
import { refuseIfAnsweredByHand } from "./withdraw-answered-proposals";

export const ZReviewDecisionRequest = z.discriminatedUnion("action", [
  z.object({ action: z.literal("approve"), decisionId: z.uuid() }),
  z.object({
    action: z.literal("edit"),
    decisionId: z.uuid(),
    text: z.string().trim().min(1).max(1600),
  }),
  z.object({
    action: z.literal("reject"),
    decisionId: z.uuid(),
    reason: z.string().trim().min(1).max(500),
  }),
]);
export type ReviewDecisionRequest = z.infer<typeof ZReviewDecisionRequest>;

export interface ReviewDecisionResult {
  decisionId: string;
  confidence: { old: number; new: number; deactivated: boolean } | null;
  send: SendReplyResult | null;
}

export async function reviewDecision(
  engine: ReplyEngine,
  request: ReviewDecisionRequest,
  actor: Actor,
): Promise<ReviewDecisionResult> {
  const now = engine.now();
  const reviewed = await engine.database.db.transaction(async (tx) => {
    const settings = await getSettings(tx);
    const [decision] = await tx
      .select()
      .from(decisions)
      .where(eq(decisions.id, request.decisionId))
      .for("update");
    if (!decision) throw notFound("Decision");
    if (decision.mode !== "suggest" && decision.mode !== "queue") {
      throw badRequest(`A ${decision.mode} decision cannot be reviewed`);
    }
    if ((decision.outcome === "pending" || decision.outcome === "answered") && !decision.review) {
      // An operator's own answer may be stored and not yet settled: accepting now would answer twice.
      const refusal = await refuseIfAnsweredByHand(tx, decision, now);
      if (refusal) return { refusal };
    }
    if (decision.outcome !== "pending" || decision.review) {
      throw conflict(
        `This ${decision.mode === "queue" ? "queue item" : "suggestion"} was already settled (${decision.outcome})`,
      );
    }
    if (!decision.proposedReply) throw badRequest("The decision has no reply to send");
    const [queued] = await tx
      .select()
      .from(approvalQueue)
      .where(eq(approvalQueue.decisionId, decision.id))
      .for("update");
    if (queued && queued.status !== "pending") throw conflict(`Queue item is ${queued.status}`);
    if (queued && queued.expiresAt <= now) throw conflict("Queue item expired");

    const unfilled =
      request.action === "approve" ? templateVariablesIn(decision.proposedReply)[0] : undefined;
    if (unfilled) {
      throw badRequest(
        `The reply still has {{${unfilled}}} to fill in: edit it and send the edited text`,
      );
    }
    const kind =
      request.action === "approve"
        ? "approved"
        : request.action === "edit"
          ? "modified"
          : "rejected";
    const text =
      request.action === "edit"
        ? request.text
        : request.action === "approve"
          ? decision.proposedReply
          : null;
    const feedback = decision.patternId
      ? await applyPatternFeedback(tx, settings, {
          patternId: decision.patternId,
          kind,
          decisionId: decision.id,
          actorUserId: actor.userId,
          note: request.action === "reject" ? request.reason : null,
          now,
        })
      : null;
    await tx
      .update(decisions)
      .set({
        review: kind,
        reviewedBy: actor.userId,
        reviewedAt: now,
        reviewReason: request.action === "reject" ? request.reason : null,
        modifiedReply: request.action === "edit" ? request.text : null,
        ...(request.action === "reject" ? { outcome: "rejected" as const, outcomeAt: now } : {}),
      })
      .where(eq(decisions.id, decision.id));
    if (queued) {
      await tx
        .update(approvalQueue)
        .set({
          status: kind,
          finalReply: text,
          reason: request.action === "reject" ? request.reason : null,
          resolvedBy: actor.userId,
          resolvedAt: now,
        })
        .where(eq(approvalQueue.id, queued.id));
    }
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: `decision.${request.action}`,
      targetType: "decision",
      targetId: decision.id,
      details: { patternId: decision.patternId, mode: decision.mode },
      ip: actor.ip,
    });
    return { decision, text, feedback, settings };
  });
  // Refused after the commit, so the withdrawal it made stays.
  if (reviewed.refusal !== undefined) throw conflict(reviewed.refusal);

  const { decision, text, feedback, settings } = reviewed;
  const send = text
    ? await sendDecisionReply(engine, {
        decisionId: decision.id,
        text,
        source: "dashboard",
        outcome: request.action === "edit" ? "modified" : "approved",
        actorUserId: actor.userId,
      })
    : null;

  if (request.action === "edit" && send?.ok) {
    // What the operator changed is a reply worth learning: it joins the pattern if it says the same thing,
    // or becomes (or joins) another pattern if it does not.
    await learnFromEdit(engine, settings, decision.messageId, send.messageId);
  }
  return {
    decisionId: decision.id,
    confidence: confidenceChangeOf(feedback),
    send,
  };
}

async function learnFromEdit(
  engine: ReplyEngine,
  settings: Awaited<ReturnType<typeof getSettings>>,
  questionMessageId: string,
  sentMessageId: string,
) {
  const { db } = engine.database;
  const [question] = await db.select().from(messages).where(eq(messages.id, questionMessageId));
  const [sent] = await db.select().from(messages).where(eq(messages.id, sentMessageId));
  if (!question || !sent) return;
  const [customer] = await db
    .select({ name: customers.name })
    .from(customers)
    .where(eq(customers.id, question.customerId));
  // The edited text is the operator's own words, though Playbook sent it: it is learned, and the sent message
  // stays out of the pending-reply bookkeeping.
  await learnExchange(
    engine,
    settings,
    { question: [question], reply: [sent], customerName: customer?.name ?? null },
    { source: "learned", trackMessages: false },
  );
}

/** Pending queue items, oldest first, with expired ones left out. */
export async function listPendingQueue(
  engine: ReplyEngine,
  input: { limit: number; before?: Date },
) {
  const now = engine.now();
  return engine.database.db
    .select()
    .from(approvalQueue)
    .where(
      and(
        eq(approvalQueue.status, "pending"),
        gt(approvalQueue.expiresAt, now),
        input.before ? lte(approvalQueue.createdAt, input.before) : undefined,
      ),
    )
    .orderBy(asc(approvalQueue.createdAt))
    .limit(input.limit);
}

/** The decision behind a queue item: queue actions are reviews of that decision. */
export async function decisionIdForQueueItem(engine: ReplyEngine, queueItemId: string) {
  const [item] = await engine.database.db
    .select({ decisionId: approvalQueue.decisionId })
    .from(approvalQueue)
    .where(eq(approvalQueue.id, queueItemId));
  if (!item) throw notFound("Queue item");
  return item.decisionId;
}
