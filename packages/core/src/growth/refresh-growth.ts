// Recomputes every transition and pattern from the stored history, runs the backtest, and swaps the new set in
// atomically: the old set stays, dated, as history. Callers hold the `job:growth-refresh` lock.
import { and, desc, eq, gt, sql } from "drizzle-orm";
import type { Database, Executor } from "@playbook/db";
import { queryRows } from "@playbook/db";
import { growthImports, growthRefreshes, growthTransitions } from "@playbook/db/schema";
import { conflict } from "../errors";
import type { Logger } from "../logger";
import { MIN_CONTRACTORS } from "./evidence-confidence";
import { ANY_HIRE, type Factor } from "./describe-pattern";
import { datasetBefore, GrowthDatasetWriter, type GrowthDataset } from "./growth-dataset";
import { getGrowthSettings } from "./growth-settings";
import { analyzeGrowth, type PatternResult } from "./mine-growth";
import type { TierLadder } from "./tier-ladder";
import { DAYS_PER_MONTH } from "./tier-spells";
import { validateGrowth } from "./validate-growth";

/** The advisory lock both the worker job and an admin's request take, so one refresh runs at a time. */
export const GROWTH_REFRESH_LOCK = "job:growth-refresh";

/** "ladder": the tier ladder setting differs from the one the current set was computed on. */
export type RefreshTrigger = "schedule" | "import" | "request" | "ladder";

export interface GrowthRefreshResult {
  refreshId: string;
  transitions: number;
  patterns: number;
  drivers: number;
  durationMs: number;
}

/** Contractors per fetch from the cursor: what the read holds at once besides the dataset's columns. */
export const READ_BATCH = 5000;
// Separators inside a contractor's activity text (kind, name, day; then the next activity).
const FIELD = "\x1f";
const RECORD = "\x1e";

/**
 * Reads the stored history into the analysis columns with one statement, streamed from a cursor a batch of
 * contractors at a time. The database walks each table in its primary key's order (no sort, no hash of millions
 * of rows) and sends one row per contractor: its observations as big-endian (day, tier) pairs in bytea, in day
 * order, with the tier computed as tierOfRevenue and tierOfLabel do; its activities as one text (the two
 * separator control characters inside a name read as spaces). This process interns factor names and keeps each
 * factor's first day, without an object per observation or activity.
 */
export async function readGrowthDataset(
  db: Database["db"],
  ladder: TierLadder,
  batchSize = READ_BATCH,
): Promise<GrowthDataset> {
  const thresholds = ladder.slice(1).map((t) => t.minRevenue);
  const labels = ladder.map((t) => t.label.toLowerCase());
  const factors: Factor[] = [];
  const factorIndex = new Map<string, number>();
  const indexOf = (key: string) => {
    let i = factorIndex.get(key);
    if (i === undefined) {
      i = factors.length;
      const [kind, name] = key.split(FIELD) as [string, string];
      factors.push({ kind, name });
      factorIndex.set(key, i);
    }
    return i;
  };
  const anyHire = `hire${FIELD}${ANY_HIRE}`;
  const writer = new GrowthDatasetWriter(ladder, factors);
  const firsts = new FirstDays();
  return db.transaction(
    async (tx) => {
      await tx.execute(sql`declare growth_read no scroll cursor for
        select c.joined_at - date '1970-01-01' as "joined", c.focus_areas as "focusAreas", o.obs, a.acts
        from growth_contractors c
        left join (
          select contractor_id, string_agg(int4send(day) || int2send(tier::int2), ''::bytea order by day) as obs
          from (select contractor_id, as_of - date '1970-01-01' as day,
                       case when revenue is not null then width_bucket(revenue, ${sql.param(thresholds)}::float8[])
                            else array_position(${sql.param(labels)}::text[], lower(btrim(tier))) - 1 end as tier
                from growth_revenue) r
          where tier >= 0
          group by contractor_id
        ) o using (contractor_id)
        left join (
          select contractor_id,
                 string_agg(kind || ${FIELD} || translate(name, ${FIELD + RECORD}, '  ') || ${FIELD} || (occurred_at - date '1970-01-01'), ${RECORD}) as acts
          from growth_activities group by contractor_id
        ) a using (contractor_id)`);
      const fetchBatch = () =>
        queryRows<{
          joined: number | null;
          focusAreas: string[] | null;
          obs: Uint8Array | null;
          acts: string | null;
        }>(tx, sql.raw(`fetch forward ${Math.trunc(batchSize)} from growth_read`));
      let pending = fetchBatch();
      for (;;) {
        const batch = await pending;
        const more = batch.length >= batchSize;
        // The database prepares the next batch while this one is decoded (awaited on the next turn).
        if (more) pending = fetchBatch();
        pending.catch(() => undefined);
        for (const row of batch) {
          writer.contractor(row.joined);
          if (row.obs) {
            const view = new DataView(row.obs.buffer, row.obs.byteOffset, row.obs.byteLength);
            for (let at = 0; at < view.byteLength; at += 6) {
              writer.observation(view.getInt32(at), view.getInt16(at + 4));
            }
          }
          firsts.clear();
          // Profile focus areas carry no date of their own: they count from joining, and not at all without it.
          if (row.joined !== null) {
            for (const area of row.focusAreas ?? []) {
              firsts.see(indexOf(`focus_area${FIELD}${area}`), row.joined);
            }
          }
          const acts = row.acts ?? "";
          for (let at = 0; at < acts.length;) {
            const kindEnd = acts.indexOf(FIELD, at);
            const nameEnd = acts.indexOf(FIELD, kindEnd + 1);
            let end = acts.indexOf(RECORD, nameEnd + 1);
            if (end < 0) end = acts.length;
            const day = Number(acts.slice(nameEnd + 1, end));
            firsts.see(indexOf(acts.slice(at, nameEnd)), day);
            if (acts.startsWith("hire", at) && kindEnd === at + 4)
              firsts.see(indexOf(anyHire), day);
            at = end + 1;
          }
          firsts.writeTo(writer);
        }
        if (!more) break;
      }
      await tx.execute(sql`close growth_read`);
      return writer.finish();
    },
    { accessMode: "read only" },
  );
}

