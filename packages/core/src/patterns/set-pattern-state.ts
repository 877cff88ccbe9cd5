// Switching a pattern on or off, soft-deleting it and restoring it. State changes are not content versions.
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@playbook/db";
import { patterns } from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../auth/users";
import { badRequest } from "../errors";
import { lockPattern } from "./lock-pattern";
import { parseRequest } from "./parse-request";
import type { Pattern } from "./pattern-fields";

export const ZSetPatternActiveRequest = z
  .object({
    id: z.uuid(),
    active: z.boolean(),
    /** Left as it is when omitted on activation; always cleared on deactivation. */
    autoExecutable: z.boolean().optional(),
  })
  .refine((input) => input.active || input.autoExecutable !== true, {
    message: "Only an active pattern can auto-execute",
    path: ["autoExecutable"],
  });
export type TSetPatternActiveRequest = z.input<typeof ZSetPatternActiveRequest>;

export const ZPatternIdRequest = z.object({
  id: z.uuid(),
  reason: z.string().trim().max(500).optional(),
});
export type TPatternIdRequest = z.input<typeof ZPatternIdRequest>;

export async function setPatternActive(
  db: Db,
  request: TSetPatternActiveRequest,
  actor: Actor,
): Promise<Pattern> {
  const input = parseRequest(ZSetPatternActiveRequest, request);
  return db.transaction(async (tx) => {
    const current = await lockPattern(tx, input.id);
    if (input.active && current.deletedAt) {
      throw badRequest("A deleted pattern cannot be activated; restore it first");
    }
    const autoExecutable = input.active ? (input.autoExecutable ?? current.autoExecutable) : false;
    if (current.isActive === input.active && current.autoExecutable === autoExecutable) {
      return current;
    }
    const [updated] = await tx
      .update(patterns)
      .set({ isActive: input.active, autoExecutable })
      .where(eq(patterns.id, current.id))
      .returning();
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: input.active ? "pattern.activate" : "pattern.deactivate",
      targetType: "pattern",
      targetId: current.id,
      details: {
        before: { isActive: current.isActive, autoExecutable: current.autoExecutable },
        after: { isActive: input.active, autoExecutable },
      },
      ip: actor.ip,
    });
    return updated!;
  });
}

/** Soft delete: hidden from lists and from matching, kept for history; deleting twice changes nothing. */
export async function deletePattern(
  db: Db,
  request: TPatternIdRequest,
  actor: Actor,
): Promise<Pattern> {
  const input = parseRequest(ZPatternIdRequest, request);
  return db.transaction(async (tx) => {
    const current = await lockPattern(tx, input.id);
    if (current.deletedAt) return current;
    const [updated] = await tx
      .update(patterns)
      .set({ deletedAt: new Date(), isActive: false, autoExecutable: false })
      .where(eq(patterns.id, current.id))
      .returning();
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "pattern.delete",
      targetType: "pattern",
      targetId: current.id,
      details: { wasActive: current.isActive, reason: input.reason ?? null },
      ip: actor.ip,
    });
    return updated!;
  });
}

/** Brings a deleted pattern back inactive: someone decides again whether it should answer customers. */
export async function restorePattern(
  db: Db,
  request: TPatternIdRequest,
  actor: Actor,
): Promise<Pattern> {
  const input = parseRequest(ZPatternIdRequest, request);
  return db.transaction(async (tx) => {
    const current = await lockPattern(tx, input.id);
    if (!current.deletedAt) return current;
    const [updated] = await tx
      .update(patterns)
      .set({ deletedAt: null })
      .where(eq(patterns.id, current.id))
      .returning();
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "pattern.restore",
      targetType: "pattern",
      targetId: current.id,
      details: { deletedAt: current.deletedAt.toISOString(), reason: input.reason ?? null },
      ip: actor.ip,
    });
    return updated!;
  });
}
