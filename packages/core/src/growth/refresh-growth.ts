// Recomputes every transition and pattern from the stored history, runs the backtest, and swaps the new set in
// atomically: the old set stays, dated, as history. Callers hold the `job:growth-refresh` lock.
import { and, desc, eq, gt, sql } from "drizzle-orm";
import type { Database, Executor } from "@playbook/db";
import { queryRows } from "@playbook/db";
import {
  growthImports,
  growthPatterns,
  growthRefreshes,
  growthTransitions,
} from "@playbook/db/schema";
import { conflict } from "../errors";
import type { Logger } from "../logger";
import { MIN_CONTRACTORS } from "./evidence-confidence";
import { buildGrowthDataset, datasetBefore, type GrowthRows } from "./growth-dataset";
import { getGrowthSettings } from "./growth-settings";
import { analyzeGrowth } from "./mine-growth";
import { DAYS_PER_MONTH } from "./tier-spells";
import { validateGrowth } from "./validate-growth";

/** The advisory lock both the worker job and an admin's request take, so one refresh runs at a time. */
export const GROWTH_REFRESH_LOCK = "job:growth-refresh";

export type RefreshTrigger = "schedule" | "import" | "request";

export interface GrowthRefreshResult {
  refreshId: string;
  transitions: number;
  patterns: number;
  drivers: number;
  durationMs: number;
}

async function loadRows(db: Executor): Promise<GrowthRows> {
  // One row per contractor with arrays, and dates as whole days since 1970-01-01 computed by the database: far
  // fewer row objects to build than one per observation or activity, and no date parsing here.
  const [contractors, revenue, activities] = await Promise.all([
    queryRows<{ id: string; joinedDay: number | null; focusAreas: string[] }>(
      db,
      sql`select contractor_id as "id", joined_at - date '1970-01-01' as "joinedDay",
                 focus_areas as "focusAreas" from growth_contractors`,
    ),
    queryRows<{
      id: string;
      days: number[];
      revenues: (number | null)[];
      tiers: (string | null)[];
    }>(
      db,
      sql`select contractor_id as "id", array_agg(as_of - date '1970-01-01') as "days",
                 array_agg(revenue) as "revenues", array_agg(tier) as "tiers"
          from growth_revenue group by contractor_id`,
    ),
    // Only the first time each contractor did each thing matters.
    queryRows<{ id: string; kinds: string[]; names: string[]; days: number[] }>(
      db,
      sql`select contractor_id as "id", array_agg(kind) as "kinds", array_agg(name) as "names",
                 array_agg(first_day) as "days"
          from (select contractor_id, kind, name, min(occurred_at) - date '1970-01-01' as first_day
                from growth_activities group by contractor_id, kind, name) firsts
          group by contractor_id`,
    ),
  ]);
  return {
    contractors,
    revenue: (function* () {
      for (const r of revenue) {
        for (let i = 0; i < r.days.length; i++) {
          yield {
            id: r.id,
            day: r.days[i]!,
            revenue: r.revenues[i] ?? null,
            tier: r.tiers[i] ?? null,
          };
        }
      }
    })(),
    activities: (function* () {
      for (const a of activities) {
        for (let i = 0; i < a.days.length; i++) {
          yield { id: a.id, kind: a.kinds[i]!, name: a.names[i]!, firstDay: a.days[i]! };
        }
      }
    })(),
  };
}

