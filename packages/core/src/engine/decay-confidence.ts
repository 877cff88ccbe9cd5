// The daily decay of patterns nobody used: confidence drifts down, never below the floor, once a day at most.
import { and, gt, isNull, sql } from "drizzle-orm";
import { confidenceEvents, patterns } from "@playbook/db/schema";
import type { Db } from "@playbook/db";
import { confidenceAfterDecay } from "../confidence/apply-feedback";
import { getSettings } from "../settings/settings";

// A second run on the same day (a restart, a manual run) must not decay twice.
const MIN_HOURS_BETWEEN_DECAYS = 20;

export async function decayUnusedPatterns(db: Db, now: Date): Promise<{ decayed: number }> {
  return db.transaction(async (tx) => {
    const settings = await getSettings(tx);
    const candidates = await tx
      .select({
        id: patterns.id,
        confidence: patterns.confidence,
        lastUsedAt: patterns.lastUsedAt,
        createdAt: patterns.createdAt,
      })
      .from(patterns)
      .where(
        and(
          isNull(patterns.deletedAt),
          gt(patterns.confidence, settings.decayFloor),
          sql`not exists (select 1 from ${confidenceEvents} e where e.pattern_id = ${patterns.id}
                and e.reason = 'decay'
                and e.created_at > ${new Date(now.getTime() - MIN_HOURS_BETWEEN_DECAYS * 3_600_000)})`,
        ),
      )
      .for("update");
    const changes = candidates.flatMap((p) => {
      const change = confidenceAfterDecay(p.confidence, p.lastUsedAt, p.createdAt, now, settings);
      return change ? [{ id: p.id, old: p.confidence, next: change.next }] : [];
    });
    if (changes.length === 0) return { decayed: 0 };
    const ids = changes.map((c) => c.id);
    const values = changes.map((c) => c.next);
    await tx.execute(sql`
      update ${patterns} p set confidence = v.next
      from unnest(${sql`${toPgArray(ids)}::uuid[]`}, ${sql`${toPgArray(values)}::float8[]`}) as v(id, next)
      where p.id = v.id`);
    await tx.insert(confidenceEvents).values(
      changes.map((c) => ({
        patternId: c.id,
        oldConfidence: c.old,
        newConfidence: c.next,
        reason: "decay" as const,
        note: `unused for more than ${settings.unusedDaysBeforeDecay} day(s)`,
        createdAt: now,
      })),
    );
    return { decayed: changes.length };
  });
}

// A Postgres array literal: both drivers take it as one parameter, unlike a JS array spread into a list.
const toPgArray = (values: readonly (string | number)[]) => `{${values.join(",")}}`;
