// What the worker noticed for the admin (a pattern to turn on or off, two patterns to merge, a jump in a pattern's
// traffic): one open row per key, so a job that runs again never suggests the same thing twice.
import { sql } from "drizzle-orm";
import { check, index, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, id, timestamptz, updatedAt } from "./columns";

export const smartSuggestionKinds = [
  // Operators keep sending by hand the answer of a learned pattern that is off.
  "activate_pattern",
  // An active pattern was judged wrong every time for two weeks.
  "deactivate_pattern",
  // Two live patterns say the same answer.
  "merge_patterns",
  // A pattern's volume or escalations jumped against its own weekday history.
  "pattern_anomaly",
] as const;
export const smartSuggestionKind = pgEnum("smart_suggestion_kind", smartSuggestionKinds);

export const smartSuggestionStates = ["open", "applied", "dismissed", "expired"] as const;
export const smartSuggestionState = pgEnum("smart_suggestion_state", smartSuggestionStates);

export const smartSuggestions = pgTable(
  "smart_suggestions",
  {
    id: id(),
    kind: smartSuggestionKind().notNull(),
    /** What makes two findings the same suggestion, e.g. `deactivate_pattern:<pattern id>`. */
    key: text().notNull(),
    /** The patterns it is about; for a merge, the one kept first. */
    patternIds: uuid()
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    /** The suggestion as the admin reads it. */
    title: text().notNull(),
    /** The figures it rests on (counts, expected counts, p-values), as shown beside it. */
    evidence: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    state: smartSuggestionState().notNull().default("open"),
    resolvedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    resolvedAt: timestamptz(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("smart_suggestions_open_key")
      .on(t.key)
      .where(sql`${t.state} = 'open'`),
    index("smart_suggestions_key_idx").on(t.key, t.resolvedAt.desc()),
    index("smart_suggestions_state_idx").on(t.state, t.createdAt.desc()),
    check(
      "smart_suggestions_resolved_consistent",
      sql`(${t.state} = 'open') = (${t.resolvedAt} is null)`,
    ),
  ],
);
