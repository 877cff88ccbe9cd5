// Restores the content of an earlier version as a new version, so the history is never rewritten.
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@playbook/db";
import { patternVersions } from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../auth/users";
import { badRequest, conflict, notFound } from "../errors";
import { lockPattern, refuseIfDeleted } from "./lock-pattern";
import { parseRequest } from "./parse-request";
import { sameSnapshot, snapshotOf, withCheckedTemplate, type Pattern } from "./pattern-fields";
import { writePatternVersion } from "./write-pattern-version";

export const ZRollbackPatternRequest = z.object({
  id: z.uuid(),
  toVersion: z.number().int().min(1),
  reason: z.string().trim().max(500).optional(),
  /** When given, the rollback is refused if the pattern moved past this version meanwhile. */
  expectedVersion: z.number().int().min(1).optional(),
});
export type TRollbackPatternRequest = z.input<typeof ZRollbackPatternRequest>;

export async function rollbackPattern(
  db: Db,
  request: TRollbackPatternRequest,
  actor: Actor,
): Promise<Pattern> {
  const input = parseRequest(ZRollbackPatternRequest, request);
  return db.transaction(async (tx) => {
    const current = await lockPattern(tx, input.id);
    refuseIfDeleted(current);
    if (input.expectedVersion !== undefined && current.version !== input.expectedVersion) {
      throw conflict(
        `The pattern was changed meanwhile (now version ${current.version}); reload it first`,
      );
    }
    const [target] = await tx
      .select()
      .from(patternVersions)
      .where(
        and(eq(patternVersions.patternId, input.id), eq(patternVersions.version, input.toVersion)),
      );
    if (!target) throw notFound(`Version ${input.toVersion} of the pattern`);
    const restored = withCheckedTemplate(target.snapshot);
    if (sameSnapshot(snapshotOf(current), restored)) {
      throw badRequest(`Version ${input.toVersion} has the same content as the current version`);
    }
    const changeReason = `Rollback to version ${input.toVersion}${input.reason ? `: ${input.reason}` : ""}`;
    const updated = await writePatternVersion(tx, current, restored, changeReason, actor);
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "pattern.rollback",
      targetType: "pattern",
      targetId: input.id,
      details: {
        fromVersion: current.version,
        toVersion: input.toVersion,
        newVersion: updated.version,
        reason: input.reason ?? null,
      },
      ip: actor.ip,
    });
    return updated;
  });
}
