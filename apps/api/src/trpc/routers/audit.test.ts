// The audit log as an admin reads it: filtered, with names instead of ids, and each change spelled out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { contextFor, createTestUser } from "../../testing";
import { createCallerFactory } from "../init";
import { appRouter } from "../router";

const createCaller = createCallerFactory(appRouter);
const containing = (text: string): string => expect.stringContaining(text) as string;

describe.each(testDatabaseKinds)("audit router on %s", (kind) => {
  let test: TestDatabase;
  let admin: ReturnType<typeof createCaller>;
  let operator: ReturnType<typeof createCaller>;
  let adminId: string;
  let operatorId: string;
  let patternId: string;

  beforeAll(async () => {
    test = await openTestDatabase(kind);
    const adminUser = await createTestUser(test.database, "admin");
    const operatorUser = await createTestUser(test.database, "operator");
    adminId = adminUser.id;
    operatorId = operatorUser.id;
    admin = createCaller(await contextFor(test.database, adminUser.id));
    operator = createCaller(await contextFor(test.database, operatorUser.id));
    // A pattern written by the operator, its reply edited by the admin, then switched on: three kinds of entry.
    const created = await operator.patterns.create({
      type: "hours",
      triggerText: "When do you open?",
      responseTemplate: "We open at 9.",
    });
    patternId = created.id;
    await admin.patterns.update({
      id: patternId,
      expectedVersion: 1,
      responseTemplate: "We open at 10 on weekdays.",
    });
    await admin.patterns.setActive({ id: patternId, active: true });
  });
  afterAll(() => test.drop());

  it("spells out an edit as field: before → after, read from the pattern's versions", async () => {
    const { items } = await admin.audit.list({ action: "pattern.update" });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      targetType: "pattern",
      targetLabel: "When do you open?",
      actor: { id: adminId },
      changes: [
        { field: "responseTemplate", before: "We open at 9.", after: "We open at 10 on weekdays." },
      ],
    });
  });

  it("spells out a switch from its before and after, and leaves events without changes as null", async () => {
    const { items } = await admin.audit.list({ action: "pattern.", targetId: patternId });
    const byAction = new Map(items.map((item) => [item.action, item]));
    expect([...byAction.keys()].sort()).toEqual(
      ["pattern.create", "pattern.update", "pattern.activate"].sort(),
    );
    expect(byAction.get("pattern.activate")?.changes).toEqual([
      { field: "isActive", before: false, after: true },
    ]);
    expect(byAction.get("pattern.create")?.changes).toBeNull();
  });

  it("filters by actor and by time, and offers the actions and actors the log holds", async () => {
    const byOperator = await admin.audit.list({ actorUserId: operatorId });
    expect(byOperator.items.length).toBeGreaterThan(0);
    expect(byOperator.items.every((item) => item.actor?.id === operatorId)).toBe(true);
    const future = await admin.audit.list({ from: new Date(Date.now() + 60_000) });
    expect(future.items).toEqual([]);
    const facets = await admin.audit.facets();
    expect(facets.actions).toEqual(
      expect.arrayContaining(["pattern.create", "pattern.update", "pattern.activate"]),
    );
    expect(facets.actors.map((actor) => actor.id).sort()).toEqual([adminId, operatorId].sort());
  });

  it("refuses malformed filters with a clear message, and keeps the log from operators", async () => {
    await expect(admin.audit.list({ action: "DROP TABLE" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: containing("lower-case words joined by dots"),
    });
    await expect(
      admin.audit.list({ from: new Date("2026-02-01"), to: new Date("2026-01-01") }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: containing("from must not be after to"),
    });
    await expect(admin.audit.list({ actorUserId: "someone" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(operator.audit.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(operator.audit.facets()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
