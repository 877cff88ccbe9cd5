// Undoes a bulk change of patterns: every pattern it changed gets back the state it had (a tag change is undone
// as a new content version). Once only: a second undo changes nothing and says so.
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows, type Db } from "@playbook/db";
import { patternBulkOperations, patterns } from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../auth/users";
import { notFound } from "../errors";
import { changeTag } from "./bulk-update-patterns";
import { parseRequest } from "./parse-request";

export const ZUndoBulkOperationRequest = z.object({ operationId: z.uuid() });
export type TUndoBulkOperationRequest = z.input<typeof ZUndoBulkOperationRequest>;

export interface UndoBulkResult {
  operationId: string;
  /** False when the operation had been undone already: nothing changed this time. */
  undone: boolean;
  restored: number;
  message: string;
}

export async function undoBulkOperation(
  db: Db,
  request: TUndoBulkOperationRequest,
  actor: Actor,
): Promise<UndoBulkResult> {
  const input = parseRequest(ZUndoBulkOperationRequest, request);
  return db.transaction(async (tx) => {
    // Locked first: two undo clicks at once undo once.
    const [operation] = await tx
      .select()
      .from(patternBulkOperations)
      .where(eq(patternBulkOperations.id, input.operationId))
      .for("update");
    if (!operation) throw notFound("Bulk action");
    if (operation.undoneAt) {
      return {
        operationId: operation.id,
        undone: false,
        restored: 0,
        message: `This bulk action was already undone (${operation.undoneAt.toISOString()}); nothing changed`,
      };
    }
    const ids = operation.items.map((item) => item.id);
    // The same lock order as bulk changes (by id), so an undo and a bulk change cannot deadlock.
    await tx.execute(
      sql`select id from ${patterns} where id in (select (x->>'id')::uuid from jsonb_array_elements(${JSON.stringify(operation.items)}::jsonb) x) order by id for update`,
    );
    let restored: number;
    if (operation.action === "add_tag" || operation.action === "remove_tag") {
      restored = await changeTag(tx, ids, operation.action === "remove_tag", operation.tag!, actor);
    } else {
      // Every pattern back to its own earlier state, in one statement.
      const updated = await queryRows<{ id: string }>(
        tx,
        sql`
        update ${patterns} as p
        set is_active = v.is_active, auto_executable = v.auto_executable, deleted_at = v.deleted_at,
          updated_at = now()
        from jsonb_to_recordset(${JSON.stringify(
          operation.items.map((item) => ({
            id: item.id,
            is_active: item.isActive,
            auto_executable: item.autoExecutable,
            deleted_at: item.deletedAt,
          })),
        )}::jsonb) as v(id uuid, is_active boolean, auto_executable boolean, deleted_at timestamptz)
        where p.id = v.id
        returning p.id`,
      );
      restored = updated.length;
    }
    await tx
      .update(patternBulkOperations)
      .set({ undoneAt: new Date(), undoneBy: actor.userId })
      .where(eq(patternBulkOperations.id, operation.id));
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "pattern.bulk_undo",
      targetType: "pattern_bulk_operation",
      targetId: operation.id,
      details: { undoneAction: operation.action, ids, restored },
      ip: actor.ip,
    });
    return {
      operationId: operation.id,
      undone: true,
      restored,
      message: `Undone: ${restored} pattern${restored === 1 ? "" : "s"} restored`,
    };
  });
}
