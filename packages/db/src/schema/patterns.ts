// Learned reply patterns, the examples they were learned from, their versions and confidence history.
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
import { createdAt, id, timestamptz, updatedAt } from "./columns";
import { messages } from "./conversations";

export const patternTypes = [
  "booking",
  "tech_issue",
  "access",
  "faq",
  "gift_cards",
  "hours",
  "pricing",
  "membership",
  "feedback",
  "general",
] as const;
export const patternType = pgEnum("pattern_type", patternTypes);

export const patternOrigins = ["manual", "learned", "imported"] as const;
export const patternOrigin = pgEnum("pattern_origin", patternOrigins);

/** What a pattern does besides replying (e.g. create a booking); validated by core before it is stored. */
export type PatternActionTemplate = { kind: string; params: Record<string, string> };

export const patterns = pgTable(
  "patterns",
  {
    id: id(),
    type: patternType().notNull().default("general"),
    // md5 of the normalised trigger text: finds exact repeats cheaply.
    signature: text().notNull(),
    triggerText: text().notNull(),
    triggerKeywords: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    responseTemplate: text().notNull(),
    // Fingerprint of the normalised template: a reply that says exactly the same finds its pattern cheaply.
    responseSignature: text().notNull(),
    variables: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    actionTemplate: jsonb().$type<PatternActionTemplate>(),
    // Values that were the same in every example so far (opening times, a price): used when rendering until an
    // example disagrees, at which point the value is dropped and the variable must be filled another way.
    // Never holds masked personal data (phone, email, card number, access code).
    variableDefaults: jsonb().$type<Record<string, string>>().notNull().default({}),
    // double precision, never NUMERIC: pg returns NUMERIC as a string (see ORIGINALS.md).
    confidence: doublePrecision().notNull().default(0.5),
    isActive: boolean().notNull().default(false),
    autoExecutable: boolean().notNull().default(false),
    requiresConfirmation: boolean().notNull().default(true),
    executionCount: integer().notNull().default(0),
    successCount: integer().notNull().default(0),
    failureCount: integer().notNull().default(0),
    overrideCount: integer().notNull().default(0),
    qualityScore: doublePrecision(),
    isGoldStandard: boolean().notNull().default(false),
    createdFrom: patternOrigin().notNull(),
    tags: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    notes: text(),
    version: integer().notNull().default(1),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    firstSeenAt: timestamptz().notNull().defaultNow(),
    lastUsedAt: timestamptz(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: timestamptz(),
    // Imported patterns: the key the exporting installation gave the pattern, so a file imported twice adds nothing.
    importKey: text(),
  },
  (t) => [
    uniqueIndex("patterns_import_key_key").on(t.importKey),
    index("patterns_signature_idx").on(t.signature),
    index("patterns_response_signature_idx").on(t.responseSignature),
    index("patterns_updated_idx").on(t.updatedAt),
    index("patterns_active_idx")
      .on(t.isActive)
      .where(sql`${t.deletedAt} is null`),
    index("patterns_type_idx").on(t.type),
    check("patterns_confidence_range", sql`${t.confidence} >= 0 and ${t.confidence} <= 1`),
    check(
      "patterns_quality_range",
      sql`${t.qualityScore} is null or (${t.qualityScore} >= 0 and ${t.qualityScore} <= 1)`,
    ),
    check(
      "patterns_counts_nonnegative",
      sql`${t.executionCount} >= 0 and ${t.successCount} >= 0 and ${t.failureCount} >= 0 and ${t.overrideCount} >= 0`,
    ),
    check("patterns_version_positive", sql`${t.version} >= 1`),
    check("patterns_template_not_blank", sql`length(trim(${t.responseTemplate})) > 0`),
  ],
);

export const patternExamples = pgTable(
  "pattern_examples",
  {
    id: id(),
    patternId: uuid()
      .notNull()
      .references(() => patterns.id, { onDelete: "cascade" }),
    // Both texts are stored PII-masked.
    customerText: text().notNull(),
    replyText: text().notNull(),
    inboundMessageId: uuid().references(() => messages.id, { onDelete: "set null" }),
    outboundMessageId: uuid().references(() => messages.id, { onDelete: "set null" }),
    source: patternOrigin().notNull(),
    isGoldStandard: boolean().notNull().default(false),
    qualityScore: doublePrecision(),
    createdAt: createdAt(),
  },
  (t) => [
    index("pattern_examples_pattern_idx").on(t.patternId),
    index("pattern_examples_created_idx").on(t.createdAt),
    check(
      "pattern_examples_quality_range",
      sql`${t.qualityScore} is null or (${t.qualityScore} >= 0 and ${t.qualityScore} <= 1)`,
    ),
  ],
);

/** The editable fields of a pattern as they were at one version. */
export type PatternSnapshot = {
  type: (typeof patternTypes)[number];
  triggerText: string;
  triggerKeywords: string[];
  responseTemplate: string;
  variables: string[];
  actionTemplate: PatternActionTemplate | null;
  tags: string[];
  notes: string | null;
};

export const patternVersions = pgTable(
  "pattern_versions",
  {
    id: id(),
    patternId: uuid()
      .notNull()
      .references(() => patterns.id, { onDelete: "cascade" }),
    version: integer().notNull(),
    snapshot: jsonb().$type<PatternSnapshot>().notNull(),
    changeReason: text(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("pattern_versions_pattern_version_key").on(t.patternId, t.version),
    check("pattern_versions_version_positive", sql`${t.version} >= 1`),
  ],
);

export const patternBulkActions = [
  "activate",
  "deactivate",
  "auto_send_on",
  "auto_send_off",
  "add_tag",
  "remove_tag",
  "delete",
  "restore",
] as const;

/** One pattern a bulk action changed, as it was before: what an undo restores. */
export type PatternBulkItem = {
  id: string;
  isActive: boolean;
  autoExecutable: boolean;
  deletedAt: string | null;
};

/** A bulk change of many patterns, kept so that one click can undo it (once). */
export const patternBulkOperations = pgTable(
  "pattern_bulk_operations",
  {
    id: id(),
    action: text({ enum: patternBulkActions }).notNull(),
    tag: text(),
    items: jsonb().$type<PatternBulkItem[]>().notNull(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    undoneAt: timestamptz(),
    undoneBy: uuid().references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index("pattern_bulk_operations_created_idx").on(t.createdAt.desc())],
);

export const confidenceReasons = [
  "approved",
  "modified",
  "rejected",
  "operator_agreed",
  "operator_disagreed",
  "decay",
  "manual_adjustment",
  "import",
] as const;
export const confidenceReason = pgEnum("confidence_reason", confidenceReasons);