export async function refreshGrowthPatterns(
  runtime: { database: Database; logger: Logger },
  trigger: RefreshTrigger,
): Promise<GrowthRefreshResult> {
  const { db } = runtime.database;
  const started = performance.now();
  const settings = await getGrowthSettings(db);
  const ladder = settings.growthTierLadder;
  const [refresh] = await db
    .insert(growthRefreshes)
    .values({ trigger, ladder })
    .returning({ id: growthRefreshes.id });
  const refreshId = refresh!.id;
  try {
    const rows = await loadRows(db);
    const loadMs = Math.round(performance.now() - started);
    const full = buildGrowthDataset(ladder, rows);
    const analysis = analyzeGrowth(full);
    const analyzeMs = Math.round(performance.now() - started) - loadMs;
    const cutoffDay = Math.round(full.lastDay - settings.growthBacktestMonths * DAYS_PER_MONTH);
    const validation = Number.isFinite(cutoffDay)
      ? validateGrowth(full, datasetBefore(full, cutoffDay), cutoffDay)
      : null;
    const drivers = analysis.patterns.filter((p) => p.verdict === "driver").length;
    const validateMs = Math.round(performance.now() - started) - loadMs - analyzeMs;
    await db.transaction(async (tx) => {
      await tx.insert(growthTransitions).values(
        analysis.transitions.map((t) => ({
          refreshId,
          tierIndex: t.tierIndex,
          fromTier: t.fromTier,
          toTier: t.toTier,
          // Counts under 5 are figures too: they are not stored.
          contractors: t.contractors >= MIN_CONTRACTORS ? t.contractors : null,
          movers: t.movers >= MIN_CONTRACTORS ? t.movers : null,
          timeline: t.timeline as Record<string, unknown> | null,
          evidenceConfidence: t.evidenceConfidence,
        })),
      );
      for (let i = 0; i < analysis.patterns.length; i += 1000) {
        await tx.insert(growthPatterns).values(
          analysis.patterns.slice(i, i + 1000).map((p) => ({
            refreshId,
            tierIndex: p.tierIndex,
            fromTier: p.fromTier,
            toTier: p.toTier,
            factorKind: p.factor.kind,
            factorName: p.factor.name,
            verdict: p.verdict,
            movers: p.movers,
            moversWith: p.moversWith,
            comparatorShare: p.comparatorShare,
            lift: p.lift,
            liftLower: p.liftLower,
            liftUpper: p.liftUpper,
            medianMonthsWith: p.medianMonthsWith,
            medianMonthsWithout: p.medianMonthsWithout,
            pValue: p.pValue,
            qValue: p.qValue,
            evidenceConfidence: p.evidenceConfidence,
            sentence: p.sentence,
          })),
        );
      }
      // The swap: readers see the old set or the new one, never a mix.
      await tx
        .update(growthRefreshes)
        .set({ isCurrent: false })
        .where(eq(growthRefreshes.isCurrent, true));
      await tx
        .update(growthRefreshes)
        .set({
          status: "done",
          isCurrent: true,
          finishedAt: sql`now()`,
          validation: validation as Record<string, unknown> | null,
          summary: {
            contractors: full.contractors.length,
            spells: analysis.spells,
            factorsTested: analysis.factorsTested,
            drivers,
            loadMs,
            analyzeMs,
            validateMs,
            durationMs: Math.round(performance.now() - started),
          },
        })
        .where(eq(growthRefreshes.id, refreshId));
    });
    const durationMs = Math.round(performance.now() - started);
    runtime.logger.info(
      { refreshId, durationMs, loadMs, analyzeMs, validateMs, drivers },
      "growth patterns refreshed",
    );
    return {
      refreshId,
      transitions: analysis.transitions.length,
      patterns: analysis.patterns.length,
      drivers,
      durationMs,
    };
  } catch (error) {
    await db
      .update(growthRefreshes)
      .set({
        status: "failed",
        error: error instanceof Error ? error.message : String(error),
        finishedAt: sql`now()`,
      })
      .where(eq(growthRefreshes.id, refreshId));
    throw error;
  }
}

/** Runs a refresh under the shared lock; CONFLICT when one is already running (here or on a worker). */
export async function refreshGrowthPatternsNow(
  runtime: { database: Database; logger: Logger },
  trigger: RefreshTrigger,
): Promise<GrowthRefreshResult> {
  const locked = await runtime.database.withAdvisoryLock(GROWTH_REFRESH_LOCK, () =>
    refreshGrowthPatterns(runtime, trigger),
  );
  if (!locked.acquired) throw conflict("A growth refresh is already running");
  return locked.value;
}

/**
 * Why a refresh is due, or null: never refreshed, a growth import finished since the last refresh began, or the
 * last one is older than the refresh interval.
 */
export async function growthRefreshDue(db: Executor, now: Date): Promise<RefreshTrigger | null> {
  const [last] = await db
    .select({ startedAt: growthRefreshes.startedAt })
    .from(growthRefreshes)
    .where(eq(growthRefreshes.status, "done"))
    .orderBy(desc(growthRefreshes.startedAt))
    .limit(1);
  const [anyData] = await db.select({ id: growthImports.id }).from(growthImports).limit(1);
  if (!anyData) return null;
  if (!last) return "import";
  const [newer] = await db
    .select({ id: growthImports.id })
    .from(growthImports)
    .where(and(eq(growthImports.status, "done"), gt(growthImports.finishedAt, last.startedAt)))
    .limit(1);
  if (newer) return "import";
  const { growthRefreshIntervalDays } = await getGrowthSettings(db);
  const ageDays = (now.getTime() - last.startedAt.getTime()) / 86_400_000;
  return ageDays >= growthRefreshIntervalDays ? "schedule" : null;
}
