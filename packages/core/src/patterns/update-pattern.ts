// Edits a pattern's content as a new version, refusing edits made against a version that is no longer current.
import { z } from "zod";
import type { Db } from "@playbook/db";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../auth/users";
import { conflict } from "../errors";
import { lockPattern, refuseIfDeleted } from "./lock-pattern";
import { parseRequest } from "./parse-request";
import {
  changedFields,
  patternFieldSchemas,
  sameSnapshot,
  snapshotOf,
  withCheckedTemplate,
  type Pattern,
} from "./pattern-fields";
import { writePatternVersion } from "./write-pattern-version";

export const ZUpdatePatternRequest = z.object({
  id: z.uuid(),
  /** The version the editor started from; another edit in between makes this one a CONFLICT. */
  expectedVersion: z.number().int().min(1),
  changeReason: z.string().trim().max(500).optional(),
  ...z.object(patternFieldSchemas).partial().shape,
});
export type TUpdatePatternRequest = z.input<typeof ZUpdatePatternRequest>;

/** Returns the pattern as stored; unchanged (same version, nothing written) when no field differs. */
export async function updatePattern(
  db: Db,
  request: TUpdatePatternRequest,
  actor: Actor,
): Promise<Pattern> {
  const { id, expectedVersion, changeReason, ...fields } = parseRequest(
    ZUpdatePatternRequest,
    request,
  );
  return db.transaction(async (tx) => {
    const current = await lockPattern(tx, id);
    refuseIfDeleted(current);
    if (current.version !== expectedVersion) {
      throw conflict(
        `The pattern was changed meanwhile (now version ${current.version}, you edited version ${expectedVersion}); reload it and edit again`,
      );
    }
    const before = snapshotOf(current);
    const provided = Object.fromEntries(
      Object.entries(fields).filter(([, value]) => value !== undefined),
    ) as Partial<typeof fields>;
    const after = withCheckedTemplate({ ...before, ...provided });
    if (sameSnapshot(before, after)) return current;
    const updated = await writePatternVersion(tx, current, after, changeReason || null, actor);
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "pattern.update",
      targetType: "pattern",
      targetId: id,
      details: {
        version: updated.version,
        fields: changedFields(before, after),
        changeReason: changeReason || null,
      },
      ip: actor.ip,
    });
    return updated;
  });
}
