// An operator answered a customer by hand: was it what Playbook had proposed? The answer judges the proposal (the
// calibration's judgments) and, for a suggestion or a queued reply, the pattern.
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Tx } from "@playbook/db";
import { approvalQueue, decisions } from "@playbook/db/schema";
import type { AnswerRegistry } from "../learning/answer-registry";
import type { ProposalEvidence } from "../matching/calibrate-probability";
import { templatizeText } from "../learning/templatize-reply";
import type { Settings } from "../settings/settings";
import { applyPatternFeedback } from "./apply-pattern-feedback";
import type { ReplyEngine } from "./reply-engine";

/**
 * Whether an operator's own reply (PII-masked) says the pattern's answer, by the strict rule: greeting and
 * sign-off aside, the same text or nearly so, and closer to it than to any other pattern's answer.
 */
export function operatorAgreed(
  answers: AnswerRegistry,
  maskedReply: string,
  patternId: string,
  customerName: string | null,
): boolean {
  return answers.says(templatizeText(maskedReply, { customerName }).template, patternId);
}

/**
 * What an operator's hand-written answer says about the proposed pattern's wording, the trust its confidence
 * stands for. The same answer: agreed. Another pattern's answer to a message that was not this pattern's own
 * question: the proposal chose the wrong pattern, which is no fault of this one's wording; the judgment of the
 * proposal (the calibration) learns from that, and the pattern's confidence is left alone (null). Anything else (a
 * reworded or new answer, or another answer to the very question this pattern learned): disagreed.
 */
export function handAnswerFeedback(
  answers: AnswerRegistry,
  maskedReply: string,
  proposal: { patternId: string; evidence: Pick<ProposalEvidence, "similarity"> | null },
  customerName: string | null,
  agreed = operatorAgreed(answers, maskedReply, proposal.patternId, customerName),
): "operator_agreed" | "operator_disagreed" | null {
  if (agreed) return "operator_agreed";
  const ownQuestion = (proposal.evidence?.similarity ?? 1) >= ownQuestionSimilarity;
  if (ownQuestion) return "operator_disagreed";
  const said = answers.find(templatizeText(maskedReply, { customerName }).template);
  return said !== undefined && said !== proposal.patternId ? null : "operator_disagreed";
}

/** Cosine to a learned question at which a message asks that very question (a repeat or nearly). */
const ownQuestionSimilarity = 0.9;

/** The review an operator's hand-written answer gives the decision it answered. */
export function answeredByHand(agreed: boolean, now: Date) {
  return {
    outcome: "answered" as const,
    outcomeAt: now,
    review: agreed ? ("approved" as const) : ("rejected" as const),
    reviewReason: agreed ? "answered by hand: same reply" : "answered by hand: different reply",
    reviewedAt: now,
  };
}

/** The decision modes whose pattern an operator's hand-written answer judges. */
export function judgedByOperatorAnswer(decision: {
  mode: string;
  outcome: string;
  patternId: string | null;
}): boolean {
  if (!decision.patternId) return false;
  // "answered" and not yet reviewed: withdrawn when the operator's reply arrived, judged now that it settled.
  if (!["pending", "none", "answered"].includes(decision.outcome)) return false;
  // Escalations are for a person whatever the pattern says; an operator's different answer is no verdict on it.
  return !(decision.mode === "auto" || decision.mode === "none" || decision.mode === "escalate");
}

/**
 * An operator answered by hand a message Playbook had matched: the answer is feedback on the pattern, and the
 * suggestion or queue item it made is settled as answered.
 */
export async function judgeOperatorAnswer(
  tx: Tx,
  engine: ReplyEngine,
  settings: Settings,
  inboundMessageId: string,
  maskedReply: string,
  customerName: string | null,
): Promise<void> {
  const [decision] = await tx
    .select({
      id: decisions.id,
      patternId: decisions.patternId,
      bestPatternId: sql<string | null>`(${decisions.candidates} -> 0 ->> 'patternId')`,
      mode: decisions.mode,
      outcome: decisions.outcome,
      evidence: decisions.evidence,
    })
    .from(decisions)
    .where(and(eq(decisions.messageId, inboundMessageId), isNull(decisions.review)))
    .for("update", { of: decisions });
  if (!decision) return;
  // Whatever was done with it, the best candidate is judged by what the operator really sent: the judgments
  // the probability is calibrated on.
  const best = decision.patternId ?? decision.bestPatternId;
  if (best) {
    const correct = operatorAgreed(engine.index.answers, maskedReply, best, customerName);
    await tx.update(decisions).set({ correct }).where(eq(decisions.id, decision.id));
    if (decision.evidence) engine.index.recordJudgment({ evidence: decision.evidence, correct });
  }
  if (!decision.patternId || !judgedByOperatorAnswer(decision)) return;

  const feedback = handAnswerFeedback(
    engine.index.answers,
    maskedReply,
    { patternId: decision.patternId, evidence: decision.evidence },
    customerName,
  );
  const agreed = feedback === "operator_agreed";
  const now = engine.now();
  if (feedback !== null) {
    await applyPatternFeedback(tx, settings, {
      patternId: decision.patternId,
      kind: feedback,
      decisionId: decision.id,
      actorUserId: null,
      note: agreed
        ? "operator replied by hand with the same answer"
        : "operator replied differently",
      now,
    });
  }
  await tx.update(decisions).set(answeredByHand(agreed, now)).where(eq(decisions.id, decision.id));
  await tx
    .update(approvalQueue)
    .set({ status: "answered", resolvedAt: now, reason: "answered by hand" })
    .where(and(eq(approvalQueue.decisionId, decision.id), eq(approvalQueue.status, "pending")));
}
