import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@playbook/db";
import { patterns, patternVersions } from "@playbook/db/schema";
import { testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import type { Actor } from "../auth/users";
import { textSignature } from "../text/normalize-text";
import { createPattern } from "./create-pattern";
import { auditRowsFor, containing, openPatternTestDatabase } from "./pattern-test-fixtures";
import { rollbackPattern } from "./rollback-pattern";
import { deletePattern } from "./set-pattern-state";
import { updatePattern } from "./update-pattern";

describe.each(testDatabaseKinds)("updatePattern and rollbackPattern on %s", (kind) => {
  let test: TestDatabase;
  let db: Db;
  let actor: Actor;
  beforeAll(async () => {
    ({ test, db, actor } = await openPatternTestDatabase(kind));
  });
  afterAll(() => test.drop());

  const create = () =>
    createPattern(
      db,
      {
        type: "hours",
        triggerText: "When are you open?",
        responseTemplate: "We open at 9.",
        tags: ["hours"],
      },
      actor,
    );
  const versionsOf = (id: string) =>
    db
      .select()
      .from(patternVersions)
      .where(eq(patternVersions.patternId, id))
      .orderBy(asc(patternVersions.version));

  it("writes a new version with the snapshot, new signatures and variables, and an audit row", async () => {
    const created = await create();
    const updated = await updatePattern(
      db,
      {
        id: created.id,
        expectedVersion: 1,
        triggerText: "What are your opening hours?",
        responseTemplate: "We open at {{time}}, {{customer_name}}.",
        changeReason: "Say the time",
      },
      actor,
    );
    expect(updated).toMatchObject({
      version: 2,
      triggerText: "What are your opening hours?",
      signature: textSignature("What are your opening hours?"),
      responseSignature: textSignature("We open at {{time}}, {{customer_name}}."),
      variables: ["time", "customer_name"],
      tags: ["hours"],
      type: "hours",
    });
    const versions = await versionsOf(created.id);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[1]).toMatchObject({
      changeReason: "Say the time",
      createdBy: actor.userId,
      snapshot: {
        triggerText: "What are your opening hours?",
        variables: ["time", "customer_name"],
        tags: ["hours"],
      },
    });
    const audit = (await auditRowsFor(db, "pattern.update")).find(
      (row) => row.targetId === created.id,
    );
    expect(audit?.details).toEqual({
      version: 2,
      fields: ["triggerText", "responseTemplate", "variables"],
      changeReason: "Say the time",
    });
  });

  it("changes nothing and writes nothing when every given field is already so", async () => {
    const created = await create();
    const same = await updatePattern(
      db,
      { id: created.id, expectedVersion: 1, tags: ["Hours"], type: "hours", notes: "" },
      actor,
    );
    expect(same.version).toBe(1);
    expect(await versionsOf(created.id)).toHaveLength(1);
    expect(
      (await auditRowsFor(db, "pattern.update")).filter((row) => row.targetId === created.id),
    ).toHaveLength(0);
  });

  it("refuses an edit made against an older version with CONFLICT and keeps the newer one", async () => {
    const created = await create();
    await updatePattern(db, { id: created.id, expectedVersion: 1, notes: "first" }, actor);
    await expect(
      updatePattern(db, { id: created.id, expectedVersion: 1, notes: "second" }, actor),
    ).rejects.toMatchObject({ code: "CONFLICT", message: containing("version 2") });
    const [row] = await db.select().from(patterns).where(eq(patterns.id, created.id));
    expect(row).toMatchObject({ version: 2, notes: "first" });
    expect(await versionsOf(created.id)).toHaveLength(2);
  });

  it("lets exactly one of two simultaneous edits of the same version through", async () => {
    const created = await create();
    const results = await Promise.allSettled(
      ["left", "right"].map((notes) =>
        updatePattern(db, { id: created.id, expectedVersion: 1, notes }, actor),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = results.find((r) => r.status === "rejected");
    expect(rejected?.reason).toMatchObject({ code: "CONFLICT" });
    expect((await versionsOf(created.id)).map((v) => v.version)).toEqual([1, 2]);
  });

  it("refuses unknown placeholders, missing and deleted patterns", async () => {
    const created = await create();
    await expect(
      updatePattern(
        db,
        { id: created.id, expectedVersion: 1, responseTemplate: "Open at {{opening}}" },
        actor,
      ),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: containing("{{opening}}"),
    });
    await expect(
      updatePattern(
        db,
        { id: "00000000-0000-4000-8000-000000000000", expectedVersion: 1, notes: "x" },
        actor,
      ),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await deletePattern(db, { id: created.id }, actor);
    await expect(
      updatePattern(db, { id: created.id, expectedVersion: 1, notes: "x" }, actor),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: containing("restore") });
    expect(await versionsOf(created.id)).toHaveLength(1);
  });

  it("rolls back by restoring an old snapshot as a new version", async () => {
    const created = await create();
    await updatePattern(
      db,
      { id: created.id, expectedVersion: 1, responseTemplate: "Open {{date}} at {{time}}." },
      actor,
    );
    await updatePattern(db, { id: created.id, expectedVersion: 2, tags: ["late"] }, actor);
    const rolled = await rollbackPattern(
      db,
      { id: created.id, toVersion: 1, reason: "customers were confused" },
      actor,
    );
    expect(rolled).toMatchObject({
      version: 4,
      responseTemplate: "We open at 9.",
      responseSignature: textSignature("We open at 9."),
      variables: [],
      tags: ["hours"],
    });
    const versions = await versionsOf(created.id);
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4]);
    expect(versions[3]).toMatchObject({
      changeReason: "Rollback to version 1: customers were confused",
      snapshot: versions[0]!.snapshot,
    });
    const audit = (await auditRowsFor(db, "pattern.rollback")).find(
      (row) => row.targetId === created.id,
    );
    expect(audit?.details).toMatchObject({ fromVersion: 3, toVersion: 1, newVersion: 4 });
  });

  it("refuses rollbacks to a missing or identical version, or past a newer edit", async () => {
    const created = await create();
    await expect(
      rollbackPattern(db, { id: created.id, toVersion: 1 }, actor),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      rollbackPattern(db, { id: created.id, toVersion: 7 }, actor),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await updatePattern(db, { id: created.id, expectedVersion: 1, notes: "n" }, actor);
    await expect(
      rollbackPattern(db, { id: created.id, toVersion: 1, expectedVersion: 1 }, actor),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await versionsOf(created.id)).toHaveLength(2);
  });
});
