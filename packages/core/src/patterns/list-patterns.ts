// The pattern library as a filtered, sorted list: numbered pages with a total for the dashboard, or keyset paging
// (a cursor) for scripts that walk the whole library; either way stable across pages.
import {
  and,
  arrayContains,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  gt,
  gte,
  ilike,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  or,
  sql,
  SQL,
} from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Executor } from "@playbook/db";
import { patternExamples, patternOrigins, patterns, patternTypes } from "@playbook/db/schema";
import { badRequest } from "../errors";
import { parseRequest } from "./parse-request";
import type { Pattern } from "./pattern-fields";

export const patternSorts = [
  "confidence",
  "lastUsedAt",
  "createdAt",
  "updatedAt",
  "executionCount",
  "triggerText",
  "type",
  "state",
] as const;
export type PatternSort = (typeof patternSorts)[number];

/** Which patterns: the list's filters, also what a bulk action over "all that match" selects. */
export const ZPatternFilter = z.object({
  type: z.enum(patternTypes).optional(),
  isActive: z.boolean().optional(),
  autoExecutable: z.boolean().optional(),
  deleted: z.enum(["exclude", "only", "include"]).default("exclude"),
  /** Words to find in the trigger text or the reply template, matched literally. */
  search: z.string().trim().min(1).max(200).optional(),
  minConfidence: z.number().min(0).max(1).optional(),
  maxConfidence: z.number().min(0).max(1).optional(),
  createdFrom: z.enum(patternOrigins).optional(),
  tag: z.string().trim().toLowerCase().min(1).max(40).optional(),
});
export type TPatternFilter = z.input<typeof ZPatternFilter>;

export const ZListPatternsRequest = ZPatternFilter.extend({
  sort: z.enum(patternSorts).default("confidence"),
  // Not "direction": tRPC's infinite queries add their own `direction` key to the input.
  order: z.enum(["desc", "asc"]).default("desc"),
  limit: z.number().int().min(1).max(100).default(50),
  /** A numbered page (from 1); the answer's `total` says how many pages there are. */
  page: z.number().int().min(1).max(100_000).optional(),
  cursor: z.string().max(2000).optional(),
})
  .refine((input) => input.page === undefined || input.cursor === undefined, {
    message: "Give either a page or a cursor, not both",
    path: ["page"],
  })
  .refine(
    (input) =>
      input.minConfidence === undefined ||
      input.maxConfidence === undefined ||
      input.minConfidence <= input.maxConfidence,
    { message: "minConfidence must not exceed maxConfidence", path: ["minConfidence"] },
  )
  // prefault, not default: an absent request still gets every field default above.
  .prefault({});
export type TListPatternsRequest = z.input<typeof ZListPatternsRequest>;

export type PatternListItem = Pattern & { exampleCount: number };

// Qualified by hand: drizzle leaves columns unqualified in a one-table query, and inside the subquery a bare
// "id" would be the example's own id.
const exampleCount = sql<number>`(select count(*)::int from ${patternExamples} where ${patternExamples}.pattern_id = ${patterns}.id)`;

// State as one rank, the order the badges read: deleted, inactive, active, auto-send.
const stateRank = sql<number>`(case when ${patterns.deletedAt} is not null then 0 when not ${patterns.isActive} then 1 when not ${patterns.autoExecutable} then 2 else 3 end)`;
const stateRankOf = (row: Pattern) =>
  row.deletedAt ? 0 : !row.isActive ? 1 : !row.autoExecutable ? 2 : 3;

type SortKind = "number" | "date" | "text";
const sortSpecs: Record<
  PatternSort,
  {
    expression: SQL | AnyPgColumn;
    kind: SortKind;
    value: (row: Pattern) => number | string | Date | null;
  }
> = {
  confidence: { expression: patterns.confidence, kind: "number", value: (row) => row.confidence },
  lastUsedAt: { expression: patterns.lastUsedAt, kind: "date", value: (row) => row.lastUsedAt },
  createdAt: { expression: patterns.createdAt, kind: "date", value: (row) => row.createdAt },
  updatedAt: { expression: patterns.updatedAt, kind: "date", value: (row) => row.updatedAt },
  executionCount: {
    expression: patterns.executionCount,
    kind: "number",
    value: (row) => row.executionCount,
  },
  triggerText: { expression: patterns.triggerText, kind: "text", value: (row) => row.triggerText },
  // An enum: ordered as declared (patternTypes), the same on both databases.
  type: { expression: patterns.type, kind: "text", value: (row) => row.type },
  state: { expression: stateRank, kind: "number", value: stateRankOf },
};

// The cursor names the sort it belongs to, so a cursor from another ordering is refused, not misread.
const ZCursor = z.object({
  sort: z.enum(patternSorts),
  direction: z.enum(["desc", "asc"]),
  value: z.union([z.number(), z.string(), z.null()]),
  id: z.uuid(),
});
type Cursor = z.infer<typeof ZCursor>;

