// Two patterns that say the same thing become one: the kept pattern gains copies of the other's examples (so every
// process's match index learns them as new) and its counts; the other is soft-deleted with its versions,
// confidence history and decisions intact, and can be read or restored like any deleted pattern.
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows, type Tx } from "@playbook/db";
import { patterns } from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../auth/users";
import { badRequest, conflict } from "../errors";
import { lockPattern } from "./lock-pattern";
import { parseRequest } from "./parse-request";

export const ZMergePatternsRequest = z
  .object({ keepId: z.uuid(), mergeId: z.uuid() })
  .refine((input) => input.keepId !== input.mergeId, {
    message: "A pattern cannot be merged into itself",
    path: ["mergeId"],
  });
export type TMergePatternsRequest = z.input<typeof ZMergePatternsRequest>;

export type MergeResult = { keepId: string; mergeId: string; examplesCopied: number };

/** Runs inside the caller's transaction; merging a pattern that is already merged away is refused. */
export async function mergePatterns(
  tx: Tx,
  request: TMergePatternsRequest,
  actor: Actor,
): Promise<MergeResult> {
  const input = parseRequest(ZMergePatternsRequest, request);
  // Locked in id order: two merges of the same pair in opposite directions cannot deadlock.
  const [first, second] = [input.keepId, input.mergeId].sort();
  const locked = new Map([
    [first!, await lockPattern(tx, first!)],
    [second!, await lockPattern(tx, second!)],
  ]);
  const keep = locked.get(input.keepId)!;
  const merge = locked.get(input.mergeId)!;
  if (merge.deletedAt) throw conflict("That pattern was already merged or deleted");
  if (keep.deletedAt) throw badRequest("The pattern to keep is deleted; restore it first");

  const copied = await queryRows<{ id: string }>(
    tx,
    sql`
    insert into pattern_examples
      (pattern_id, customer_text, reply_text, inbound_message_id, outbound_message_id, source,
       is_gold_standard, quality_score)
    select ${keep.id}, customer_text, reply_text, inbound_message_id, outbound_message_id, source,
       is_gold_standard, quality_score
    from pattern_examples where pattern_id = ${merge.id}
    order by created_at, id
    returning id`,
  );
  const examplesCopied = copied.length;

  await tx
    .update(patterns)
    .set({
      executionCount: keep.executionCount + merge.executionCount,
      successCount: keep.successCount + merge.successCount,
      failureCount: keep.failureCount + merge.failureCount,
      overrideCount: keep.overrideCount + merge.overrideCount,
      tags: [...new Set([...keep.tags, ...merge.tags])],
      lastUsedAt:
        keep.lastUsedAt && merge.lastUsedAt
          ? new Date(Math.max(keep.lastUsedAt.getTime(), merge.lastUsedAt.getTime()))
          : (keep.lastUsedAt ?? merge.lastUsedAt),
    })
    .where(eq(patterns.id, keep.id));
  await tx
    .update(patterns)
    .set({
      deletedAt: new Date(),
      isActive: false,
      autoExecutable: false,
      notes: [merge.notes, `Merged into pattern ${keep.id}.`].filter(Boolean).join("\n"),
    })
    .where(eq(patterns.id, merge.id));
  await recordAudit(tx, {
    actorUserId: actor.userId,
    action: "pattern.merge",
    targetType: "pattern",
    targetId: keep.id,
    details: { merged: merge.id, mergedTrigger: merge.triggerText, examplesCopied },
    ip: actor.ip,
  });
  return { keepId: keep.id, mergeId: merge.id, examplesCopied };
}
