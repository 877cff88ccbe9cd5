// A contractor's advice (matches, goals, recommendations, timeline) and the goals stored for them. Goals are
// rebuilt when the patterns they came from are no longer current (a refresh happened, e.g. after the ladder
// changed) or the matching weights changed: a goal still supported keeps its ticks and outcome, one no longer
// supported is kept inactive with them, and a ticked item that left the checklist stays.
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@playbook/db";
import { growthGoals, type GrowthChecklistItem } from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../auth/users";
import { notFound } from "../errors";
import { readAdviceInputs } from "./advice-inputs";
import { contractorFacts, type ContractorFacts } from "./contractor-facts";
import { contractorTimeline } from "./contractor-timeline";
import { draftGoals, recommend, type GoalDraft } from "./growth-advice";
import { growthModelFor, type GrowthModel } from "./growth-model";
import { matchContractor, type MatchWeights } from "./match-contractor";

type StoredGoal = typeof growthGoals.$inferSelect;

export function mergeChecklist(
  old: readonly GrowthChecklistItem[],
  fresh: GoalDraft["checklist"],
): GrowthChecklistItem[] {
  const before = new Map(old.map((i) => [i.key, i]));
  const merged: GrowthChecklistItem[] = fresh.map((i) => {
    const was = before.get(i.key);
    return {
      ...i,
      done: was?.done ?? false,
      doneAt: was?.doneAt ?? null,
      doneBy: was?.doneBy ?? null,
    };
  });
  const kept = new Set(fresh.map((i) => i.key));
  return [...merged, ...old.filter((i) => i.done && !kept.has(i.key))];
}

/** Writes the drafts over the stored goals of one contractor (one transaction). */
export async function storeGoals(
  db: Db,
  contractorId: string,
  refreshId: string,
  drafts: readonly GoalDraft[],
  matchWeights: MatchWeights,
): Promise<void> {
  await db.transaction(async (tx) => {
    const stored = await tx
      .select()
      .from(growthGoals)
      .where(eq(growthGoals.contractorId, contractorId))
      .for("update");
    const key = (g: { fromTier: string; factorKind: string; factorName: string }) =>
      `${g.fromTier}|${g.factorKind}:${g.factorName}`;
    const byKey = new Map(stored.map((g) => [key(g), g]));
    for (const d of drafts) {
      const was = byKey.get(key(d));
      const values = {
        ...d,
        contractorId,
        refreshId,
        matchWeights,
        active: true,
        checklist: mergeChecklist(was?.checklist ?? [], d.checklist),
      };
      await tx
        .insert(growthGoals)
        .values(values)
        .onConflictDoUpdate({
          target: [
            growthGoals.contractorId,
            growthGoals.fromTier,
            growthGoals.factorKind,
            growthGoals.factorName,
          ],
          set: values,
        });
    }
    const current = new Set(drafts.map(key));
    for (const g of stored) {
      if (!current.has(key(g))) {
        await tx
          .update(growthGoals)
          .set({ active: false, refreshId, matchWeights })
          .where(eq(growthGoals.id, g.id));
      }
    }
  });
}

const sameWeights = (a: MatchWeights | null, b: MatchWeights) =>
  a !== null &&
  a.tier === b.tier &&
  a.focus === b.focus &&
  a.teamSize === b.teamSize &&
  a.stage === b.stage;

function advise(model: GrowthModel, facts: ContractorFacts, weights: MatchWeights) {
  const matches = matchContractor(facts.profile, model.cohorts, weights);
  return {
    matches,
    drafts: draftGoals(model, facts, matches, model.lastDay),
    recommendations: recommend(model, facts, matches),
    timeline: contractorTimeline(model, facts.profile, facts.daysInTier, weights),
  };
}

/**
 * Everything for one contractor, from the current patterns: matches with reasons, the stored goals (rebuilt first
 * when they came from an earlier refresh or none exist), recommendations and the timeline.
 */
export async function getContractorAdvice(db: Db, contractorId: string) {
  const { current, settings, contractor, goals: stored } = await readAdviceInputs(db, contractorId);
  const model = await growthModelFor(db, current);
  let goals = stored;
  if (!model) {
    // Before any refresh: what is stored, nothing computed.
    return {
      refreshId: null,
      matches: [],
      goals,
      recommendations: { partners: [], content: [] },
      timeline: null,
    };
  }
  const facts = contractorFacts(
    contractorId,
    contractor,
    contractor.revenue,
    contractor.activities,
    model.ladder,
  );
  const weights = settings.growthMatchWeights;
  const { matches, drafts, recommendations, timeline } = advise(model, facts, weights);
  const stale =
    goals.length === 0 ||
    goals.some((g) => g.refreshId !== model.refreshId || !sameWeights(g.matchWeights, weights));
  if (stale && (drafts.length > 0 || goals.length > 0)) {
    await storeGoals(db, contractorId, model.refreshId, drafts, weights);
    goals = (await readAdviceInputs(db, contractorId)).goals;
  }
  return {
    refreshId: model.refreshId,
    matches: matches.map((m) => ({
      tierIndex: m.cohort.tierIndex,
      fromTier: m.cohort.fromTier,
      toTier: m.cohort.toTier,
      score: m.score,
      unknown: m.unknown,
      reasons: m.reasons,
    })),
    goals,
    recommendations,
    timeline,
  };
}

export const ZTickChecklistRequest = z
  .object({ goalId: z.uuid(), key: z.string().min(1).max(300), done: z.boolean() })
  .strict();

export async function tickChecklist(
  db: Db,
  input: z.infer<typeof ZTickChecklistRequest>,
  actor: Actor,
): Promise<StoredGoal> {
  return db.transaction(async (tx) => {
    const [goal] = await tx
      .select()
      .from(growthGoals)
      .where(eq(growthGoals.id, input.goalId))
      .for("update");
    if (!goal) throw notFound("Goal");
    if (!goal.checklist.some((i) => i.key === input.key)) throw notFound("Checklist item");
    const checklist = goal.checklist.map((i) =>
      i.key === input.key
        ? {
            ...i,
            done: input.done,
            doneAt: input.done ? new Date().toISOString() : null,
            doneBy: input.done ? actor.userId : null,
          }
        : i,
    );
    const [updated] = await tx
      .update(growthGoals)
      .set({ checklist, updatedAt: sql`now()` })
      .where(and(eq(growthGoals.id, goal.id)))
      .returning();
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "growth.goal.tick",
      targetType: "growth_goal",
      targetId: goal.id,
      details: { key: input.key, done: input.done },
      ip: actor.ip,
    });
    return updated!;
  });
}
