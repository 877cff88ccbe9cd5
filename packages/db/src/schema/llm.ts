// Every call to a language-model API, with its tokens and cost, so spend is visible.
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
} from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns";

export const llmCalls = pgTable(
  "llm_calls",
  {
    id: id(),
    purpose: text().notNull(),
    model: text().notNull(),
    promptTokens: integer().notNull().default(0),
    completionTokens: integer().notNull().default(0),
    costUsd: doublePrecision().notNull().default(0),
    latencyMs: integer().notNull(),
    ok: boolean().notNull(),
    error: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index("llm_calls_created_idx").on(t.createdAt.desc()),
    check(
      "llm_calls_nonnegative",
      sql`${t.promptTokens} >= 0 and ${t.completionTokens} >= 0 and ${t.costUsd} >= 0 and ${t.latencyMs} >= 0`,
    ),
  ],
);
