import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@playbook/db";
import { auditLog, patterns, patternVersions } from "@playbook/db/schema";
import { testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import type { Actor } from "../auth/users";
import { textSignature } from "../text/normalize-text";
import { createPattern } from "./create-pattern";
import { auditRowsFor, containing, openPatternTestDatabase } from "./pattern-test-fixtures";

describe.each(testDatabaseKinds)("createPattern on %s", (kind) => {
  let test: TestDatabase;
  let db: Db;
  let actor: Actor;
  beforeAll(async () => {
    ({ test, db, actor } = await openPatternTestDatabase(kind));
  });
  afterAll(() => test.drop());

  it("stores an inactive manual pattern at 0.5 with its signatures, variables, version 1 and an audit row", async () => {
    const created = await createPattern(
      db,
      {
        type: "access",
        triggerText: "  What's the door code?  ",
        responseTemplate: "Hi {{customer_name}}, the code for bay {{ bay_number }} is {{code}}.",
        triggerKeywords: ["Door Code!", "door code", "entry"],
        tags: [" Access ", "access"],
        notes: "  ",
      },
      actor,
    );
    expect(created).toMatchObject({
      type: "access",
      triggerText: "What's the door code?",
      signature: textSignature("whats the door code"),
      responseTemplate: "Hi {{customer_name}}, the code for bay {{bay_number}} is {{code}}.",
      responseSignature: textSignature(created.responseTemplate),
      variables: ["customer_name", "bay_number", "code"],
      triggerKeywords: ["door code", "entry"],
      tags: ["access"],
      notes: null,
      actionTemplate: null,
      createdFrom: "manual",
      confidence: 0.5,
      isActive: false,
      autoExecutable: false,
      version: 1,
      createdBy: actor.userId,
      deletedAt: null,
    });
    const versions = await db
      .select()
      .from(patternVersions)
      .where(eq(patternVersions.patternId, created.id));
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({
      version: 1,
      createdBy: actor.userId,
      snapshot: {
        type: "access",
        triggerText: "What's the door code?",
        triggerKeywords: ["door code", "entry"],
        responseTemplate: created.responseTemplate,
        variables: ["customer_name", "bay_number", "code"],
        actionTemplate: null,
        tags: ["access"],
        notes: null,
      },
    });
    const audits = await auditRowsFor(db, "pattern.create");
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actorUserId: actor.userId,
      targetType: "pattern",
      targetId: created.id,
      ip: "127.0.0.1",
    });
  });

  it("keeps an action template", async () => {
    const created = await createPattern(
      db,
      {
        type: "booking",
        triggerText: "Can I book a bay?",
        responseTemplate: "Booked for {{time}}.",
        actionTemplate: { kind: "create_booking", params: { time: "{{time}}" } },
      },
      actor,
    );
    expect(created.actionTemplate).toEqual({
      kind: "create_booking",
      params: { time: "{{time}}" },
    });
  });

  it("refuses an unknown placeholder and stores nothing", async () => {
    const [before] = await db.select({ n: count() }).from(patterns);
    const [auditsBefore] = await db.select({ n: count() }).from(auditLog);
    await expect(
      createPattern(
        db,
        { type: "faq", triggerText: "Hi", responseTemplate: "Hello {{first_name}}" },
        actor,
      ),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: containing("{{first_name}}"),
    });
    const [after] = await db.select({ n: count() }).from(patterns);
    const [auditsAfter] = await db.select({ n: count() }).from(auditLog);
    expect(after?.n).toBe(before?.n);
    expect(auditsAfter?.n).toBe(auditsBefore?.n);
  });

  it("refuses {{__proto__}} and {{constructor}} in the reply and in the trigger", async () => {
    const [before] = await db.select({ n: count() }).from(patterns);
    await expect(
      createPattern(
        db,
        { type: "faq", triggerText: "Hi", responseTemplate: "{{__proto__}} {{constructor}}" },
        actor,
      ),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: containing("{{__proto__}}") });
    await expect(
      createPattern(
        db,
        { type: "faq", triggerText: "{{constructor}} hours?", responseTemplate: "We open at 9" },
        actor,
      ),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: containing("{{constructor}}") });
    const [after] = await db.select({ n: count() }).from(patterns);
    expect(after?.n).toBe(before?.n);
  });

  it("refuses invalid fields with BAD_REQUEST naming the field", async () => {
    await expect(
      createPattern(db, { type: "faq", triggerText: "  ", responseTemplate: "x" }, actor),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: containing("triggerText"),
    });
    await expect(
      createPattern(
        db,
        // @ts-expect-error: not a pattern type
        { type: "weather", triggerText: "rain?", responseTemplate: "x" },
        actor,
      ),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: containing("type") });
    await expect(
      createPattern(
        db,
        { type: "faq", triggerText: "q", responseTemplate: "x", triggerKeywords: ["?!"] },
        actor,
      ),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
