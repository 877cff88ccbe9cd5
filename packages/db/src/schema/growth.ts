// Growth patterns: contractors' revenue and activity history (imported), and the pattern sets each refresh
// computes from it. A refresh's rows are written beside the current set and swapped in by one flag, so readers
// never see half a set; earlier sets are kept with their date.
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, id, timestamptz, updatedAt } from "./columns";
import { importSource } from "./imports";

export const growthActivityKinds = [
  "partner",
  "milestone",
  "book",
  "podcast",
  "event",
  "focus_area",
  "hire",
  "other",
] as const;

export const growthContractors = pgTable("growth_contractors", {
  contractorId: text().primaryKey(),
  name: text(),
  joinedAt: date({ mode: "string" }),
  teamSize: integer(),
  stage: text(),
  focusAreas: text()
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  region: text(),
  updatedAt: updatedAt(),
});

export const growthRevenue = pgTable(
  "growth_revenue",
  {
    contractorId: text()
      .notNull()
      .references(() => growthContractors.contractorId, { onDelete: "cascade" }),
    asOf: date({ mode: "string" }).notNull(),
    revenue: doublePrecision(),
    tier: text(),
  },
  (t) => [
    primaryKey({ columns: [t.contractorId, t.asOf] }),
    check("growth_revenue_value", sql`${t.revenue} is not null or ${t.tier} is not null`),
  ],
);

export const growthActivities = pgTable(
  "growth_activities",
  {
    contractorId: text()
      .notNull()
      .references(() => growthContractors.contractorId, { onDelete: "cascade" }),
    occurredAt: date({ mode: "string" }).notNull(),
    kind: text({ enum: growthActivityKinds }).notNull(),
    name: text().notNull(),
    rating: integer(),
  },
  (t) => [primaryKey({ columns: [t.contractorId, t.kind, t.name, t.occurredAt] })],
);

export const growthImportStatuses = ["running", "done", "failed"] as const;

export const growthImports = pgTable(
  "growth_imports",
  {
    id: id(),
    source: importSource().notNull(),
    status: text({ enum: growthImportStatuses }).notNull().default("running"),
    /** Per file: { file, rowsRead, rowsAccepted, rowsRejected, done }. */
    files: jsonb()
      .$type<
        {
          file: string;
          rowsRead: number;
          rowsAccepted: number;
          rowsRejected: number;
          done: boolean;
        }[]
      >()
      .notNull()
      .default([]),
    rowsRead: integer().notNull().default(0),
    rowsAccepted: integer().notNull().default(0),
    rowsRejected: integer().notNull().default(0),
    error: text(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    finishedAt: timestamptz(),
  },
  (t) => [index("growth_imports_created_idx").on(t.createdAt.desc())],
);

export const growthImportRejections = pgTable(
  "growth_import_rejections",
  {
    importId: uuid()
      .notNull()
      .references(() => growthImports.id, { onDelete: "cascade" }),
    file: text().notNull(),
    line: integer().notNull(),
    reason: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.file, t.line] })],
);

export const growthRefreshStatuses = ["running", "done", "failed"] as const;

export const growthRefreshes = pgTable(
  "growth_refreshes",
  {
    id: id(),
    status: text({ enum: growthRefreshStatuses }).notNull().default("running"),
    /** "schedule", "import" or "request". */
    trigger: text().notNull(),
    isCurrent: boolean().notNull().default(false),
    ladder: jsonb().$type<{ label: string; minRevenue: number }[]>().notNull(),
    /** Counts: contractors, observations, activities, spells, factors tested, drivers, durationMs. */
    summary: jsonb().$type<Record<string, number>>(),
    /** The time-split backtest (see README "Growth patterns"). */
    validation: jsonb().$type<Record<string, unknown>>(),
    error: text(),
    startedAt: createdAt(),
    finishedAt: timestamptz(),
  },
  (t) => [
    uniqueIndex("growth_refreshes_one_current")
      .on(t.isCurrent)
      .where(sql`${t.isCurrent}`),
    index("growth_refreshes_started_idx").on(t.startedAt.desc()),
  ],
);

/** One tier → next-tier transition of a refresh: who was at risk, who moved up, how long it took. */
export const growthTransitions = pgTable(
  "growth_transitions",
  {
    refreshId: uuid()
      .notNull()
      .references(() => growthRefreshes.id, { onDelete: "cascade" }),
    fromTier: text().notNull(),
    toTier: text().notNull(),
    tierIndex: integer().notNull(),
    /** Null when fewer than 5 (no figure from fewer than 5 contractors is stored). */
    contractors: integer(),
    movers: integer(),
    /** Kaplan-Meier figures in months; null when fewer than 5 contractors stand behind them. */
    timeline: jsonb().$type<Record<string, unknown>>(),
    evidenceConfidence: doublePrecision().notNull(),
  },
  (t) => [primaryKey({ columns: [t.refreshId, t.tierIndex] })],
);

/** What movers did first, one row per factor tested in a transition. */
export const growthPatterns = pgTable(
  "growth_patterns",
  {
    id: id(),
    refreshId: uuid()
      .notNull()
      .references(() => growthRefreshes.id, { onDelete: "cascade" }),
    fromTier: text().notNull(),
    toTier: text().notNull(),
    tierIndex: integer().notNull(),
    factorKind: text().notNull(),
    factorName: text().notNull(),
    /** driver | slower | popular | no_difference */
    verdict: text().notNull(),
    movers: integer().notNull(),
    moversWith: integer().notNull(),
    comparatorShare: doublePrecision().notNull(),
    lift: doublePrecision(),
    liftLower: doublePrecision(),
    liftUpper: doublePrecision(),
    medianMonthsWith: doublePrecision(),
    medianMonthsWithout: doublePrecision(),
    pValue: doublePrecision().notNull(),
    qValue: doublePrecision().notNull(),
    evidenceConfidence: doublePrecision().notNull(),
    /** From tracked outcomes of recommendations (next issue); never written by the miner. */
    outcomeConfidence: doublePrecision(),
    sentence: text().notNull(),
  },
  (t) => [index("growth_patterns_refresh_tier_idx").on(t.refreshId, t.tierIndex)],
);
