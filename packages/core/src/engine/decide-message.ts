// Records the decision for a customer message that was just stored: the decision with its trace, the queue
// item or escalation it implies, and the customer's opt-out when the message was STOP or START.
import { eq, sql } from "drizzle-orm";
import type { Tx } from "@playbook/db";
import { approvalQueue, conversations, customers, decisions, patterns } from "@playbook/db/schema";
import { detectOptKeyword } from "../learning/detect-opt-keyword";
import type { Settings } from "../settings/settings";
import type { RecordedMessage } from "../conversations/record-message";
import { planDecision, type DecisionPlan } from "./plan-decision";
import type { ReplyEngine } from "./reply-engine";

export type DecisionRow = typeof decisions.$inferSelect;

const LAST_USED_RESOLUTION_MS = 3_600_000;

export async function decideMessage(
  engine: ReplyEngine,
  tx: Tx,
  settings: Settings,
  recorded: RecordedMessage,
  /** Epoch ms when the message's event was stored: the decision records how long it took from there. */
  storedAt: number,
): Promise<{ decision: DecisionRow; plan: DecisionPlan }> {
  const { message, conversation } = recorded;
  const now = engine.now();
  const customer = await applyOptKeyword(tx, recorded, now);

  const plan = await planDecision(engine, tx, settings, {
    text: message.body,
    customer: {
      id: customer.id,
      name: customer.name,
      isVip: customer.isVip,
      optedOut: customer.optedOut,
    },
    now,
    sentAt: message.sentAt,
  });

  const [decision] = await tx
    .insert(decisions)
    .values({
      messageId: message.id,
      conversationId: conversation.id,
      patternId: plan.pattern?.id ?? null,
      mode: plan.mode,
      intendedMode: plan.intendedMode,
      matchScore: plan.matchScore,
      margin: plan.margin,
      confidence: plan.pattern?.confidence ?? null,
      probability: plan.probability,
      evidence: plan.evidence,
      candidates: plan.candidates,
      gates: plan.gates,
      proposedReply: plan.proposedReply,
      // Only a visible proposal waits for something; the rest is settled when it is recorded.
      outcome: ["auto", "suggest", "queue"].includes(plan.mode) ? "pending" : "none",
      latencyMs: Math.max(0, Date.now() - storedAt),
    })
    .returning();
  if (!decision) throw new Error("decision insert returned no row");

  if (plan.mode === "queue" && plan.proposedReply) {
    await tx.insert(approvalQueue).values({
      decisionId: decision.id,
      patternId: plan.pattern?.id ?? null,
      conversationId: conversation.id,
      messageId: message.id,
      proposedReply: plan.proposedReply,
      createdAt: now,
      expiresAt: new Date(now.getTime() + settings.queueExpiryHours * 3_600_000),
    });
  }
  if (plan.mode === "escalate") {
    await tx
      .update(conversations)
      .set({ escalatedAt: sql`coalesce(${conversations.escalatedAt}, ${now})` })
      .where(eq(conversations.id, conversation.id));
  }
  const lastUsed = plan.pattern?.lastUsedAt?.getTime() ?? 0;
  if (plan.pattern && now.getTime() - lastUsed > LAST_USED_RESOLUTION_MS) {
    // A pattern that keeps matching is in use, even in shadow mode: it must not decay. Decay counts days, so
    // the hour is precise enough, and a busy pattern's row is not rewritten for every message.
    await tx
      .update(patterns)
      .set({ lastUsedAt: now, updatedAt: plan.pattern.updatedAt })
      .where(eq(patterns.id, plan.pattern.id));
  }
  return { decision, plan };
}

async function applyOptKeyword(tx: Tx, recorded: RecordedMessage, now: Date) {
  const keyword = detectOptKeyword(recorded.message.body);
  const { customer } = recorded;
  if (keyword === "stop" && !customer.optedOut) {
    const [updated] = await tx
      .update(customers)
      .set({ optedOut: true, optedOutAt: now })
      .where(eq(customers.id, customer.id))
      .returning();
    return updated ?? customer;
  }
  if (keyword === "start" && customer.optedOut) {
    const [updated] = await tx
      .update(customers)
      .set({ optedOut: false, optedOutAt: null })
      .where(eq(customers.id, customer.id))
      .returning();
    return updated ?? customer;
  }
  return customer;
}
