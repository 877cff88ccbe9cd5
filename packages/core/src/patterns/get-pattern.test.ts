import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@playbook/db";
import {
  confidenceEvents,
  conversations,
  customers,
  decisions,
  messages,
  patternExamples,
} from "@playbook/db/schema";
import { testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import type { Actor } from "../auth/users";
import { adjustPatternConfidence } from "./adjust-confidence";
import { createPattern } from "./create-pattern";
import { getPattern } from "./get-pattern";
import { insertPattern, openPatternTestDatabase } from "./pattern-test-fixtures";
import { updatePattern } from "./update-pattern";

const DAY = 24 * 60 * 60 * 1000;

describe.each(testDatabaseKinds)("getPattern on %s", (kind) => {
  let test: TestDatabase;
  let db: Db;
  let actor: Actor;
  beforeAll(async () => {
    ({ test, db, actor } = await openPatternTestDatabase(kind));
  });
  afterAll(() => test.drop());

  let phones = 0;
  async function addDecisions(
    patternId: string,
    modes: { mode: "auto" | "suggest" | "shadow"; daysAgo: number }[],
  ) {
    const [customer] = await db
      .insert(customers)
      .values({ phone: `+1555000${(phones += 1)}` })
      .returning();
    const now = new Date();
    const [conversation] = await db
      .insert(conversations)
      .values({ customerId: customer!.id, startedAt: now, lastMessageAt: now })
      .returning();
    for (const { mode, daysAgo } of modes) {
      const [message] = await db
        .insert(messages)
        .values({
          conversationId: conversation!.id,
          customerId: customer!.id,
          direction: "inbound",
          body: "hello",
          source: "webhook",
          sentAt: now,
        })
        .returning();
      await db.insert(decisions).values({
        messageId: message!.id,
        conversationId: conversation!.id,
        patternId,
        mode,
        createdAt: new Date(now.getTime() - daysAgo * DAY),
      });
    }
  }

  it("returns the pattern with examples, alternatives, confidence history, versions and recent decisions", async () => {
    const created = await createPattern(
      db,
      { type: "hours", triggerText: "When are you open?", responseTemplate: "9 to 5." },
      actor,
    );
    await updatePattern(db, { id: created.id, expectedVersion: 1, notes: "checked" }, actor);
    await adjustPatternConfidence(db, { id: created.id, confidence: 0.7, note: "first" }, actor);
    await adjustPatternConfidence(db, { id: created.id, confidence: 0.8, note: "second" }, actor);
    const replies = [
      "We open 9 to 5.",
      "we open 9 to 5",
      "WE OPEN 9-5!",
      "Open from nine.",
      "We open 9 to 5.",
    ];
    for (const [i, replyText] of replies.entries()) {
      await db.insert(patternExamples).values({
        patternId: created.id,
        customerText: `when open ${i}`,
        replyText,
        source: "learned",
        createdAt: new Date(Date.now() - (10 - i) * 1000),
      });
    }
    await addDecisions(created.id, [
      { mode: "auto", daysAgo: 1 },
      { mode: "auto", daysAgo: 2 },
      { mode: "suggest", daysAgo: 3 },
      { mode: "shadow", daysAgo: 45 },
    ]);

    const detail = await getPattern(db, { id: created.id });
    expect(detail.pattern).toMatchObject({ id: created.id, version: 2, confidence: 0.8 });
    expect(detail.examples.total).toBe(5);
    expect(detail.examples.items.map((e) => e.customerText)).toEqual([
      "when open 4",
      "when open 3",
      "when open 2",
      "when open 1",
      "when open 0",
    ]);
    // "we open 9 to 5" in three spellings, "we open 9 5" and "open from nine".
    expect(detail.examples.alternativeCount).toBe(3);
    expect(detail.confidenceHistory.map((e) => [e.oldConfidence, e.newConfidence, e.note])).toEqual(
      [
        [0.7, 0.8, "second"],
        [0.5, 0.7, "first"],
      ],
    );
    expect(detail.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(detail.recentDecisions.byMode).toEqual({
      auto: 2,
      suggest: 1,
      queue: 0,
      shadow: 0,
      escalate: 0,
      none: 0,
    });
    const wider = await getPattern(db, { id: created.id, recentDays: 60 });
    expect(wider.recentDecisions.byMode.shadow).toBe(1);
  });

  it("shows at most 50 examples but counts them all", async () => {
    const pattern = await insertPattern(db);
    await db.insert(patternExamples).values(
      Array.from({ length: 55 }, (_, i) => ({
        patternId: pattern.id,
        customerText: `q${i}`,
        replyText: i % 2 ? "Yes." : "No.",
        source: "learned" as const,
      })),
    );
    const detail = await getPattern(db, { id: pattern.id });
    expect(detail.examples.items).toHaveLength(50);
    expect(detail.examples.total).toBe(55);
    expect(detail.examples.alternativeCount).toBe(2);
    expect(detail.confidenceHistory).toEqual([]);
    expect(detail.versions).toEqual([]);
  });

  it("keeps only the newest 100 confidence events", async () => {
    const pattern = await insertPattern(db);
    await db.insert(confidenceEvents).values(
      Array.from({ length: 105 }, (_, i) => ({
        patternId: pattern.id,
        oldConfidence: 0.5,
        newConfidence: 0.5,
        reason: "decay" as const,
        note: String(i),
        createdAt: new Date(Date.now() - (200 - i) * 1000),
      })),
    );
    const detail = await getPattern(db, { id: pattern.id });
    expect(detail.confidenceHistory).toHaveLength(100);
    expect(detail.confidenceHistory[0]?.note).toBe("104");
    expect(detail.confidenceHistory.at(-1)?.note).toBe("5");
  });

  it("finds deleted patterns too, and answers NOT_FOUND for a missing one", async () => {
    const deleted = await insertPattern(db, { deletedAt: new Date() });
    expect((await getPattern(db, { id: deleted.id })).pattern.deletedAt).toBeInstanceOf(Date);
    await expect(
      getPattern(db, { id: "00000000-0000-4000-8000-000000000004" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", message: "Pattern not found" });
    await expect(getPattern(db, { id: "x" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
