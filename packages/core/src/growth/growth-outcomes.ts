// Outcomes staff record for goals, and what they feed: each pattern's outcome confidence (stored in its own
// column of the current set, never mixed with evidence confidence) and the list of poorly performing patterns.
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, Executor } from "@playbook/db";
import {
  growthGoals,
  growthOutcomes,
  growthPatterns,
  growthRefreshes,
  growthRevenueImpacts,
} from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../auth/users";
import { notFound } from "../errors";
import { patternOutcome } from "./growth-advice";
import { dropGrowthOutcomeCache, getGrowthModel, loadOutcomeTallies } from "./growth-model";
import { outcomeConfidence } from "./outcome-confidence";

export const ZRecordOutcomeRequest = z
  .object({
    goalId: z.uuid(),
    completed: z.boolean(),
    daysToCompletion: z.number().int().min(0).max(36_500).nullable().default(null),
    /** The contractor's rating of the recommendation. */
    rating: z.number().int().min(1).max(5).nullable().default(null),
    revenueImpact: z.enum(growthRevenueImpacts),
    whatWorked: z.string().trim().max(4000).nullable().default(null),
    whatDidNot: z.string().trim().max(4000).nullable().default(null),
  })
  .strict();

/** Writes every pattern key's outcome confidence into a refresh's set (the current one when absent). */
export async function applyOutcomeConfidence(db: Executor, refreshId?: string): Promise<number> {
  const [current] = refreshId
    ? [{ id: refreshId }]
    : await db
        .select({ id: growthRefreshes.id })
        .from(growthRefreshes)
        .where(eq(growthRefreshes.isCurrent, true));
  if (!current) return 0;
  let updated = 0;
  for (const tally of (await loadOutcomeTallies(db)).values()) {
    const rows = await db
      .update(growthPatterns)
      .set({ outcomeConfidence: outcomeConfidence(tally) })
      .where(
        and(
          eq(growthPatterns.refreshId, current.id),
          eq(growthPatterns.fromTier, tally.fromTier),
          eq(growthPatterns.factorKind, tally.factorKind),
          eq(growthPatterns.factorName, tally.factorName),
        ),
      )
      .returning({ id: growthPatterns.id });
    updated += rows.length;
  }
  return updated;
}

export async function recordOutcome(
  db: Db,
  input: z.infer<typeof ZRecordOutcomeRequest>,
  actor: Actor,
) {
  const outcome = await db.transaction(async (tx) => {
    const [goal] = await tx.select().from(growthGoals).where(eq(growthGoals.id, input.goalId));
    if (!goal) throw notFound("Goal");
    const values = {
      ...input,
      fromTier: goal.fromTier,
      factorKind: goal.factorKind,
      factorName: goal.factorName,
      recordedBy: actor.userId,
      recordedAt: new Date(),
    };
    const [row] = await tx
      .insert(growthOutcomes)
      .values(values)
      .onConflictDoUpdate({ target: growthOutcomes.goalId, set: values })
      .returning();
    await applyOutcomeConfidence(tx);
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "growth.outcome.record",
      targetType: "growth_goal",
      targetId: goal.id,
      details: {
        completed: input.completed,
        rating: input.rating,
        revenueImpact: input.revenueImpact,
      },
      ip: actor.ip,
    });
    return row!;
  });
  dropGrowthOutcomeCache();
  return outcome;
}

/** Patterns of the current set with recorded outcomes, poorest first, flagged when poor (for admins). */
export async function listPatternOutcomes(db: Executor) {
  const model = await getGrowthModel(db);
  if (!model) return [];
  const out = [];
  for (const patterns of model.patternsByTier.values()) {
    for (const p of patterns) {
      const o = patternOutcome(model, p);
      if (o.attempts === 0) continue;
      out.push({
        id: p.id,
        fromTier: p.fromTier,
        toTier: p.toTier,
        factorKind: p.factorKind,
        factorName: p.factorName,
        verdict: p.verdict,
        evidenceConfidence: p.evidenceConfidence,
        ...o,
      });
    }
  }
  return out.sort((a, b) => (a.outcomeConfidence ?? 0) - (b.outcomeConfidence ?? 0));
}
