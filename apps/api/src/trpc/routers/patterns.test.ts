// The patterns API through tRPC callers: who may do what, and one pattern's life from creation to deletion.
import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { contextFor, createTestUser } from "../../testing";
import { createCallerFactory } from "../init";
import { appRouter } from "../router";

const createCaller = createCallerFactory(appRouter);
type Caller = ReturnType<typeof createCaller>;

describe.each(testDatabaseKinds)("patterns router on %s", (kind) => {
  let test: TestDatabase;
  let viewer: Caller;
  let operator: Caller;
  let admin: Caller;
  let operatorId: string;
  beforeAll(async () => {
    test = await openTestDatabase(kind);
    const callerFor = async (role: "viewer" | "operator" | "admin") => {
      const user = await createTestUser(test.database, role);
      return { user, caller: createCaller(await contextFor(test.database, user.id)) };
    };
    viewer = (await callerFor("viewer")).caller;
    const op = await callerFor("operator");
    operator = op.caller;
    operatorId = op.user.id;
    admin = (await callerFor("admin")).caller;
  });
  afterAll(() => test.drop());

  const newPattern = {
    type: "hours" as const,
    triggerText: "When do you open?",
    responseTemplate: "We open at {{time}}.",
  };

  it("lets a viewer read but not create", async () => {
    await expect(viewer.patterns.list()).resolves.toMatchObject({ items: [] });
    await expect(viewer.patterns.create(newPattern)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("lets an operator write a new (inactive) pattern but not turn it on, edit, delete or override it", async () => {
    const created = await operator.patterns.create(newPattern);
    const refused = [
      operator.patterns.setActive({ id: created.id, active: true }),
      operator.patterns.setActive({ id: created.id, active: true, autoExecutable: true }),
      operator.patterns.update({ id: created.id, expectedVersion: 1, notes: "mine now" }),
      operator.patterns.rollback({ id: created.id, toVersion: 1 }),
      operator.patterns.delete({ id: created.id }),
      operator.patterns.restore({ id: created.id }),
      operator.patterns.bulk({ ids: [created.id], action: "activate" }),
      operator.patterns.adjustConfidence({ id: created.id, confidence: 0.9, note: "trust me" }),
    ];
    for (const call of refused) {
      await expect(call).rejects.toMatchObject({
        code: "FORBIDDEN",
        message: "This needs the admin role",
      });
    }
    expect(await viewer.patterns.get({ id: created.id })).toMatchObject({
      pattern: { isActive: false, autoExecutable: false, version: 1, deletedAt: null },
    });
    await admin.patterns.delete({ id: created.id });
  });

  it("maps domain errors and invalid input to tRPC codes", async () => {
    const error = await operator.patterns
      .create({ ...newPattern, responseTemplate: "At {{opening_time}}" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect((error as TRPCError).message).toContain("{{opening_time}}");
    await expect(
      viewer.patterns.get({ id: "00000000-0000-4000-8000-000000000009" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(viewer.patterns.list({ limit: 500 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    // An unknown sort column or a page that is not a whole number is refused, naming the field.
    const unknownSort = await viewer.patterns
      .list({ sort: "responseTemplate" } as unknown as Parameters<Caller["patterns"]["list"]>[0])
      .catch((caught: unknown) => caught);
    expect(unknownSort).toBeInstanceOf(TRPCError);
    expect((unknownSort as TRPCError).code).toBe("BAD_REQUEST");
    expect((unknownSort as TRPCError).message).toContain("sort");
    await expect(viewer.patterns.list({ page: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("takes a pattern through its life: create, edit, conflict, rollback, activate, adjust, delete, restore", async () => {
    const created = await operator.patterns.create({ ...newPattern, tags: ["hours"] });
    expect(created).toMatchObject({ version: 1, isActive: false, createdBy: operatorId });

    const edited = await admin.patterns.update({
      id: created.id,
      expectedVersion: 1,
      responseTemplate: "We open at {{time}} on {{date}}.",
    });
    expect(edited).toMatchObject({ version: 2, variables: ["time", "date"] });
    await expect(
      admin.patterns.update({ id: created.id, expectedVersion: 1, notes: "stale" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });

    const rolled = await admin.patterns.rollback({ id: created.id, toVersion: 1 });
    expect(rolled).toMatchObject({ version: 3, responseTemplate: "We open at {{time}}." });

    await admin.patterns.setActive({ id: created.id, active: true, autoExecutable: true });
    const bulk = await admin.patterns.bulk({ ids: [created.id], action: "deactivate" });
    expect(bulk).toMatchObject({ action: "deactivate", changed: 1, unchanged: 0 });
    const undo = await admin.patterns.bulkUndo({ operationId: bulk.operationId! });
    expect(undo).toMatchObject({ undone: true, restored: 1 });
    expect(await admin.patterns.bulkUndo({ operationId: bulk.operationId! })).toMatchObject({
      undone: false,
    });
    await admin.patterns.bulk({ ids: [created.id], action: "auto_send_off" });
    await admin.patterns.bulk({ ids: [created.id], action: "activate" });
    await admin.patterns.adjustConfidence({ id: created.id, confidence: 0.85, note: "reviewed" });

    const listed = await viewer.patterns.list({ isActive: true, tag: "hours" });
    expect(listed.items.map((item) => [item.id, item.confidence, item.autoExecutable])).toEqual([
      [created.id, 0.85, false],
    ]);
    expect(
      await viewer.patterns.list({ isActive: true, sort: "triggerText", order: "asc", page: 1 }),
    ).toMatchObject({ total: 1, items: [{ id: created.id }] });
    const detail = await viewer.patterns.get({ id: created.id });
    expect(detail.versions.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(detail.confidenceHistory).toMatchObject([
      { reason: "manual_adjustment", newConfidence: 0.85, note: "reviewed" },
    ]);

    await admin.patterns.delete({ id: created.id, reason: "season over" });
    expect((await viewer.patterns.list()).items.map((item) => item.id)).not.toContain(created.id);
    await expect(admin.patterns.setActive({ id: created.id, active: true })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const restored = await admin.patterns.restore({ id: created.id });
    expect(restored).toMatchObject({ deletedAt: null, isActive: false });

    const actions = (
      await test.database.db.select().from(auditLog).where(eq(auditLog.targetId, created.id))
    ).map((row) => row.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "pattern.create",
        "pattern.update",
        "pattern.rollback",
        "pattern.activate",
        "pattern.adjust_confidence",
        "pattern.delete",
        "pattern.restore",
      ]),
    );
    const [createAudit] = await test.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "pattern.create"), eq(auditLog.targetId, created.id)));
    expect(createAudit).toMatchObject({ actorUserId: operatorId, ip: "127.0.0.1" });
  });
});
