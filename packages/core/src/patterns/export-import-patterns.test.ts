import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@playbook/db";
import { messages, patternExamples, patterns, patternVersions } from "@playbook/db/schema";
import { testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import type { Actor } from "../auth/users";
import { createPattern } from "./create-pattern";
import { exportPatterns } from "./export-patterns";
import { importPatterns } from "./import-patterns";
import type { PatternExport } from "./pattern-export-format";
import {
  auditRowsFor,
  containing,
  insertConversation,
  insertPattern,
  openPatternTestDatabase,
} from "./pattern-test-fixtures";
import { updatePattern } from "./update-pattern";

describe.each(testDatabaseKinds)("export and import of patterns on %s", (kind) => {
  let source: { test: TestDatabase; db: Db; actor: Actor };
  let target: { test: TestDatabase; db: Db; actor: Actor };
  beforeAll(async () => {
    [source, target] = await Promise.all([
      openPatternTestDatabase(kind),
      openPatternTestDatabase(kind),
    ]);
  });
  afterAll(() => Promise.all([source.test.drop(), target.test.drop()]));

  const counts = async (db: Db) => ({
    patterns: (await db.select({ n: count() }).from(patterns))[0]!.n,
    versions: (await db.select({ n: count() }).from(patternVersions))[0]!.n,
    examples: (await db.select({ n: count() }).from(patternExamples))[0]!.n,
  });
  // Through JSON, as the file travels.
  const asFile = (file: PatternExport): PatternExport =>
    JSON.parse(JSON.stringify(file)) as PatternExport;

  it("exports with versions and examples, masks personal data, and imports once, inactive", async () => {
    const { db, actor } = source;
    const hours = await createPattern(
      db,
      {
        type: "hours",
        triggerText: "When are you open?",
        responseTemplate: "We open at 9am.",
        tags: ["hours"],
        notes: "Owner's cell 416-555-0199 if unsure",
      },
      actor,
    );
    await updatePattern(
      db,
      { id: hours.id, expectedVersion: 1, responseTemplate: "We open at {{time}}." },
      actor,
    );
    await db
      .update(patterns)
      .set({
        isActive: true,
        autoExecutable: true,
        variableDefaults: { time: "9am", "candidate:phone": "4165550199\u0001cust-1" },
      })
      .where(eq(patterns.id, hours.id));
    const { customer, conversation } = await insertConversation(db, {
      phone: "+15550002000",
      name: "Priya Patel",
    });
    const [inbound] = await db
      .insert(messages)
      .values({
        conversationId: conversation.id,
        customerId: customer.id,
        direction: "inbound",
        body: "Priya here, when do you open? email me at priya@example.com",
        source: "webhook",
        sentAt: new Date(),
      })
      .returning();
    await db.insert(patternExamples).values({
      patternId: hours.id,
      customerText: "Priya here, when do you open? email me at priya@example.com",
      replyText: "Hi Priya, we open at 9am.",
      inboundMessageId: inbound!.id,
      source: "learned",
    });
    const other = await insertPattern(db, { triggerText: "gift cards?", responseTemplate: "Yes." });

    const file = asFile(await exportPatterns(db, { ids: [hours.id, other.id] }, actor));
    expect(file).toMatchObject({ format: "playbook.patterns", formatVersion: 1 });
    expect(file.patterns.map((p) => p.key).sort()).toEqual([hours.id, other.id].sort());
    const exported = file.patterns.find((p) => p.key === hours.id)!;

    expect(exported.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(exported.examples).toHaveLength(1);
    const text = JSON.stringify(file);
    for (const secret of ["416-555-0199", "4165550199", "priya@example.com", "Priya", "cust-1"]) {
      expect(text).not.toContain(secret);
    }
    expect(exported.examples[0]!.customerText).toContain("{{customer_name}}");
    expect(exported.variableDefaults).toEqual({ time: "9am" });
    expect(await auditRowsFor(db, "pattern.export")).toHaveLength(1);

    const first = await importPatterns(target.db, file, target.actor);
    expect(first).toMatchObject({ total: 2, created: 2, skipped: 0 });
    const imported = await target.db.select().from(patterns).orderBy(patterns.createdAt);
    expect(imported.map((p) => [p.importKey, p.isActive, p.autoExecutable, p.createdFrom])).toEqual(
      expect.arrayContaining([
        [hours.id, false, false, "imported"],
        [other.id, false, false, "imported"],
      ]),
    );
    const copy = imported.find((p) => p.importKey === hours.id)!;
    expect(copy).toMatchObject({
      responseTemplate: "We open at {{time}}.",
      version: 2,
      tags: ["hours"],
      variables: ["time"],
    });
    const before = await counts(target.db);
    expect(before).toEqual({ patterns: 2, versions: 3, examples: 1 });

    // The same file again, and the file exported back from the target: nothing new anywhere.
    expect(await importPatterns(target.db, file, target.actor)).toMatchObject({
      created: 0,
      skipped: 2,
    });
    expect(await counts(target.db)).toEqual(before);
    const back = asFile(await exportPatterns(target.db, {}, target.actor));
    expect(back.patterns.map((p) => p.key).sort()).toEqual([hours.id, other.id].sort());
    const sourceBefore = await counts(db);
    expect(await importPatterns(db, back, actor)).toMatchObject({ created: 0, skipped: 2 });
    expect(await counts(db)).toEqual(sourceBefore);
    expect(await auditRowsFor(target.db, "pattern.import")).toHaveLength(2);
  });

  it("refuses a malformed file whole with a clear message, writing nothing", async () => {
    const good = asFile(await exportPatterns(source.db, {}, source.actor));
    const before = await counts(target.db);
    const rekeyed = good.patterns.map((p, i) => ({ ...p, key: `fresh-${kind}-${i}` }));
    const cases: [unknown, string][] = [
      [{ ...good, formatVersion: 2 }, "formatVersion"],
      [{ ...good, format: "something else" }, "format"],
      [{ patterns: rekeyed }, "exportedAt"],
      [
        {
          ...good,
          patterns: [rekeyed[0], { ...rekeyed[1]!, responseTemplate: "Code is {{door_code}}" }],
        },
        "Unknown template variable {{door_code}}",
      ],
      [{ ...good, patterns: [rekeyed[0], rekeyed[0]] }, "Pattern keys repeat"],
      [{ ...good, patterns: [{ ...rekeyed[0]!, isActive: "yes", examples: "none" }] }, "examples"],
    ];
    for (const [file, message] of cases) {
      await expect(
        importPatterns(target.db, file as PatternExport, target.actor),
      ).rejects.toMatchObject({ code: "BAD_REQUEST", message: containing(message) });
    }
    expect(await counts(target.db)).toEqual(before);
  });
});
