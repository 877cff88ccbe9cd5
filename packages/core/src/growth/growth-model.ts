// What a contractor's advice is computed from, cached per process: the current refresh's transitions and
// patterns, each transition's cohort (its spells with the contractors' profiles, and its movers' typical
// profile), satisfaction ratings and outcome tallies. The cache is keyed by the current refresh, so a refresh
// (here or on the worker) drops it on the next read; recording an outcome drops the outcome tallies.
import { eq, sql } from "drizzle-orm";
import type { Executor } from "@playbook/db";
import { queryRows } from "@playbook/db";
import { growthPatterns, growthRefreshes, growthTransitions } from "@playbook/db/schema";
import { factorKey } from "./describe-pattern";
import { MIN_CONTRACTORS } from "./evidence-confidence";
import type { CohortProfile } from "./match-contractor";
import { POPULAR_SHARE } from "./mine-growth";
import { emptyTally, type OutcomeTally } from "./outcome-confidence";
import { tierOfLabel, tierOfRevenue, type TierLadder } from "./tier-ladder";
import { buildTierSpells } from "./tier-spells";

export type StoredPattern = Omit<typeof growthPatterns.$inferSelect, "refreshId">;
export type StoredTransition = Omit<typeof growthTransitions.$inferSelect, "refreshId">;

/** One spell of a transition's cohort with what is known of its contractor. */
export interface CohortSpell {
  entry: number;
  exit: number;
  event: boolean;
  teamSize: number | null;
  stage: string | null;
  focusAreas: string[];
}

export interface GrowthModel {
  refreshId: string;
  ladder: TierLadder;
  /** The last revenue observation of anyone (days since 1970-01-01); null without data. */
  lastDay: number | null;
  transitions: StoredTransition[];
  /** Transitions with at least 5 movers, as matching sees them. */
  cohorts: CohortProfile[];
  patternsByTier: Map<number, StoredPattern[]>;
  spellsByTier: Map<number, CohortSpell[]>;
  /** Mean contractor rating per factor key, only where at least 5 contractors rated it. */
  satisfaction: Map<string, { mean: number; ratings: number }>;
  /** Per pattern key (see patternKey). */
  outcomes: Map<string, PatternTally>;
  /** Kaplan-Meier fits of "contractors like you", by cohort key; see contractor-timeline.ts. */
  timelineMemo: Map<string, unknown>;
}

/** A pattern's key across refreshes: its starting tier and factor. */
export const patternKey = (p: { fromTier: string; factorKind: string; factorName: string }) =>
  `${p.fromTier}|${p.factorKind}:${p.factorName}`;

let cached: { model: GrowthModel; outcomesStale: boolean } | null = null;

/** After an outcome is recorded: the next read reloads the tallies (the rest stays). */
export function dropGrowthOutcomeCache(): void {
  if (cached) cached.outcomesStale = true;
}

/** Forget everything (tests that rebuild the database). */
export function dropGrowthModelCache(): void {
  cached = null;
}

/** The current model, or null before the first refresh. */
export async function getGrowthModel(db: Executor): Promise<GrowthModel | null> {
  const [current] = await db
    .select({ id: growthRefreshes.id, ladder: growthRefreshes.ladder })
    .from(growthRefreshes)
    .where(eq(growthRefreshes.isCurrent, true))
    .limit(1);
  return growthModelFor(db, current ?? null);
}

/** The model of the refresh read as current (by a caller that read it with other things), or null before any. */
export async function growthModelFor(
  db: Executor,
  current: { id: string; ladder: TierLadder } | null,
): Promise<GrowthModel | null> {
  if (!current) return null;
  if (cached?.model.refreshId !== current.id) {
    cached = { model: await loadGrowthModel(db, current.id, current.ladder), outcomesStale: false };
  } else if (cached.outcomesStale) {
    cached.model.outcomes = await loadOutcomeTallies(db);
    cached.outcomesStale = false;
  }
  return cached.model;
}

export type PatternTally = OutcomeTally & {
  fromTier: string;
  factorKind: string;
  factorName: string;
};

export async function loadOutcomeTallies(db: Executor): Promise<Map<string, PatternTally>> {
  const rows = await queryRows<{
    fromTier: string;
    factorKind: string;
    factorName: string;
    attempts: number;
    completed: number;
    ratingSum: number;
    ratings: number;
    positive: number;
  }>(
    db,
    sql`select from_tier as "fromTier", factor_kind as "factorKind", factor_name as "factorName",
               count(*)::int as "attempts", count(*) filter (where completed)::int as "completed",
               coalesce(sum(rating), 0)::int as "ratingSum", count(rating)::int as "ratings",
               count(*) filter (where revenue_impact = 'positive')::int as "positive"
        from growth_outcomes group by from_tier, factor_kind, factor_name`,
  );
  return new Map(rows.map((r) => [patternKey(r), { ...emptyTally(), ...r }]));
}

