// Quick actions on any reply in a conversation, including one Playbook already sent by itself: "this reply was
// wrong" (negative feedback on the pattern it came from, and the right answer learned when the operator gives it)
// and "gold standard" (the exchange kept as a model answer of its pattern).
import { and, desc, eq, lt } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@playbook/db";
import { auditLog, customers, decisions, messages, patternExamples } from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../auth/users";
import { badRequest, conflict, notFound } from "../errors";
import { getSettings } from "../settings/settings";
import { applyPatternFeedback, confidenceChangeOf } from "./apply-pattern-feedback";
import { learnExchange } from "./learn-exchanges";
import type { ReplyEngine } from "./reply-engine";
import { setGoldStandard } from "./set-gold-standard";

export const ZReportWrongReplyRequest = z.object({
  /** The business's reply (an outbound message). */
  messageId: z.uuid(),
  /** What should have been said; learned as an example when given. */
  correctReply: z.string().trim().min(1).max(1600).optional(),
});
export type ReportWrongReplyRequest = z.infer<typeof ZReportWrongReplyRequest>;

export const ZMarkReplyGoldRequest = z.object({ messageId: z.uuid(), gold: z.boolean() });
export type MarkReplyGoldRequest = z.infer<typeof ZMarkReplyGoldRequest>;

const REPORTED_WRONG = "reply.reported_wrong";

type MessageRow = typeof messages.$inferSelect;

/** A reply, the customer message it answered, and the pattern it came from (its decision's or its example's). */
async function loadReply(executor: Executor, messageId: string) {
  const [reply] = await executor.select().from(messages).where(eq(messages.id, messageId));
  if (!reply) throw notFound("Message");
  if (reply.direction !== "outbound") throw badRequest("Only the business's replies can be judged");
  const [decision] = await executor
    .select()
    .from(decisions)
    .where(eq(decisions.sentMessageId, reply.id))
    .limit(1);
  const [example] = await executor
    .select()
    .from(patternExamples)
    .where(eq(patternExamples.outboundMessageId, reply.id))
    .orderBy(desc(patternExamples.createdAt))
    .limit(1);
  const questionId = decision?.messageId ?? example?.inboundMessageId ?? null;
  const [question] = questionId
    ? await executor.select().from(messages).where(eq(messages.id, questionId))
    : await executor
        .select()
        .from(messages)
        .where(
          and(
            eq(messages.conversationId, reply.conversationId),
            eq(messages.direction, "inbound"),
            lt(messages.sentAt, reply.sentAt),
          ),
        )
        .orderBy(desc(messages.sentAt))
        .limit(1);
  const [customer] = await executor
    .select({ name: customers.name })
    .from(customers)
    .where(eq(customers.id, reply.customerId));
  return {
    reply,
    decision: decision ?? null,
    example: example ?? null,
    question: question ?? null,
    customerName: customer?.name ?? null,
    patternId: decision?.patternId ?? example?.patternId ?? null,
  };
}

export interface ReportWrongReplyResult {
  patternId: string;
  /** False when this reply had already been reported: a second click changes nothing. */
  applied: boolean;
  confidence: { old: number; new: number; deactivated: boolean } | null;
  /** The example the right answer became, when one was given and could be learned. */
  learnedExampleId: string | null;
}

/**
 * Lowers the confidence of the pattern the reply came from (as a rejection does), marks its proposal judged
 * wrong (so the calibration learns from it), and learns the right answer when the operator gives it. Once per
 * reply: the reply's row is locked and an earlier report found in the audit log, so a double click applies once.
 */
