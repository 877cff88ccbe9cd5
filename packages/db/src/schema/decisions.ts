// What Playbook decided for each customer message, why, what came of it, and the approval queue.
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, id, timestamptz } from "./columns";
import { conversations, messages } from "./conversations";
import { confidenceReason, patterns } from "./patterns";

// "none": no pattern matched well enough.
export const decisionModes = ["auto", "suggest", "queue", "shadow", "escalate", "none"] as const;
export const decisionMode = pgEnum("decision_mode", decisionModes);

export const decisionOutcomes = [
  "pending",
  "sent",
  "send_failed",
  "approved",
  "modified",
  "rejected",
  "expired",
  // An operator answered the customer by hand instead of through Playbook.
  "answered",
  "none",
] as const;
export const decisionOutcome = pgEnum("decision_outcome", decisionOutcomes);

export const reviewActions = ["approved", "modified", "rejected"] as const;
export const reviewAction = pgEnum("review_action", reviewActions);

/** One ranked match candidate, as recorded in the decision trace. */
export type DecisionCandidate = {
  patternId: string;
  /** Similarity to the pattern's closest learned example. */
  score: number;
  /** The classifier's probability for the pattern (absent in decisions recorded before it existed). */
  probability?: number;
  confidence: number;
};
/** What a proposal's calibrated probability was computed from (see core's calibrate-probability). */
export type DecisionEvidence = {
  probability: number;
  margin: number;
  similarity: number;
  examples: number;
  trainedOn?: number;
};
/** One gate of the decision policy and whether it let the message through. */
export type DecisionGate = { gate: string; passed: boolean; detail: string };

export const decisions = pgTable(
  "decisions",
  {
    id: id(),
    messageId: uuid()
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    patternId: uuid().references(() => patterns.id, { onDelete: "set null" }),
    mode: decisionMode().notNull(),
    // What the pattern's trust alone would have given, before the gates.
    intendedMode: decisionMode(),
    matchScore: doublePrecision(),
    margin: doublePrecision(),
    confidence: doublePrecision(),
    // Calibrated probability that the proposal is what an operator would send, and what it was computed from.
    probability: doublePrecision(),
    evidence: jsonb().$type<DecisionEvidence>(),
    // Whether the best candidate's reply was what the operator really sent (the strict rule), once known:
    // the judgments the probability is calibrated on.
    correct: boolean(),
    candidates: jsonb().$type<DecisionCandidate[]>().notNull().default([]),
    gates: jsonb().$type<DecisionGate[]>().notNull().default([]),
    proposedReply: text(),
    // The experiment and variant whose wording the proposal used (no foreign key: experiments.ts refers to this
    // table, and an experiment is never deleted while its pattern lives).
    experimentId: uuid(),
    variantId: uuid(),
    outcome: decisionOutcome().notNull().default("pending"),
    outcomeAt: timestamptz(),
    sentMessageId: uuid().references(() => messages.id, { onDelete: "set null" }),
    sendAttempts: integer().notNull().default(0),
    sendError: text(),
    // Time from the message being stored to this decision being recorded.
    latencyMs: doublePrecision(),
    review: reviewAction(),
    reviewReason: text(),
    modifiedReply: text(),
    reviewedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    reviewedAt: timestamptz(),
    createdAt: createdAt(),
  },
  (t) => [
    // One decision per customer message: reprocessing a delivery cannot decide twice.
    uniqueIndex("decisions_message_key").on(t.messageId),
    index("decisions_conversation_idx").on(t.conversationId, t.createdAt),
    index("decisions_pattern_idx").on(t.patternId, t.createdAt.desc()),
    index("decisions_created_idx").on(t.createdAt.desc()),
    // The calibration's judged proposals, newest first: every deciding process reads the latest few thousand when
    // it starts and again every minute, which without this is a scan and sort of the whole table.
    // (Nulls first, as PostgreSQL orders "desc" by default, so the query's order is the index's.)
    index("decisions_judged_idx")
      .on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.correct} is not null and ${t.evidence} is not null`),
    check(
      "decisions_scores_range",
      sql`(${t.matchScore} is null or ${t.matchScore} >= 0) and (${t.confidence} is null or (${t.confidence} >= 0 and ${t.confidence} <= 1))`,
    ),
    check(
      "decisions_review_consistent",
      sql`(${t.review} is null) = (${t.reviewedAt} is null) and (${t.review} = 'modified') = (${t.modifiedReply} is not null)`,
    ),
  ],
);

export const confidenceEvents = pgTable(
  "confidence_events",
  {
    id: id(),
    patternId: uuid()
      .notNull()
      .references(() => patterns.id, { onDelete: "cascade" }),
    oldConfidence: doublePrecision().notNull(),
    newConfidence: doublePrecision().notNull(),
    reason: confidenceReason().notNull(),
    decisionId: uuid().references(() => decisions.id, { onDelete: "set null" }),
    actorUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    note: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index("confidence_events_pattern_idx").on(t.patternId, t.createdAt.desc()),
    check(
      "confidence_events_range",
      sql`${t.oldConfidence} between 0 and 1 and ${t.newConfidence} between 0 and 1`,
    ),
  ],
);

export const queueStatuses = [
  "pending",
  "approved",
  "modified",
  "rejected",
  "expired",
  "answered",
] as const;
export const queueStatus = pgEnum("queue_status", queueStatuses);

export const approvalQueue = pgTable(
  "approval_queue",
  {
    id: id(),
    decisionId: uuid()
      .notNull()
      .references(() => decisions.id, { onDelete: "cascade" }),
    patternId: uuid().references(() => patterns.id, { onDelete: "set null" }),
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    messageId: uuid()
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    proposedReply: text().notNull(),
    status: queueStatus().notNull().default("pending"),
    expiresAt: timestamptz().notNull(),
    finalReply: text(),
    reason: text(),
    resolvedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    resolvedAt: timestamptz(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("approval_queue_decision_key").on(t.decisionId),
    index("approval_queue_status_created_idx").on(t.status, t.createdAt),
    index("approval_queue_pending_expiry_idx")
      .on(t.expiresAt)
      .where(sql`${t.status} = 'pending'`),
    check(
      "approval_queue_resolved_consistent",
      sql`(${t.status} = 'pending') = (${t.resolvedAt} is null)`,
    ),
    check("approval_queue_expiry_after_creation", sql`${t.expiresAt} > ${t.createdAt}`),
  ],
);