async function loadGrowthModel(
  db: Executor,
  refreshId: string,
  ladder: TierLadder,
): Promise<GrowthModel> {
  const [transitions, patterns, contractors, satisfaction, outcomes] = await Promise.all([
    db.select().from(growthTransitions).where(eq(growthTransitions.refreshId, refreshId)),
    db.select().from(growthPatterns).where(eq(growthPatterns.refreshId, refreshId)),
    queryRows<{
      joinedDay: number | null;
      teamSize: number | null;
      stage: string | null;
      focusAreas: string[];
      days: number[] | null;
      revenues: (number | null)[] | null;
      tiers: (string | null)[] | null;
    }>(
      db,
      sql`select c.joined_at - date '1970-01-01' as "joinedDay", c.team_size as "teamSize", c.stage,
                 c.focus_areas as "focusAreas", r.days, r.revenues, r.tiers
          from growth_contractors c
          left join (select contractor_id, array_agg(as_of - date '1970-01-01') as days,
                            array_agg(revenue) as revenues, array_agg(tier) as tiers
                     from growth_revenue group by contractor_id) r using (contractor_id)`,
    ),
    queryRows<{ kind: string; name: string; mean: number; ratings: number }>(
      db,
      sql`select kind, name, avg(rating)::float8 as "mean", count(distinct contractor_id)::int as "ratings"
          from growth_activities where rating is not null group by kind, name
          having count(distinct contractor_id) >= ${MIN_CONTRACTORS}`,
    ),
    loadOutcomeTallies(db),
  ]);
  const spellsByTier = new Map<number, CohortSpell[]>();
  let lastDay: number | null = null;
  for (const c of contractors) {
    if (!c.days) continue;
    const observations: { day: number; tier: number }[] = [];
    for (let i = 0; i < c.days.length; i++) {
      if (lastDay === null || c.days[i]! > lastDay) lastDay = c.days[i]!;
      const revenue = c.revenues?.[i] ?? null;
      const tier =
        revenue !== null ? tierOfRevenue(ladder, revenue) : tierOfLabel(ladder, c.tiers?.[i] ?? "");
      if (tier >= 0) observations.push({ day: c.days[i]!, tier });
    }
    const focusAreas = c.focusAreas.map((f) => f.trim().toLowerCase());
    for (const s of buildTierSpells(observations, c.joinedDay)) {
      if (s.tier >= ladder.length - 1) continue;
      const list = spellsByTier.get(s.tier) ?? [];
      list.push({
        entry: s.entry,
        exit: s.exit,
        event: s.movedUp,
        teamSize: c.teamSize,
        stage: c.stage,
        focusAreas,
      });
      spellsByTier.set(s.tier, list);
    }
  }
  const patternsByTier = new Map<number, StoredPattern[]>();
  for (const { refreshId: _r, ...p } of patterns) {
    const list = patternsByTier.get(p.tierIndex) ?? [];
    list.push(p);
    patternsByTier.set(p.tierIndex, list);
  }
  const stored = transitions
    .map(({ refreshId: _r, ...t }) => t)
    .sort((a, b) => a.tierIndex - b.tierIndex);
  return {
    refreshId,
    ladder,
    lastDay,
    transitions: stored,
    cohorts: stored
      .filter((t) => (t.movers ?? 0) >= MIN_CONTRACTORS)
      .map((t) => cohortProfile(t, spellsByTier.get(t.tierIndex) ?? [])),
    patternsByTier,
    spellsByTier,
    satisfaction: new Map(
      satisfaction.map((s) => [factorKey(s), { mean: s.mean, ratings: s.ratings }]),
    ),
    outcomes,
    timelineMemo: new Map(),
  };
}

/** The movers' typical profile; a field needs at least 5 movers who have it known. */
export function cohortProfile(
  t: Pick<StoredTransition, "tierIndex" | "fromTier" | "toTier">,
  spells: readonly CohortSpell[],
): CohortProfile {
  const movers = spells.filter((s) => s.event);
  const focusCounts = new Map<string, number>();
  let withFocus = 0;
  const sizes: number[] = [];
  const stages = new Map<string, number>();
  let withStage = 0;
  for (const m of movers) {
    if (m.focusAreas.length > 0) withFocus++;
    for (const f of new Set(m.focusAreas)) focusCounts.set(f, (focusCounts.get(f) ?? 0) + 1);
    if (m.teamSize !== null) sizes.push(m.teamSize);
    if (m.stage !== null) {
      const stage = m.stage.trim().toLowerCase();
      stages.set(stage, (stages.get(stage) ?? 0) + 1);
      withStage++;
    }
  }
  sizes.sort((a, b) => a - b);
  const topStage = [...stages].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  return {
    tierIndex: t.tierIndex,
    fromTier: t.fromTier,
    toTier: t.toTier,
    commonFocusAreas:
      withFocus >= MIN_CONTRACTORS
        ? [...focusCounts]
            .filter(([, n]) => n >= MIN_CONTRACTORS && n / withFocus >= POPULAR_SHARE)
            .map(([f]) => f)
            .sort()
        : [],
    medianTeamSize:
      sizes.length >= MIN_CONTRACTORS ? sizes[Math.floor((sizes.length - 1) / 2)]! : null,
    commonStage: withStage >= MIN_CONTRACTORS && topStage ? topStage[0] : null,
  };
}
