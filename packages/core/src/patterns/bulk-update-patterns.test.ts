import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@playbook/db";
import { patterns } from "@playbook/db/schema";
import { testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import type { Actor } from "../auth/users";
import { bulkUpdatePatterns } from "./bulk-update-patterns";
import {
  auditRowsFor,
  containing,
  insertPattern,
  openPatternTestDatabase,
} from "./pattern-test-fixtures";

describe.each(testDatabaseKinds)("bulkUpdatePatterns on %s", (kind) => {
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
    ).toEqual({ action: "restore", changed: 2, unchanged: 0 });
    expect((await states(ids))[c.id]).toMatchObject({ deleted: true });
    const [audit] = await auditRowsFor(db, "pattern.bulk_restore");
    expect(audit).toMatchObject({
      actorUserId: actor.userId,
      targetType: "pattern",
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

  it("validates the request: 1 to 500 uuids and a known action", async () => {
    const a = await insertPattern(db);
    await expect(
      bulkUpdatePatterns(db, { ids: [], action: "delete" }, actor),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const tooMany = Array.from(
      { length: 501 },
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
});
