// Operators mark an exchange as gold standard: the example is kept as a model answer for its pattern.
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@playbook/db";
import { patternExamples, patterns } from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../auth/users";
import { notFound } from "../errors";

export const ZSetGoldStandardRequest = z.object({ exampleId: z.uuid(), gold: z.boolean() });
export type SetGoldStandardRequest = z.infer<typeof ZSetGoldStandardRequest>;

export async function setGoldStandard(db: Db, input: SetGoldStandardRequest, actor: Actor) {
  return db.transaction(async (tx) => {
    const [example] = await tx
      .update(patternExamples)
      .set({ isGoldStandard: input.gold, ...(input.gold ? { qualityScore: 1 } : {}) })
      .where(eq(patternExamples.id, input.exampleId))
      .returning({ id: patternExamples.id, patternId: patternExamples.patternId });
    if (!example) throw notFound("Example");
    // The pattern is gold standard while at least one of its examples is.
    const [gold] = await tx
      .select({ id: patternExamples.id })
      .from(patternExamples)
      .where(
        and(
          eq(patternExamples.patternId, example.patternId),
          eq(patternExamples.isGoldStandard, true),
        ),
      )
      .limit(1);
    await tx
      .update(patterns)
      .set({ isGoldStandard: Boolean(gold) })
      .where(eq(patterns.id, example.patternId));
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: input.gold ? "example.mark_gold" : "example.unmark_gold",
      targetType: "pattern_example",
      targetId: example.id,
      details: { patternId: example.patternId },
      ip: actor.ip,
    });
    return { exampleId: example.id, patternId: example.patternId, gold: input.gold };
  });
}
