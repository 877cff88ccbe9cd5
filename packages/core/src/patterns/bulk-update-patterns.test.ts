import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@playbook/db";
import { patterns, patternVersions } from "@playbook/db/schema";
import { testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import type { Actor } from "../auth/users";
import { textSignature } from "../text/normalize-text";
import { bulkUpdatePatterns } from "./bulk-update-patterns";
import {
  auditRowsFor,
  containing,
  insertPattern,
  openPatternTestDatabase,
} from "./pattern-test-fixtures";
import { undoBulkOperation } from "./undo-bulk-operation";

const anyId = expect.any(String) as string;

describe.each(testDatabaseKinds)("bulk actions and their undo on %s", (kind) => {
  let test: TestDatabase;
  let db: Db;
  let actor: Actor;
  beforeAll(async () => {
    ({ test, db, actor } = await openPatternTestDatabase(kind));
  });
  afterAll(() => test.drop());

  const states = async (ids: string[]) =>
    Object.fromEntries(
      (await db.select().from(patterns).where(inArray(patterns.id, ids))).map((row) => [
        row.id,
        { active: row.isActive, auto: row.autoExecutable, deleted: row.deletedAt !== null },
      ]),
    );

  it("applies each action to all ids, counting those already in that state, with one audit row", async () => {
    const a = await insertPattern(db);
    const b = await insertPattern(db, { isActive: true, autoExecutable: true });
    const c = await insertPattern(db);
    const ids = [a.id, b.id, c.id];
    expect(await bulkUpdatePatterns(db, { ids, action: "activate" }, actor)).toEqual({
      action: "activate",
      operationId: anyId,
      changed: 2,
      unchanged: 1,
    });
    expect(await states(ids)).toEqual({
      [a.id]: { active: true, auto: false, deleted: false },
      [b.id]: { active: true, auto: true, deleted: false },
      [c.id]: { active: true, auto: false, deleted: false },
    });
    expect(
      await bulkUpdatePatterns(db, { ids: [a.id, b.id], action: "deactivate" }, actor),
    ).toMatchObject({ changed: 2, unchanged: 0 });
    expect((await states(ids))[b.id]).toEqual({ active: false, auto: false, deleted: false });
    expect(await bulkUpdatePatterns(db, { ids, action: "delete" }, actor)).toMatchObject({
      changed: 3,
    });
    expect(Object.values(await states(ids))).toEqual(
      ids.map(() => ({ active: false, auto: false, deleted: true })),
    );
    expect(
      await bulkUpdatePatterns(db, { ids: [b.id, a.id, b.id], action: "restore" }, actor),
    ).toEqual({ action: "restore", operationId: anyId, changed: 2, unchanged: 0 });
    expect((await states(ids))[c.id]).toMatchObject({ deleted: true });
    const [audit] = await auditRowsFor(db, "pattern.bulk_restore");
    expect(audit).toMatchObject({
      actorUserId: actor.userId,
      targetType: "pattern_bulk_operation",
      details: { ids: [b.id, a.id], changedIds: [b.id, a.id] },
    });
    expect(await auditRowsFor(db, "pattern.bulk_activate")).toHaveLength(1);
  });

  it("fails entirely with NOT_FOUND when one id is missing, changing and auditing nothing", async () => {
    const a = await insertPattern(db);
    const b = await insertPattern(db);
    const missing = "00000000-0000-4000-8000-000000000003";
    const auditsBefore = (await auditRowsFor(db, "pattern.bulk_delete")).length;
    await expect(
      bulkUpdatePatterns(db, { ids: [a.id, missing, b.id], action: "delete" }, actor),
    ).rejects.toMatchObject({ code: "NOT_FOUND", message: containing(missing) });
    expect(await states([a.id, b.id])).toEqual({
      [a.id]: { active: false, auto: false, deleted: false },
      [b.id]: { active: false, auto: false, deleted: false },
    });
    expect(await auditRowsFor(db, "pattern.bulk_delete")).toHaveLength(auditsBefore);
  });

  it("refuses to activate a selection containing a deleted pattern, activating none", async () => {
    const live = await insertPattern(db);
    const deleted = await insertPattern(db, { deletedAt: new Date() });
    await expect(
      bulkUpdatePatterns(db, { ids: [live.id, deleted.id], action: "activate" }, actor),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: containing(deleted.id) });
    expect((await states([live.id]))[live.id]).toMatchObject({ active: false });
  });

  it("validates the request: 1 to 10,000 uuids and a known action", async () => {
    const a = await insertPattern(db);
    await expect(
      bulkUpdatePatterns(db, { ids: [], action: "delete" }, actor),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const tooMany = Array.from(
      { length: 10_001 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    );
    await expect(
      bulkUpdatePatterns(db, { ids: tooMany, action: "delete" }, actor),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      // @ts-expect-error: not an action
      bulkUpdatePatterns(db, { ids: [a.id], action: "purge" }, actor),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      bulkUpdatePatterns(db, { ids: ["x"], action: "delete" }, actor),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  const rowsOf = (ids: string[]) =>
    db.select().from(patterns).where(inArray(patterns.id, ids)).orderBy(patterns.id);

  it("activates 500 patterns matching a filter in one action, and one undo puts every one back", async () => {
    const marker = `bulk-${kind}`;
    const values = Array.from({ length: 500 }, (_, i) => {
      const triggerText = `${marker} question ${i}`;
      return {
        triggerText,
        signature: textSignature(triggerText),
        responseTemplate: `answer ${i}`,
        responseSignature: textSignature(`answer ${i}`),
        createdFrom: "learned" as const,
        // A few were active (one even auto-sending) before: the undo must not switch those off.
        isActive: i % 100 === 0,
        autoExecutable: i === 0,
      };
    });
    const seeded = await db.insert(patterns).values(values).returning();
    const ids = seeded.map((p) => p.id);
    const before = await rowsOf(ids);

    await expect(
      bulkUpdatePatterns(
        db,
        { filter: { search: marker }, action: "activate", expectedCount: 499 },
        actor,
      ),
    ).rejects.toMatchObject({ code: "CONFLICT", message: containing("now holds 500 patterns") });

    let started = performance.now();
    const result = await bulkUpdatePatterns(
      db,
      { filter: { search: marker }, action: "activate", expectedCount: 500 },
      actor,
    );
    const bulkMs = performance.now() - started;
    expect(result).toMatchObject({ changed: 495, unchanged: 5 });
    expect((await rowsOf(ids)).every((p) => p.isActive)).toBe(true);
    const [audit] = (await auditRowsFor(db, "pattern.bulk_activate")).filter(
      (row) => row.targetId === result.operationId,
    );
    expect((audit!.details as { ids: string[] }).ids).toHaveLength(500);
    expect((audit!.details as { changedIds: string[] }).changedIds).toHaveLength(495);

    started = performance.now();
    const undo = await undoBulkOperation(db, { operationId: result.operationId! }, actor);
    const undoMs = performance.now() - started;
    expect(undo).toMatchObject({ undone: true, restored: 495 });
    const after = await rowsOf(ids);
    expect(after.map((p) => [p.isActive, p.autoExecutable])).toEqual(
      before.map((p) => [p.isActive, p.autoExecutable]),
    );
    // Measured figures for the report (2 shared cores).
    console.info(
      `[${kind}] bulk activate 500: ${bulkMs.toFixed(0)} ms; undo: ${undoMs.toFixed(0)} ms`,
    );

    const again = await undoBulkOperation(db, { operationId: result.operationId! }, actor);
    expect(again).toMatchObject({ undone: false, restored: 0 });
    expect(again.message).toContain("already undone");
    expect(await auditRowsFor(db, "pattern.bulk_undo")).toHaveLength(1);
  });

  it("turns auto-send on only for active patterns, and refuses the whole selection otherwise", async () => {
    const active = await insertPattern(db, { isActive: true });
    const inactive = await insertPattern(db);
    await expect(
      bulkUpdatePatterns(db, { ids: [active.id, inactive.id], action: "auto_send_on" }, actor),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: containing("Only active patterns can send automatically: 1 of the 2"),
    });
    expect((await rowsOf([active.id]))[0]!.autoExecutable).toBe(false);
    const on = await bulkUpdatePatterns(db, { ids: [active.id], action: "auto_send_on" }, actor);
    expect((await rowsOf([active.id]))[0]!.autoExecutable).toBe(true);
    await undoBulkOperation(db, { operationId: on.operationId! }, actor);
    expect((await rowsOf([active.id]))[0]).toMatchObject({ isActive: true, autoExecutable: false });
  });

  it("adds and removes a tag as new versions, and the undo writes the version back", async () => {
    const a = await insertPattern(db, { tags: ["hours"] });
    const b = await insertPattern(db);
    const added = await bulkUpdatePatterns(
      db,
      { ids: [a.id, b.id], action: "add_tag", tag: " Winter " },
      actor,
    );
    expect(added).toMatchObject({ changed: 2 });
    const tagged = await rowsOf([a.id, b.id]);
    expect(tagged.map((p) => p.tags.includes("winter"))).toEqual([true, true]);
    expect(tagged.map((p) => p.version)).toEqual([2, 2]);
    const versions = await db
      .select()
      .from(patternVersions)
      .where(eq(patternVersions.patternId, a.id));
    expect(versions[0]).toMatchObject({ version: 2, snapshot: { tags: ["hours", "winter"] } });

    const again = await bulkUpdatePatterns(
      db,
      { ids: [a.id, b.id], action: "add_tag", tag: "winter" },
      actor,
    );
    expect(again).toEqual({ action: "add_tag", operationId: null, changed: 0, unchanged: 2 });

    await undoBulkOperation(db, { operationId: added.operationId! }, actor);
    const undone = await rowsOf([a.id, b.id]);
    expect(undone.find((p) => p.id === a.id)).toMatchObject({ tags: ["hours"], version: 3 });
    expect(undone.find((p) => p.id === b.id)).toMatchObject({ tags: [], version: 3 });

    const removed = await bulkUpdatePatterns(
      db,
      { ids: [a.id], action: "remove_tag", tag: "hours" },
      actor,
    );
    expect((await rowsOf([a.id]))[0]!.tags).toEqual([]);
    await undoBulkOperation(db, { operationId: removed.operationId! }, actor);
    expect((await rowsOf([a.id]))[0]!.tags).toEqual(["hours"]);
  });

  it("deletes and restores through undo", async () => {
    const a = await insertPattern(db, { isActive: true });
    const deleted = await bulkUpdatePatterns(db, { ids: [a.id], action: "delete" }, actor);
    expect((await rowsOf([a.id]))[0]).toMatchObject({ isActive: false });
    expect((await rowsOf([a.id]))[0]!.deletedAt).not.toBeNull();
    await undoBulkOperation(db, { operationId: deleted.operationId! }, actor);
    expect((await rowsOf([a.id]))[0]).toMatchObject({ isActive: true, deletedAt: null });
  });

  it("rejects malformed requests with a clear message", async () => {
    const a = await insertPattern(db);
    await expect(
      bulkUpdatePatterns(db, { ids: [a.id], action: "add_tag" }, actor),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: containing("tag") });
    await expect(
      bulkUpdatePatterns(db, { ids: [a.id], filter: {}, action: "delete" }, actor),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: containing("either ids or a filter") });
    await expect(
      undoBulkOperation(db, { operationId: "00000000-0000-4000-8000-000000000009" }, actor),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