const encodeCursor = (cursor: Cursor) =>
  Buffer.from(JSON.stringify(cursor), "utf8").toString("base64url");

function decodeCursor(text: string, sort: PatternSort, direction: "desc" | "asc") {
  let cursor: Cursor;
  try {
    cursor = ZCursor.parse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
  } catch {
    throw badRequest("Invalid cursor");
  }
  if (cursor.sort !== sort || cursor.direction !== direction) {
    throw badRequest("The cursor belongs to another sort order; start from the first page");
  }
  const kind = sortSpecs[sort].kind;
  if (cursor.value === null) {
    if (sort !== "lastUsedAt") throw badRequest("Invalid cursor");
    return { value: null, id: cursor.id };
  }
  if (kind === "date") {
    const at = typeof cursor.value === "string" ? new Date(cursor.value) : null;
    if (!at || Number.isNaN(at.getTime())) throw badRequest("Invalid cursor");
    return { value: at, id: cursor.id };
  }
  if (typeof cursor.value !== (kind === "text" ? "string" : "number")) {
    throw badRequest("Invalid cursor");
  }
  return { value: cursor.value, id: cursor.id };
}

// `\`, `%` and `_` are ILIKE's own syntax; escaped, the search matches what the user typed.
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The filter as SQL conditions on the patterns table. */
export function patternFilterConditions(
  input: z.output<typeof ZPatternFilter>,
): (SQL | undefined)[] {
  return [
    input.deleted === "exclude"
      ? isNull(patterns.deletedAt)
      : input.deleted === "only"
        ? isNotNull(patterns.deletedAt)
        : undefined,
    input.type && eq(patterns.type, input.type),
    input.isActive !== undefined ? eq(patterns.isActive, input.isActive) : undefined,
    input.autoExecutable !== undefined
      ? eq(patterns.autoExecutable, input.autoExecutable)
      : undefined,
    input.createdFrom && eq(patterns.createdFrom, input.createdFrom),
    input.minConfidence !== undefined ? gte(patterns.confidence, input.minConfidence) : undefined,
    input.maxConfidence !== undefined ? lte(patterns.confidence, input.maxConfidence) : undefined,
    input.tag ? arrayContains(patterns.tags, [input.tag]) : undefined,
    input.search
      ? or(
          ilike(patterns.triggerText, `%${escapeLike(input.search)}%`),
          ilike(patterns.responseTemplate, `%${escapeLike(input.search)}%`),
        )
      : undefined,
  ];
}

/**
 * Rows come in (sort value, id) order with NULLs (never-used patterns) last in either direction; the id breaks
 * ties, so rows with equal sort values are neither repeated nor skipped between pages. `total` counts every
 * pattern the filters match (not only those after the cursor).
 */
export async function listPatterns(
  executor: Executor,
  request: TListPatternsRequest,
): Promise<{ items: PatternListItem[]; nextCursor: string | null; total: number }> {
  const input = parseRequest(ZListPatternsRequest, request);
  const spec = sortSpecs[input.sort];
  const column = spec.expression;
  const descending = input.order === "desc";
  const beyond = descending ? lt : gt;
  const conditions: (SQL | undefined)[] = patternFilterConditions(input);
  const filtered = and(...conditions);
  if (input.cursor) {
    const after = decodeCursor(input.cursor, input.sort, input.order);
    conditions.push(
      after.value === null
        ? and(isNull(column), beyond(patterns.id, after.id))
        : or(
            column instanceof SQL ? beyond(column, after.value) : beyond(column, after.value),
            and(
              column instanceof SQL ? eq(column, after.value) : eq(column, after.value),
              beyond(patterns.id, after.id),
            ),
            isNull(column),
          ),
    );
  }
  const ordering = [
    sql`${column} ${sql.raw(descending ? "desc" : "asc")} nulls last`,
    descending ? desc(patterns.id) : asc(patterns.id),
  ];
  // The page's ids first, then the rows with their example counts: PostgreSQL would otherwise count the
  // examples of every row that OFFSET skips (7,500 of them on page 150).
  const pageIds = executor
    .select({ id: patterns.id })
    .from(patterns)
    .where(and(...conditions))
    .orderBy(...ordering)
    .limit(input.limit + 1)
    .offset(input.page ? (input.page - 1) * input.limit : 0);
  const [rows, [counted]] = await Promise.all([
    executor
      .select({
        ...getTableColumns(patterns),
        exampleCount,
      })
      .from(patterns)
      .where(inArray(patterns.id, pageIds))
      .orderBy(...ordering),
    executor.select({ total: count() }).from(patterns).where(filtered),
  ]);
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  const lastValue = last ? spec.value(last) : null;
  return {
    total: counted?.total ?? 0,
    items,
    nextCursor:
      rows.length > input.limit && last
        ? encodeCursor({
            sort: input.sort,
            direction: input.order,
            value: lastValue instanceof Date ? lastValue.toISOString() : (lastValue ?? null),
            id: last.id,
          })
        : null,
  };
}
