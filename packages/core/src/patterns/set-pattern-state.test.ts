import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@playbook/db";
import { patterns } from "@playbook/db/schema";
import { testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import type { Actor } from "../auth/users";
import { listPatterns } from "./list-patterns";
import {
  auditRowsFor,
  containing,
  insertPattern,
  openPatternTestDatabase,
} from "./pattern-test-fixtures";
import { deletePattern, restorePattern, setPatternActive } from "./set-pattern-state";

describe.each(testDatabaseKinds)("pattern state on %s", (kind) => {
  let test: TestDatabase;
  let db: Db;
  let actor: Actor;
  beforeAll(async () => {
    ({ test, db, actor } = await openPatternTestDatabase(kind));
  });
  afterAll(() => test.drop());

  const read = async (id: string) =>
    (await db.select().from(patterns).where(eq(patterns.id, id)))[0]!;
  const auditsOf = async (action: string, id: string) =>
    (await auditRowsFor(db, action)).filter((row) => row.targetId === id);

  it("activates, keeps or sets auto-execution, and deactivating clears it", async () => {
    const pattern = await insertPattern(db);
    const active = await setPatternActive(db, { id: pattern.id, active: true }, actor);
    expect(active).toMatchObject({ isActive: true, autoExecutable: false });
    const auto = await setPatternActive(
      db,
      { id: pattern.id, active: true, autoExecutable: true },
      actor,
    );
    expect(auto).toMatchObject({ isActive: true, autoExecutable: true });
    // Re-activating without saying anything about auto-execution leaves it on.
    expect(await setPatternActive(db, { id: pattern.id, active: true }, actor)).toMatchObject({
      autoExecutable: true,
    });
    const off = await setPatternActive(db, { id: pattern.id, active: false }, actor);
    expect(off).toMatchObject({ isActive: false, autoExecutable: false });
    expect((await auditsOf("pattern.activate", pattern.id)).length).toBe(2);
    const [deactivation] = await auditsOf("pattern.deactivate", pattern.id);
    expect(deactivation?.details).toEqual({
      before: { isActive: true, autoExecutable: true },
      after: { isActive: false, autoExecutable: false },
    });
  });

  it("refuses auto-execution on an inactive pattern and activation of a missing one", async () => {
    const pattern = await insertPattern(db);
    await expect(
      setPatternActive(db, { id: pattern.id, active: false, autoExecutable: true }, actor),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      setPatternActive(db, { id: "00000000-0000-4000-8000-000000000001", active: true }, actor),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await read(pattern.id)).toMatchObject({ isActive: false, autoExecutable: false });
  });

  it("soft-deletes: deactivated, hidden from the default list, kept, and audited once", async () => {
    const pattern = await insertPattern(db, { isActive: true, autoExecutable: true });
    const deleted = await deletePattern(db, { id: pattern.id, reason: "wrong answer" }, actor);
    expect(deleted.deletedAt).toBeInstanceOf(Date);
    expect(deleted).toMatchObject({ isActive: false, autoExecutable: false });
    const listed = (await listPatterns(db, {})).items.map((item) => item.id);
    expect(listed).not.toContain(pattern.id);
    expect((await listPatterns(db, { deleted: "only" })).items.map((item) => item.id)).toContain(
      pattern.id,
    );
    // Deleting again is not an error and does not move the deletion time.
    const again = await deletePattern(db, { id: pattern.id }, actor);
    expect(again.deletedAt).toEqual(deleted.deletedAt);
    const audits = await auditsOf("pattern.delete", pattern.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]?.details).toEqual({ wasActive: true, reason: "wrong answer" });
  });

  it("cannot activate a deleted pattern; restoring brings it back inactive and listed", async () => {
    const pattern = await insertPattern(db, { isActive: true });
    await deletePattern(db, { id: pattern.id }, actor);
    await expect(
      setPatternActive(db, { id: pattern.id, active: true }, actor),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: containing("restore") });
    const restored = await restorePattern(db, { id: pattern.id }, actor);
    expect(restored).toMatchObject({ deletedAt: null, isActive: false, autoExecutable: false });
    expect((await listPatterns(db, {})).items.map((item) => item.id)).toContain(pattern.id);
    expect(await auditsOf("pattern.restore", pattern.id)).toHaveLength(1);
    // Restoring a live pattern changes and audits nothing.
    await restorePattern(db, { id: pattern.id }, actor);
    expect(await auditsOf("pattern.restore", pattern.id)).toHaveLength(1);
    expect(await setPatternActive(db, { id: pattern.id, active: true }, actor)).toMatchObject({
      isActive: true,
    });
  });

  it("refuses a malformed id with BAD_REQUEST", async () => {
    await expect(deletePattern(db, { id: "nope" }, actor)).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});
