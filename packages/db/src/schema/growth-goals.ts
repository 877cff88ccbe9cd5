// Growth goals per contractor (built from the patterns they match, regenerated on refresh keeping what was done)
// and the outcomes staff record for them, which feed each pattern's outcome confidence.
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, id, timestamptz, updatedAt } from "./columns";
import { growthContractors } from "./growth";

export interface GrowthChecklistItem {
  /** Stable across regenerations: the item's kind and name ("partner:CRM Pro"). */
  key: string;
  text: string;
  done: boolean;
  doneAt: string | null;
  doneBy: string | null;
}

/**
 * One goal per contractor and pattern (transition + factor). The pattern key survives refreshes; the figures are
 * those of the refresh the goal was last built from.
 */
export const growthGoals = pgTable(
  "growth_goals",
  {
    id: id(),
    contractorId: text()
      .notNull()
      .references(() => growthContractors.contractorId, { onDelete: "cascade" }),
    fromTier: text().notNull(),
    toTier: text().notNull(),
    factorKind: text().notNull(),
    factorName: text().notNull(),
    refreshId: uuid().notNull(),
    /** The matching weights it was last built with: other weights now rebuild it when next read. */
    matchWeights: jsonb().$type<{ tier: number; focus: number; teamSize: number; stage: number }>(),
    /** False once the patterns no longer support it; kept for its outcome and ticks. */
    active: boolean().notNull().default(true),
    description: text().notNull(),
    targetMilestone: text().notNull(),
    /** 1 (lowest) to 10. */
    priority: integer().notNull(),
    patternSource: text().notNull(),
    matchScore: doublePrecision().notNull(),
    evidenceConfidence: doublePrecision().notNull(),
    checklist: jsonb().$type<GrowthChecklistItem[]>().notNull().default([]),
    dataGaps: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("growth_goals_pattern_key").on(
      t.contractorId,
      t.fromTier,
      t.factorKind,
      t.factorName,
    ),
  ],
);

export const growthRevenueImpacts = ["positive", "neutral", "negative", "too_early"] as const;

/** What staff recorded about a goal: one per goal, replaced when recorded again. */
export const growthOutcomes = pgTable(
  "growth_outcomes",
  {
    goalId: uuid()
      .primaryKey()
      .references(() => growthGoals.id, { onDelete: "cascade" }),
    // The pattern key again, so outcome confidence is one grouped query.
    fromTier: text().notNull(),
    factorKind: text().notNull(),
    factorName: text().notNull(),
    completed: boolean().notNull(),
    daysToCompletion: integer(),
    rating: integer(),
    revenueImpact: text({ enum: growthRevenueImpacts }).notNull(),
    whatWorked: text(),
    whatDidNot: text(),
    recordedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    recordedAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [
    index("growth_outcomes_pattern_idx").on(t.fromTier, t.factorKind, t.factorName),
    check("growth_outcomes_rating", sql`${t.rating} is null or ${t.rating} between 1 and 5`),
    check("growth_outcomes_days", sql`${t.daysToCompletion} is null or ${t.daysToCompletion} >= 0`),
  ],
);
