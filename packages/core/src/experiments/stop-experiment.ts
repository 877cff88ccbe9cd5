// An admin stops a running experiment (the pattern's own template answers again), or gives or withdraws consent
// to promote its winner.
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@playbook/db";
import { experiments } from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../auth/users";
import { parseRequest } from "../patterns/parse-request";
import { lockExperiment, type Experiment } from "./start-experiment";

export const ZStopExperimentRequest = z.object({
  id: z.uuid(),
  reason: z.string().trim().max(500).optional(),
});
export type TStopExperimentRequest = z.input<typeof ZStopExperimentRequest>;

/** Stopping a stopped or completed experiment returns it unchanged (a double click writes nothing twice). */
export async function stopExperiment(
  db: Db,
  request: TStopExperimentRequest,
  actor: Actor,
): Promise<Experiment> {
  const input = parseRequest(ZStopExperimentRequest, request);
  return db.transaction(async (tx) => {
    const current = await lockExperiment(tx, input.id);
    if (current.status !== "running") return current;
    const [stopped] = await tx
      .update(experiments)
      .set({
        status: "stopped",
        stoppedAt: new Date(),
        stopReason: input.reason || "stopped by an admin",
      })
      .where(eq(experiments.id, current.id))
      .returning();
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "experiment.stop",
      targetType: "experiment",
      targetId: current.id,
      details: { reason: input.reason || null },
      ip: actor.ip,
    });
    return stopped!;
  });
}

export const ZSetPromotionConsentRequest = z.object({ id: z.uuid(), promoteWinner: z.boolean() });
export type TSetPromotionConsentRequest = z.input<typeof ZSetPromotionConsentRequest>;

/** Setting the consent it already has writes nothing. */
export async function setPromotionConsent(
  db: Db,
  request: TSetPromotionConsentRequest,
  actor: Actor,
): Promise<Experiment> {
  const input = parseRequest(ZSetPromotionConsentRequest, request);
  return db.transaction(async (tx) => {
    const current = await lockExperiment(tx, input.id);
    if (current.promoteWinner === input.promoteWinner) return current;
    const [updated] = await tx
      .update(experiments)
      .set({ promoteWinner: input.promoteWinner })
      .where(eq(experiments.id, current.id))
      .returning();
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "experiment.consent",
      targetType: "experiment",
      targetId: current.id,
      details: { promoteWinner: input.promoteWinner },
      ip: actor.ip,
    });
    return updated!;
  });
}
