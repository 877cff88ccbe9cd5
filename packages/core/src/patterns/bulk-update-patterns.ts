// One change applied to many patterns at once (picked by id, or all that match a filter): all of them or, on any
// refusal, none. Each bulk change is kept (pattern_bulk_operations) with what it changed, so it can be undone.
import { and, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@playbook/db";
import {
  patternBulkActions,
  patternBulkOperations,
  patterns,
  patternVersions,
  type PatternBulkItem,
} from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../auth/users";
import { badRequest, conflict, notFound } from "../errors";
import { ZPatternFilter } from "./list-patterns";
import { parseRequest } from "./parse-request";
import { selectPatterns } from "./select-patterns";
import { snapshotOf, type Pattern } from "./pattern-fields";

export { patternBulkActions };
export type BulkPatternAction = (typeof patternBulkActions)[number];

/** Most patterns one bulk action changes: a whole library of a small business, in one transaction. */
export const BULK_MAX_PATTERNS = 10_000;

const tagActions: ReadonlySet<BulkPatternAction> = new Set(["add_tag", "remove_tag"]);

export const ZBulkUpdatePatternsRequest = z
  .object({
    ids: z
      .array(z.uuid())
      .min(1)
      .max(BULK_MAX_PATTERNS)
      .transform((ids) => [...new Set(ids)])
      .optional(),
    /** Instead of ids: every pattern that matches, as the list shows them. */
    filter: ZPatternFilter.optional(),
    action: z.enum(patternBulkActions),
    /** The tag to add or remove. */
    tag: z.string().pipe(z.string().trim().toLowerCase().min(1).max(40)).optional(),
    /** How many patterns the admin confirmed; refused when the selection now holds another number. */
    expectedCount: z.number().int().min(0).optional(),
  })
  .refine((input) => (input.ids === undefined) !== (input.filter === undefined), {
    message: "Give either ids or a filter",
    path: ["ids"],
  })
  .refine((input) => tagActions.has(input.action) === (input.tag !== undefined), {
    message: "A tag is needed to add or remove a tag, and only then",
    path: ["tag"],
  });
export type TBulkUpdatePatternsRequest = z.input<typeof ZBulkUpdatePatternsRequest>;

export interface BulkUpdateResult {
  action: BulkPatternAction;
  /** The bulk operation to undo; null when nothing changed. */
  operationId: string | null;
  /** Patterns the action changed. */
  changed: number;
  /** Patterns already in the requested state. */
  unchanged: number;
}

type Rule = {
  needsChange: (p: Pattern, tag: string) => boolean;
  /** Why a pattern cannot take the action, or null. */
  refuse?: (p: Pattern) => string | null;
};

const refuseDeleted = (what: string) => (p: Pattern) =>
  p.deletedAt !== null ? `Deleted patterns cannot ${what}; restore them first` : null;

// The same rules as the single-pattern verbs in set-pattern-state.ts and update-pattern.ts.
const rules: Record<BulkPatternAction, Rule> = {
  activate: { needsChange: (p) => !p.isActive, refuse: refuseDeleted("be activated") },
  deactivate: { needsChange: (p) => p.isActive || p.autoExecutable },
  auto_send_on: {
    needsChange: (p) => !p.autoExecutable,
    refuse: (p) => (p.isActive ? null : "Only active patterns can send automatically"),
  },
  auto_send_off: { needsChange: (p) => p.autoExecutable },
  add_tag: { needsChange: (p, tag) => !p.tags.includes(tag), refuse: refuseDeleted("be edited") },
  remove_tag: { needsChange: (p, tag) => p.tags.includes(tag), refuse: refuseDeleted("be edited") },
  delete: { needsChange: (p) => p.deletedAt === null },
  restore: { needsChange: (p) => p.deletedAt !== null },
};

const stateChanges: Record<
  Exclude<BulkPatternAction, "add_tag" | "remove_tag">,
  () => Partial<Pattern>
> = {
  activate: () => ({ isActive: true }),
  deactivate: () => ({ isActive: false, autoExecutable: false }),
  auto_send_on: () => ({ autoExecutable: true }),
  auto_send_off: () => ({ autoExecutable: false }),
  delete: () => ({ deletedAt: new Date(), isActive: false, autoExecutable: false }),
  restore: () => ({ deletedAt: null }),
};

export async function bulkUpdatePatterns(
  db: Db,
  request: TBulkUpdatePatternsRequest,
  actor: Actor,
): Promise<BulkUpdateResult> {
  const input = parseRequest(ZBulkUpdatePatternsRequest, request);
  const tag = input.tag ?? "";
  return db.transaction(async (tx) => {
    const rows = await selectPatterns(tx, input, BULK_MAX_PATTERNS, true);
    const byId = new Map(rows.map((row) => [row.id, row]));
    // In the order the caller gave, so the audit row reads like the request.
    const ids = input.ids ?? rows.map((row) => row.id);
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length > 0) throw notFound(`Patterns ${missing.join(", ")}`);
    if (input.expectedCount !== undefined && ids.length !== input.expectedCount) {
      throw conflict(
        `The selection now holds ${ids.length} patterns, not ${input.expectedCount}; check it again`,
      );
    }
    const rule = rules[input.action];
    const refused = rule.refuse
      ? ids.flatMap((id) => {
          const reason = rule.refuse!(byId.get(id)!);
          return reason ? [{ id, reason }] : [];
        })
      : [];
    if (refused.length > 0) {
      throw badRequest(
        `${refused[0]!.reason}: ${refused.length} of the ${ids.length} selected (${refused
          .slice(0, 5)
          .map((r) => r.id)
          .join(", ")}${refused.length > 5 ? ", …" : ""})`,
      );
    }
    const changed = ids.map((id) => byId.get(id)!).filter((p) => rule.needsChange(p, tag));
    const changedIds = changed.map((p) => p.id);
    let operationId: string | null = null;
    if (changed.length > 0) {
      if (input.action === "add_tag" || input.action === "remove_tag") {
        await changeTag(tx, changedIds, input.action === "add_tag", tag, actor);
      } else {
        await tx
          .update(patterns)
          .set(stateChanges[input.action]())
          .where(inArray(patterns.id, changedIds));
      }
      const items: PatternBulkItem[] = changed.map((p) => ({
        id: p.id,
        isActive: p.isActive,
        autoExecutable: p.autoExecutable,
        deletedAt: p.deletedAt?.toISOString() ?? null,
      }));
      const [operation] = await tx
        .insert(patternBulkOperations)
        .values({ action: input.action, tag: input.tag ?? null, items, createdBy: actor.userId })
        .returning({ id: patternBulkOperations.id });
      operationId = operation!.id;
    }
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: `pattern.bulk_${input.action}`,
      targetType: "pattern_bulk_operation",
      ...(operationId ? { targetId: operationId } : {}),
      details: {
        ids,
        changedIds,
        ...(input.tag !== undefined ? { tag: input.tag } : {}),
        ...(input.filter ? { filter: input.filter } : {}),
      },
      ip: actor.ip,
    });
    return {
      action: input.action,
      operationId,
      changed: changed.length,
      unchanged: ids.length - changed.length,
    };
  });
}

/**
 * Adds or removes one tag on many patterns as a new content version of each: one UPDATE and one INSERT of the
 * versions, whatever the number of patterns. Patterns already in that state are left alone.
 */
export async function changeTag(
  tx: Tx,
  ids: string[],
  add: boolean,
  tag: string,
  actor: Actor,
): Promise<number> {
  if (ids.length === 0) return 0;
  const updated = await tx
    .update(patterns)
    .set({
      tags: add
        ? sql`array_append(${patterns.tags}, ${tag}::text)`
        : sql`array_remove(${patterns.tags}, ${tag}::text)`,
      version: sql`${patterns.version} + 1`,
    })
    .where(
      and(
        inArray(patterns.id, ids),
        add
          ? sql`not (${tag}::text = any(${patterns.tags}))`
          : sql`${tag}::text = any(${patterns.tags})`,
      ),
    )
    .returning();
  if (updated.length > 0) {
    await tx.insert(patternVersions).values(
      updated.map((row) => ({
        patternId: row.id,
        version: row.version,
        snapshot: snapshotOf(row),
        changeReason: `Tag "${tag}" ${add ? "added" : "removed"} in bulk`,
        createdBy: actor.userId,
      })),
    );
  }
  return updated.length;
}
