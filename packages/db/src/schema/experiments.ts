// A/B tests of a pattern's reply wording, what came of every reply Playbook proposed or sent, and the customers'
// answers to the optional satisfaction text.
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, id, timestamptz } from "./columns";
import { conversations, customers, messages } from "./conversations";
import { decisions } from "./decisions";
import { patterns } from "./patterns";

export const experimentStatuses = ["running", "stopped", "completed"] as const;
export const experimentStatus = pgEnum("experiment_status", experimentStatuses);

/** What an experiment compares its wordings on: each is a yes/no outcome of one reply, "yes" being good. */
export const experimentMetrics = [
  "accepted_as_is",
  "not_asked_again",
  "no_escalation",
  "thanked",
  "not_angry",
  "satisfied",
] as const;
export const experimentMetric = pgEnum("experiment_metric", experimentMetrics);

export const experiments = pgTable(
  "experiments",
  {
    id: id(),
    patternId: uuid()
      .notNull()
      .references(() => patterns.id, { onDelete: "cascade" }),
    name: text().notNull(),
    status: experimentStatus().notNull().default("running"),
    primaryMetric: experimentMetric().notNull(),
    guardrailMetric: experimentMetric().notNull(),
    // The false-positive rate the sequential test keeps over every look.
    alpha: doublePrecision().notNull().default(0.05),
    // The admin's prior consent: the worker makes a declared winner the pattern's template (a new version).
    promoteWinner: boolean().notNull().default(false),
    winnerVariantId: uuid(),
    decidedAt: timestamptz(),
    promotedVersion: integer(),
    startedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    startedAt: timestamptz().notNull().defaultNow(),
    stoppedAt: timestamptz(),
    stopReason: text(),
    createdAt: createdAt(),
  },
  (t) => [
    // One running experiment per pattern: a customer's reply has one wording to come from.
    uniqueIndex("experiments_one_running_per_pattern")
      .on(t.patternId)
      .where(sql`${t.status} = 'running'`),
    index("experiments_started_idx").on(t.startedAt.desc()),
    check("experiments_alpha_range", sql`${t.alpha} > 0 and ${t.alpha} < 1`),
    check(
      "experiments_stopped_consistent",
      sql`(${t.status} = 'running') = (${t.stoppedAt} is null)`,
    ),
  ],
);

export const experimentVariants = pgTable(
  "experiment_variants",
  {
    id: id(),
    experimentId: uuid()
      .notNull()
      .references(() => experiments.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    name: text().notNull(),
    // The wording of the pattern's answer for this variant (framed by greeting and sign-off like the template).
    template: text().notNull(),
    weight: doublePrecision().notNull(),
    isControl: boolean().notNull().default(false),
    // A variant that broke the guardrail stops getting traffic; its customers get the control's wording.
    stoppedAt: timestamptz(),
    stopReason: text(),
  },
  (t) => [
    uniqueIndex("experiment_variants_position_key").on(t.experimentId, t.position),
    check("experiment_variants_weight_positive", sql`${t.weight} > 0`),
    check("experiment_variants_template_not_blank", sql`length(trim(${t.template})) > 0`),
  ],
);

export const operatorActions = ["accepted", "edited", "rejected"] as const;
export const operatorAction = pgEnum("operator_action", operatorActions);
export const customerReactions = ["thanks", "anger"] as const;
export const customerReaction = pgEnum("customer_reaction", customerReactions);

/** What came of one reply Playbook proposed or sent, measured once its 24-hour window has passed. */
export const replyOutcomes = pgTable(
  "reply_outcomes",
  {
    decisionId: uuid()
      .primaryKey()
      .references(() => decisions.id, { onDelete: "cascade" }),
    patternId: uuid().references(() => patterns.id, { onDelete: "set null" }),
    experimentId: uuid().references(() => experiments.id, { onDelete: "set null" }),
    variantId: uuid().references(() => experimentVariants.id, { onDelete: "set null" }),
    customerId: uuid().references(() => customers.id, { onDelete: "set null" }),
    // When the reply was proposed.
    repliedAt: timestamptz().notNull(),
    // null: the reply went out by itself, no operator judged it.
    operatorAction: operatorAction(),
    // Whether the customer reached the customer (sent, approved or edited).
    delivered: boolean().notNull(),
    askedAgain: boolean().notNull(),
    reaction: customerReaction(),
    escalated: boolean().notNull(),
    measuredAt: timestamptz().notNull(),
  },
  (t) => [
    index("reply_outcomes_pattern_idx").on(t.patternId, t.repliedAt),
    index("reply_outcomes_experiment_idx").on(t.experimentId, t.variantId),
  ],
);

export const satisfactionAnswerKinds = ["scale", "thumbs", "yes_no"] as const;
export const satisfactionAnswerKind = pgEnum("satisfaction_answer_kind", satisfactionAnswerKinds);

/** One satisfaction text sent after a resolved conversation, and the customer's answer once parsed. */
export const satisfactionSurveys = pgTable(
  "satisfaction_surveys",
  {
    id: id(),
    customerId: uuid()
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    // The last reply Playbook proposed in the conversation: the answer counts for its variant.
    decisionId: uuid().references(() => decisions.id, { onDelete: "set null" }),
    sentMessageId: uuid().references(() => messages.id, { onDelete: "set null" }),
    sentAt: timestamptz().notNull(),
    answerMessageId: uuid().references(() => messages.id, { onDelete: "set null" }),
    answeredAt: timestamptz(),
    answerKind: satisfactionAnswerKind(),
    // 1-5 for a scale, 1 or 0 for thumbs and yes/no.
    answerValue: integer(),
    // The answer on one scale: 0 (worst) to 1 (best).
    score: doublePrecision(),
  },
  (t) => [
    uniqueIndex("satisfaction_surveys_conversation_key").on(t.conversationId),
    index("satisfaction_surveys_customer_idx").on(t.customerId, t.sentAt.desc()),
    check(
      "satisfaction_surveys_score_range",
      sql`${t.score} is null or (${t.score} between 0 and 1)`,
    ),
    check(
      "satisfaction_surveys_answer_consistent",
      sql`(${t.answeredAt} is null) = (${t.score} is null) and (${t.score} is null) = (${t.answerKind} is null)`,
    ),
  ],
);