/** One contractor's first day with each factor, without a Map per contractor. */
class FirstDays {
  private readonly at: number[] = [];
  private readonly factors: number[] = [];
  private readonly days: number[] = [];

  clear(): void {
    for (const f of this.factors) this.at[f] = -1;
    this.factors.length = 0;
    this.days.length = 0;
  }

  see(factor: number, day: number): void {
    const i = this.at[factor] ?? -1;
    if (i < 0) {
      this.at[factor] = this.factors.length;
      this.factors.push(factor);
      this.days.push(day);
    } else if (day < this.days[i]!) this.days[i] = day;
  }

  writeTo(writer: GrowthDatasetWriter): void {
    for (let i = 0; i < this.factors.length; i++) writer.adoption(this.factors[i]!, this.days[i]!);
  }
}

/**
 * The pattern set in one statement: a column of values per field, unnested by the database (thousands of rows
 * without a parameter per value or a statement per thousand).
 */
async function insertPatterns(tx: Executor, refreshId: string, patterns: PatternResult[]) {
  if (patterns.length === 0) return;
  const column = <T>(pick: (p: PatternResult) => T) => sql.param(patterns.map(pick));
  await tx.execute(sql`insert into growth_patterns (refresh_id, tier_index, from_tier, to_tier, factor_kind,
      factor_name, verdict, movers, movers_with, comparator_share, lift, lift_lower, lift_upper,
      median_months_with, median_months_without, p_value, q_value, evidence_confidence, sentence)
    select ${refreshId}::uuid, * from unnest(${column((p) => p.tierIndex)}::int[],
      ${column((p) => p.fromTier)}::text[], ${column((p) => p.toTier)}::text[],
      ${column((p) => p.factor.kind)}::text[], ${column((p) => p.factor.name)}::text[],
      ${column((p) => p.verdict)}::text[], ${column((p) => p.movers)}::int[],
      ${column((p) => p.moversWith)}::int[], ${column((p) => p.comparatorShare)}::float8[],
      ${column((p) => p.lift)}::float8[], ${column((p) => p.liftLower)}::float8[],
      ${column((p) => p.liftUpper)}::float8[], ${column((p) => p.medianMonthsWith)}::float8[],
      ${column((p) => p.medianMonthsWithout)}::float8[], ${column((p) => p.pValue)}::float8[],
      ${column((p) => p.qValue)}::float8[], ${column((p) => p.evidenceConfidence)}::float8[],
      ${column((p) => p.sentence)}::text[])`);
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
    const full = await readGrowthDataset(db, ladder);
    const loadMs = Math.round(performance.now() - started);
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
      await insertPatterns(tx, refreshId, analysis.patterns);
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
            contractors: full.count,
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

const sameLadder = (a: TierLadder, b: TierLadder) =>
  a.length === b.length &&
  a.every((t, i) => t.label === b[i]!.label && t.minRevenue === b[i]!.minRevenue);

/**
 * Why a refresh is due, or null: never refreshed, a growth import finished since the last refresh began, the
 * ladder setting is not the one the last refresh used (its goals are then rebuilt on the new ladder), or the last
 * one is older than the refresh interval.
 */
export async function growthRefreshDue(db: Executor, now: Date): Promise<RefreshTrigger | null> {
  const [last] = await db
    .select({ startedAt: growthRefreshes.startedAt, ladder: growthRefreshes.ladder })
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
  const { growthRefreshIntervalDays, growthTierLadder } = await getGrowthSettings(db);
  if (!sameLadder(last.ladder, growthTierLadder)) return "ladder";
  const ageDays = (now.getTime() - last.startedAt.getTime()) / 86_400_000;
  return ageDays >= growthRefreshIntervalDays ? "schedule" : null;
}
