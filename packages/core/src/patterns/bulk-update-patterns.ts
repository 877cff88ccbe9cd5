// One state change applied to many patterns at once: all of them or, on any refusal, none.
import { asc, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@playbook/db";
import { patterns } from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../auth/users";
import { badRequest, notFound } from "../errors";
import { parseRequest } from "./parse-request";
import type { Pattern } from "./pattern-fields";

export const bulkPatternActions = ["activate", "deactivate", "delete", "restore"] as const;
export type BulkPatternAction = (typeof bulkPatternActions)[number];

export const ZBulkUpdatePatternsRequest = z.object({
  ids: z
    .array(z.uuid())
    .min(1)
    .max(500)
    .transform((ids) => [...new Set(ids)]),
  action: z.enum(bulkPatternActions),
});
export type TBulkUpdatePatternsRequest = z.input<typeof ZBulkUpdatePatternsRequest>;

export interface BulkUpdateResult {
  action: BulkPatternAction;
  /** Patterns the action changed. */
  changed: number;
  /** Patterns already in the requested state. */
  unchanged: number;
}

// The same rules as the single-pattern verbs in set-pattern-state.ts, as column changes.
const changes: Record<
  BulkPatternAction,
  { needsChange: (p: Pattern) => boolean; set: () => Partial<Pattern> }
> = {
  activate: { needsChange: (p) => !p.isActive, set: () => ({ isActive: true }) },
  deactivate: {
    needsChange: (p) => p.isActive || p.autoExecutable,
    set: () => ({ isActive: false, autoExecutable: false }),
  },
  delete: {
    needsChange: (p) => p.deletedAt === null,
    set: () => ({ deletedAt: new Date(), isActive: false, autoExecutable: false }),
  },
  restore: { needsChange: (p) => p.deletedAt !== null, set: () => ({ deletedAt: null }) },
};

export async function bulkUpdatePatterns(
  db: Db,
  request: TBulkUpdatePatternsRequest,
  actor: Actor,
): Promise<BulkUpdateResult> {
  const { ids, action } = parseRequest(ZBulkUpdatePatternsRequest, request);
  return db.transaction(async (tx) => {
    // Locked in id order, so two overlapping bulk changes cannot deadlock each other.
    const rows = await tx
      .select()
      .from(patterns)
      .where(inArray(patterns.id, ids))
      .orderBy(asc(patterns.id))
      .for("update");
    const byId = new Map(rows.map((row) => [row.id, row]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length > 0) throw notFound(`Patterns ${missing.join(", ")}`);
    if (action === "activate") {
      const deleted = ids.filter((id) => byId.get(id)!.deletedAt !== null);
      if (deleted.length > 0) {
        throw badRequest(
          `Deleted patterns cannot be activated; restore them first: ${deleted.join(", ")}`,
        );
      }
    }
    const rule = changes[action];
    // In the order the caller gave, so the audit row reads like the request.
    const changedIds = ids.filter((id) => rule.needsChange(byId.get(id)!));
    if (changedIds.length > 0) {
      await tx.update(patterns).set(rule.set()).where(inArray(patterns.id, changedIds));
    }
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: `pattern.bulk_${action}`,
      targetType: "pattern",
      details: { ids, changedIds },
      ip: actor.ip,
    });
    return { action, changed: changedIds.length, unchanged: ids.length - changedIds.length };
  });
}