export async function reportWrongReply(
  engine: ReplyEngine,
  input: ReportWrongReplyRequest,
  actor: Actor,
): Promise<ReportWrongReplyResult> {
  const now = engine.now();
  const reported = await engine.database.db.transaction(async (tx) => {
    await tx
      .select({ id: messages.id })
      .from(messages)
      .where(eq(messages.id, input.messageId))
      .for("update");
    const found = await loadReply(tx, input.messageId);
    if (!found.patternId) {
      throw badRequest("This reply came from no pattern: there is nothing to lower");
    }
    const [earlier] = await tx
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.targetType, "message"),
          eq(auditLog.targetId, input.messageId),
          eq(auditLog.action, REPORTED_WRONG),
        ),
      )
      .limit(1);
    if (earlier) return { found, feedback: null, applied: false };
    const settings = await getSettings(tx);
    const feedback = await applyPatternFeedback(tx, settings, {
      patternId: found.patternId,
      kind: "rejected",
      decisionId: found.decision?.id ?? null,
      actorUserId: actor.userId,
      note: input.correctReply
        ? "Reported wrong after it was sent; the right answer was given"
        : "Reported wrong after it was sent",
      now,
    });
    if (found.decision) {
      await tx.update(decisions).set({ correct: false }).where(eq(decisions.id, found.decision.id));
    }
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: REPORTED_WRONG,
      targetType: "message",
      targetId: input.messageId,
      details: {
        patternId: found.patternId,
        decisionId: found.decision?.id ?? null,
        correctReplyGiven: Boolean(input.correctReply),
      },
      ip: actor.ip,
    });
    return { found, feedback, applied: true, settings };
  });

  let learnedExampleId: string | null = null;
  const { found } = reported;
  if (reported.applied && input.correctReply && found.question && reported.settings) {
    // Learned outside the transaction: the extractor may call OpenAI. The example points at the reply it corrects.
    const outcome = await learnExchange(
      engine,
      reported.settings,
      {
        question: [found.question],
        reply: [{ ...found.reply, body: input.correctReply } satisfies MessageRow],
        customerName: found.customerName,
      },
      { source: "learned", trackMessages: false },
    );
    if (outcome?.state === "learned") learnedExampleId = outcome.exampleId;
  }
  const { feedback } = reported;
  return {
    patternId: found.patternId!,
    applied: reported.applied,
    confidence: confidenceChangeOf(feedback),
    learnedExampleId,
  };
}

/**
 * Marks a reply as a model answer: the example it was learned as becomes gold standard. A reply never learned
 * (Playbook sent it by itself) is learned first, as the operator vouches for it. Setting the same state twice
 * changes nothing the second time.
 */
export async function markReplyGold(
  engine: ReplyEngine,
  input: MarkReplyGoldRequest,
  actor: Actor,
): Promise<{ exampleId: string; patternId: string; gold: boolean }> {
  // One at a time per reply, so a double click cannot learn the same reply twice.
  const locked = await engine.database.withAdvisoryLock(`reply-gold:${input.messageId}`, () =>
    markReplyGoldNow(engine, input, actor),
  );
  if (!locked.acquired) throw conflict("This reply is being marked already");
  return locked.value;
}

async function markReplyGoldNow(
  engine: ReplyEngine,
  input: MarkReplyGoldRequest,
  actor: Actor,
): Promise<{ exampleId: string; patternId: string; gold: boolean }> {
  const found = await loadReply(engine.database.db, input.messageId);
  let exampleId = found.example?.id ?? null;
  if (found.example && found.example.isGoldStandard === input.gold) {
    return { exampleId: found.example.id, patternId: found.example.patternId, gold: input.gold };
  }
  if (!exampleId) {
    if (!input.gold) throw badRequest("This reply is not a gold standard");
    if (!found.question) throw badRequest("This reply answers no customer message");
    const settings = await getSettings(engine.database.db);
    const outcome = await learnExchange(
      engine,
      settings,
      { question: [found.question], reply: [found.reply], customerName: found.customerName },
      { source: "learned", trackMessages: false },
    );
    if (outcome?.state !== "learned") {
      const reason = outcome ? outcome.reason : "it was being learned elsewhere";
      throw badRequest(`This reply cannot become a model answer (${reason})`);
    }
    exampleId = outcome.exampleId;
  }
  return setGoldStandard(engine.database.db, { exampleId, gold: input.gold }, actor);
}
