// Records the decision for a customer message that was just stored: the decision with its trace, the queue
// item or escalation it implies, and the customer's opt-out when the message was STOP or START.
import { eq } from "drizzle-orm";
import { columnsOf, runStatement, statement, type Tx } from "@playbook/db";
import { customers, decisions } from "@playbook/db/schema";
import { detectOptKeyword } from "../learning/detect-opt-keyword";
import type { Settings } from "../settings/settings";
import type { RecordedMessage } from "../conversations/record-message";
import { planDecision, type DecisionPlan } from "./plan-decision";
import type { ReplyEngine } from "./reply-engine";

export type DecisionRow = typeof decisions.$inferSelect;

const LAST_USED_RESOLUTION_MS = 3_600_000;

const decisionColumns = columnsOf(decisions, "d");
const insertDecision = statement(
  "playbook_insert_decision",
  `with d as (
    insert into decisions as d (message_id, conversation_id, pattern_id, mode, intended_mode, match_score, margin,
      confidence, probability, evidence, candidates, gates, proposed_reply, outcome, latency_ms, experiment_id,
      variant_id)
    values ($1, $2, $3, $4::text::decision_mode, $5::text::decision_mode, $6, $7, $8, $9, $10::text::jsonb,
      $11::text::jsonb, $12::text::jsonb, $13, $14::text::decision_outcome, $15, $22, $23)
    returning ${decisionColumns.list}
  ), queued as (
    insert into approval_queue (decision_id, pattern_id, conversation_id, message_id, proposed_reply, created_at,
      expires_at)
    select d."d.id", $3, $2, $1, $13, $16, $17 from d where $18::boolean
  ), escalated as (
    update conversations set escalated_at = coalesce(escalated_at, $16), updated_at = $21
    where id = $2 and $19::boolean
  ), touched as (
    update patterns set last_used_at = $16 where id = $3 and $20::boolean
  )
  select * from d`,
);

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

  const lastUsed = plan.pattern?.lastUsedAt?.getTime() ?? 0;
  // Every write of the decision in one statement: the decision with its trace, the queue item, the escalation,
  // and the pattern's last use. A pattern that keeps matching is in use, even in shadow mode: it must not decay.
  // Decay counts days, so the hour is precise enough, and a busy pattern's row is not rewritten for every message
  // (its updated_at is left alone: the match index reloads what changed).
  const [row] = await runStatement(tx, insertDecision, [
    message.id,
    conversation.id,
    plan.pattern?.id ?? null,
    plan.mode,
    plan.intendedMode,
    plan.matchScore,
    plan.margin,
    plan.pattern?.confidence ?? null,
    plan.probability,
    plan.evidence === null ? null : JSON.stringify(plan.evidence),
    JSON.stringify(plan.candidates),
    JSON.stringify(plan.gates),
    plan.proposedReply,
    // Only a visible proposal waits for something; the rest is settled when it is recorded.
    ["auto", "suggest", "queue"].includes(plan.mode) ? "pending" : "none",
    Math.max(0, Date.now() - storedAt),
    now,
    new Date(now.getTime() + settings.queueExpiryHours * 3_600_000),
    plan.mode === "queue" && Boolean(plan.proposedReply),
    plan.mode === "escalate",
    plan.pattern !== null && now.getTime() - lastUsed > LAST_USED_RESOLUTION_MS,
    new Date(),
    // The variant is recorded with the decision: the sticky hash made it, and what was proposed is what counts.
    plan.pattern && plan.variant ? plan.variant.experimentId : null,
    plan.pattern && plan.variant?.counted ? plan.variant.variantId : null,
  ]);
  if (!row) throw new Error("decision insert returned no row");
  const decision = decisionColumns.read(row);
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
