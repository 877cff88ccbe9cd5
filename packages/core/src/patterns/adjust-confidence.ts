// An admin sets a pattern's confidence by hand; the change joins its confidence history with the admin's note.
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@playbook/db";
import { confidenceEvents, patterns } from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../auth/users";
import { lockPattern, refuseIfDeleted } from "./lock-pattern";
import { parseRequest } from "./parse-request";
import type { Pattern } from "./pattern-fields";

export const ZAdjustConfidenceRequest = z.object({
  id: z.uuid(),
  confidence: z.number().min(0).max(1),
  /** Why: a manual override is the one confidence change the numbers cannot explain on their own. */
  note: z.string().trim().min(1).max(500),
});
export type TAdjustConfidenceRequest = z.input<typeof ZAdjustConfidenceRequest>;

/** Returns the pattern; setting the confidence it already has writes nothing. */
export async function adjustPatternConfidence(
  db: Db,
  request: TAdjustConfidenceRequest,
  actor: Actor,
): Promise<Pattern> {
  const input = parseRequest(ZAdjustConfidenceRequest, request);
  return db.transaction(async (tx) => {
    const current = await lockPattern(tx, input.id);
    refuseIfDeleted(current);
    if (current.confidence === input.confidence) return current;
    const [updated] = await tx
      .update(patterns)
      .set({ confidence: input.confidence })
      .where(eq(patterns.id, current.id))
      .returning();
    await tx.insert(confidenceEvents).values({
      patternId: current.id,
      oldConfidence: current.confidence,
      newConfidence: input.confidence,
      reason: "manual_adjustment",
      actorUserId: actor.userId,
      note: input.note,
    });
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "pattern.adjust_confidence",
      targetType: "pattern",
      targetId: current.id,
      details: { from: current.confidence, to: input.confidence, note: input.note },
      ip: actor.ip,
    });
    return updated!;
  });
}
