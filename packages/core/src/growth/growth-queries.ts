// What the API reads: the ladder with the current set's transitions, a transition's patterns, refresh history
// with validation figures, and growth imports with their rejections.
import { and, asc, desc, eq, lt } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@playbook/db";
import {
  growthImportRejections,
  growthImports,
  growthPatterns,
  growthRefreshes,
  growthTransitions,
} from "@playbook/db/schema";
import { notFound } from "../errors";
import { getGrowthSettings } from "./growth-settings";

async function currentRefresh(db: Executor) {
  const [row] = await db
    .select()
    .from(growthRefreshes)
    .where(eq(growthRefreshes.isCurrent, true))
    .limit(1);
  return row ?? null;
}

/** The ladder setting and, when a refresh has run, the current transitions with their timelines. */
export async function getGrowthLadder(db: Executor) {
  const settings = await getGrowthSettings(db);
  const refresh = await currentRefresh(db);
  const transitions = refresh
    ? await db
        .select()
        .from(growthTransitions)
        .where(eq(growthTransitions.refreshId, refresh.id))
        .orderBy(asc(growthTransitions.tierIndex))
    : [];
  return {
    ladder: settings.growthTierLadder,
    refresh: refresh && {
      id: refresh.id,
      finishedAt: refresh.finishedAt,
      // The set was computed on this ladder; it may differ from the setting until the next refresh.
      ladder: refresh.ladder,
    },
    transitions: transitions.map(({ refreshId: _r, ...t }) => t),
  };
}

export const ZListGrowthPatternsRequest = z
  .object({
    fromTier: z.string().min(1).max(40),
    /** Only drivers (survived the false-discovery control), or every factor tested. */
    driversOnly: z.boolean().default(false),
    /** A past refresh; the current one when absent. */
    refreshId: z.uuid().optional(),
  })
  .strict();

export async function listGrowthPatterns(
  db: Executor,
  input: z.infer<typeof ZListGrowthPatternsRequest>,
) {
  const refreshId = input.refreshId ?? (await currentRefresh(db))?.id;
  if (!refreshId) return [];
  const rows = await db
    .select()
    .from(growthPatterns)
    .where(
      and(
        eq(growthPatterns.refreshId, refreshId),
        eq(growthPatterns.fromTier, input.fromTier),
        input.driversOnly ? eq(growthPatterns.verdict, "driver") : undefined,
      ),
    )
    .orderBy(asc(growthPatterns.qValue), desc(growthPatterns.moversWith));
  return rows.map(({ refreshId: _r, ...p }) => p);
}

export const ZListGrowthRefreshesRequest = z
  .object({
    limit: z.number().int().min(1).max(100).default(20),
    before: z.coerce.date().optional(),
  })
  .strict()
  .default({ limit: 20 });

export async function listGrowthRefreshes(
  db: Executor,
  input: z.infer<typeof ZListGrowthRefreshesRequest>,
) {
  return db
    .select()
    .from(growthRefreshes)
    .where(input.before ? lt(growthRefreshes.startedAt, input.before) : undefined)
    .orderBy(desc(growthRefreshes.startedAt))
    .limit(input.limit);
}

export const ZListGrowthImportsRequest = z
  .object({ limit: z.number().int().min(1).max(100).default(20) })
  .strict()
  .default({ limit: 20 });

export async function listGrowthImports(
  db: Executor,
  input: z.infer<typeof ZListGrowthImportsRequest>,
) {
  return db.select().from(growthImports).orderBy(desc(growthImports.createdAt)).limit(input.limit);
}

export const ZListGrowthRejectionsRequest = z
  .object({
    importId: z.uuid(),
    limit: z.number().int().min(1).max(1000).default(100),
    offset: z.number().int().min(0).default(0),
  })
  .strict();

export async function listGrowthRejections(
  db: Executor,
  input: z.infer<typeof ZListGrowthRejectionsRequest>,
) {
  const [found] = await db
    .select({ id: growthImports.id })
    .from(growthImports)
    .where(eq(growthImports.id, input.importId));
  if (!found) throw notFound("Growth import");
  return db
    .select({
      file: growthImportRejections.file,
      line: growthImportRejections.line,
      reason: growthImportRejections.reason,
    })
    .from(growthImportRejections)
    .where(eq(growthImportRejections.importId, input.importId))
    .orderBy(asc(growthImportRejections.file), asc(growthImportRejections.line))
    .limit(input.limit)
    .offset(input.offset);
}
