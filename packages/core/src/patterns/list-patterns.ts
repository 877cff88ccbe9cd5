// The pattern library as a filtered, sorted list with keyset paging that stays stable across pages.
import {
  and,
  arrayContains,
  asc,
  desc,
  eq,
  getTableColumns,
  gt,
  gte,
  ilike,
  isNotNull,
  isNull,
  lt,
  lte,
  or,
  sql,
  type SQL,
} from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@playbook/db";
import { patternExamples, patternOrigins, patterns, patternTypes } from "@playbook/db/schema";
import { badRequest } from "../errors";
import { parseRequest } from "./parse-request";
import type { Pattern } from "./pattern-fields";

export const patternSorts = ["confidence", "lastUsedAt", "createdAt", "executionCount"] as const;
export type PatternSort = (typeof patternSorts)[number];

export const ZListPatternsRequest = z
  .object({
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
    sort: z.enum(patternSorts).default("confidence"),
    // Not "direction": tRPC's infinite queries add their own `direction` key to the input.
    order: z.enum(["desc", "asc"]).default("desc"),
    limit: z.number().int().min(1).max(100).default(50),
    cursor: z.string().max(300).optional(),
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

const sortColumns = {
  confidence: patterns.confidence,
  lastUsedAt: patterns.lastUsedAt,
  createdAt: patterns.createdAt,
  executionCount: patterns.executionCount,
} satisfies Record<PatternSort, unknown>;

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
  const isDate = sort === "lastUsedAt" || sort === "createdAt";
  if (cursor.value === null) {
    if (sort !== "lastUsedAt") throw badRequest("Invalid cursor");
    return { value: null, id: cursor.id };
  }
  if (isDate) {
    const at = typeof cursor.value === "string" ? new Date(cursor.value) : null;
    if (!at || Number.isNaN(at.getTime())) throw badRequest("Invalid cursor");
    return { value: at, id: cursor.id };
  }
  if (typeof cursor.value !== "number") throw badRequest("Invalid cursor");
  return { value: cursor.value, id: cursor.id };
}

// `\`, `%` and `_` are ILIKE's own syntax; escaped, the search matches what the user typed.
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Rows come in (sort value, id) order with NULLs (never-used patterns) last in either direction; the id breaks
 * ties, so rows with equal sort values are neither repeated nor skipped between pages.
 */
export async function listPatterns(
  executor: Executor,
  request: TListPatternsRequest,
): Promise<{ items: PatternListItem[]; nextCursor: string | null }> {
  const input = parseRequest(ZListPatternsRequest, request);
  const column = sortColumns[input.sort];
  const descending = input.order === "desc";
  const beyond = descending ? lt : gt;
  const conditions: (SQL | undefined)[] = [
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
  if (input.cursor) {
    const after = decodeCursor(input.cursor, input.sort, input.order);
    conditions.push(
      after.value === null
        ? and(isNull(column), beyond(patterns.id, after.id))
        : or(
            beyond(column, after.value),
            and(eq(column, after.value), beyond(patterns.id, after.id)),
            isNull(column),
          ),
    );
  }
  const rows = await executor
    .select({
      ...getTableColumns(patterns),
      exampleCount,
    })
    .from(patterns)
    .where(and(...conditions))
    .orderBy(
      sql`${column} ${sql.raw(descending ? "desc" : "asc")} nulls last`,
      descending ? desc(patterns.id) : asc(patterns.id),
    )
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  const lastValue = last?.[input.sort];
  return {
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
