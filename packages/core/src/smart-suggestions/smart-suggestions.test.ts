// Smart suggestions on a real database: each kind found from rows written as the engine writes them, applied or
// dismissed once however often it is clicked, audited, and withdrawn when the finding no longer holds.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@playbook/db";
import { conversations, decisions, messages, patternExamples, patterns } from "@playbook/db/schema";
import { testDatabaseKinds } from "@playbook/db/testing";
import {
  DAY,
  HOUR,
  auditRows,
  createClock,
  createKitEngine,
  insertPattern,
  later,
  loadPattern,
  nextCustomerPhone,
  openEngineTestbed,
  recordDirectly,
  resetEngineData,
  type EngineTestbed,
} from "../engine/engine-test-kit";
import type { ReplyEngine } from "../engine/reply-engine";
import { findSuggestions } from "./find-suggestions";
import { listSmartSuggestions, refreshSmartSuggestions } from "./refresh-suggestions";
import { applySmartSuggestion, dismissSmartSuggestion } from "./resolve-suggestion";

describe.each(testDatabaseKinds)("smart suggestions on %s", (kind) => {
  let testbed: EngineTestbed;
  let db: Db;
  let engine: ReplyEngine;
  // A Wednesday noon (UTC, the default time zone): the last complete week is the seven days before today.
  const now = new Date("2026-11-18T12:00:00Z");

  beforeAll(async () => {
    testbed = await openEngineTestbed(kind);
    db = testbed.db;
  });
  afterAll(() => testbed.test.drop());
  beforeEach(async () => {
    await resetEngineData(db);
    await db.execute(sql`truncate table smart_suggestions`);
    engine = createKitEngine(testbed, createClock(now));
  });

  /** A customer asked and an operator answered by hand; the answer was learned into `patternId`. */
  async function handAnswer(patternId: string, at: Date, customerPhone = nextCustomerPhone()) {
    const question = await recordDirectly(engine, {
      direction: "inbound",
      customerPhone,
      body: "When do you open?",
      sentAt: at,
    });
    const answer = await recordDirectly(engine, {
      direction: "outbound",
      customerPhone,
      body: "We open at 9am.",
      sentAt: later(at, 60_000),
    });
    await db.insert(patternExamples).values({
      patternId,
      customerText: "When do you open?",
      replyText: "We open at 9am.",
      inboundMessageId: question.message.id,
      outboundMessageId: answer.message.id,
      source: "learned",
    });
  }

  /** Decisions of `patternId` at the given times (one customer, one conversation); returns the conversation. */
  async function decide(
    patternId: string,
    times: Date[],
    fields: Partial<typeof decisions.$inferInsert> = {},
  ): Promise<string> {
    const first = await recordDirectly(engine, {
      direction: "inbound",
      customerPhone: nextCustomerPhone(),
      body: "hello",
      sentAt: later(times[0]!, -1),
    });
    const { conversation, message } = first;
    const rest =
      times.length > 1
        ? await db
            .insert(messages)
            .values(
              times.slice(1).map((at) => ({
                conversationId: conversation.id,
                customerId: conversation.customerId,
                direction: "inbound" as const,
                body: "hello",
                sentAt: at,
                source: "webhook" as const,
              })),
            )
            .returning({ id: messages.id })
        : [];
    const ids = [message.id, ...rest.map((row) => row.id)];
    await db.insert(decisions).values(
      times.map((at, i) => ({
        messageId: ids[i]!,
        conversationId: conversation.id,
        patternId,
        mode: "suggest" as const,
        createdAt: at,
        ...fields,
      })),
    );
    return conversation.id;
  }

  const daysBack = (days: number, hour = 10) => later(now, -days * DAY + (hour - 12) * HOUR);

  async function seedOneOfEach() {
    const offPattern = await insertPattern(db, {
      triggerText: "When do you open?",
      responseTemplate: "We open at 9am.",
    });
    for (let i = 0; i < 6; i++) await handAnswer(offPattern.id, daysBack(1 + (i % 5)));

    const wrongPattern = await insertPattern(db, {
      triggerText: "Do you rent clubs?",
      responseTemplate: "Clubs are free to borrow at the desk.",
      isActive: true,
    });
    await decide(wrongPattern.id, [daysBack(2), daysBack(5), daysBack(9)], { correct: false });
    // Right once in the fortnight: not suggested.
    const mixedPattern = await insertPattern(db, {
      triggerText: "Is there parking?",
      responseTemplate: "Park anywhere behind the building, it is free.",
      isActive: true,
    });
    await decide(mixedPattern.id, [daysBack(2), daysBack(3)], { correct: false });
    await decide(mixedPattern.id, [daysBack(4)], { correct: true });

    const keep = await insertPattern(db, {
      triggerText: "Gift cards?",
      responseTemplate:
        "Hi {{customer_name}}! Gift cards are sold at the front desk in any amount. Thanks, Priya",
    });
    const twin = await insertPattern(db, {
      triggerText: "Can I buy a gift card",
      responseTemplate: "Hello, gift cards are sold at the front desk in any amount.",
    });
    await handAnswer(keep.id, daysBack(30));
    await handAnswer(keep.id, daysBack(31));

    // Two a day for seven weeks, fourteen a day in the last one.
    const busy = await insertPattern(db, {
      triggerText: "Can I book a bay?",
      responseTemplate: "Book a bay online at any time, we hold it for 15 minutes.",
      isActive: true,
    });
    const usual = Array.from({ length: 49 }, (_, i) => [
      daysBack(8 + i, 9),
      daysBack(8 + i, 15),
    ]).flat();
    const lastWeek = Array.from({ length: 7 }, (_, i) =>
      Array.from({ length: 14 }, (_, h) => daysBack(1 + i, 8 + (h % 10))),
    ).flat();
    await decide(busy.id, [...usual, ...lastWeek], { correct: true });
    return { offPattern, wrongPattern, mixedPattern, keep, twin, busy };
  }

  it("finds each kind once and opens one suggestion per finding, however often it runs", async () => {
    const seeded = await seedOneOfEach();
    const findings = await findSuggestions(db, now, "UTC");
    expect(findings.map((f) => [f.kind, f.patternIds])).toEqual([
      ["activate_pattern", [seeded.offPattern.id]],
      ["deactivate_pattern", [seeded.wrongPattern.id]],
      ["merge_patterns", [seeded.keep.id, seeded.twin.id]],
      ["pattern_anomaly", [seeded.busy.id]],
    ]);
    const anomaly = findings[3]!;
    expect(anomaly.evidence).toMatchObject({
      metric: "volume",
      scope: "week",
      observed: 98,
      expected: 14,
    });
    expect(anomaly.title).toContain("98 against 14 usually");

    expect(await refreshSmartSuggestions(db, now)).toEqual({
      found: 4,
      opened: 4,
      updated: 0,
      expired: 0,
    });
    expect(await refreshSmartSuggestions(db, now)).toEqual({
      found: 4,
      opened: 0,
      updated: 4,
      expired: 0,
    });
    expect(await listSmartSuggestions(db, {})).toHaveLength(4);
  });

  it("applies a suggestion once, through the same change an admin makes by hand, and audits it", async () => {
    const seeded = await seedOneOfEach();
    await refreshSmartSuggestions(db, now);
    const open = await listSmartSuggestions(db, {});
    const byKind = Object.fromEntries(open.map((s) => [s.kind, s]));

    const applied = await applySmartSuggestion(
      db,
      { id: byKind.activate_pattern!.id },
      testbed.actor,
    );
    expect(applied.state).toBe("applied");
    // A second click (or a second tab) changes nothing and records nothing more.
    await applySmartSuggestion(db, { id: byKind.activate_pattern!.id }, testbed.actor);
    expect((await loadPattern(db, seeded.offPattern.id)).isActive).toBe(true);
    expect(await auditRows(db, "suggestion.apply")).toHaveLength(1);
    expect(await auditRows(db, "pattern.activate")).toHaveLength(1);

    await applySmartSuggestion(db, { id: byKind.merge_patterns!.id }, testbed.actor);
    const [kept, merged] = [
      await loadPattern(db, seeded.keep.id),
      await loadPattern(db, seeded.twin.id),
    ];
    expect(kept.deletedAt).toBeNull();
    expect(merged.deletedAt).not.toBeNull();
    expect(merged.notes).toContain(seeded.keep.id);
    const examplesOf = async (id: string) =>
      (await db.select().from(patternExamples).where(eq(patternExamples.patternId, id))).length;
    // The twin had none of its own; the kept pattern keeps its two, and the twin keeps its history.
    expect(await examplesOf(seeded.keep.id)).toBe(2);
    expect(await auditRows(db, "pattern.merge")).toHaveLength(1);

    await expect(dismissSmartSuggestion(db, { id: applied.id }, testbed.actor)).rejects.toThrow(
      "The suggestion was applied",
    );
    await expect(applySmartSuggestion(db, { id: "not-an-id" }, testbed.actor)).rejects.toThrow();
  });

  it("a merge copies the merged pattern's examples so matching learns them, and can run only once", async () => {
    const keep = await insertPattern(db, { responseTemplate: "We open at 9am every day." });
    const twin = await insertPattern(db, { responseTemplate: "Hi! We open at 9am every day." });
    await handAnswer(twin.id, daysBack(3));
    await handAnswer(twin.id, daysBack(4));
    await db
      .update(patterns)
      .set({ executionCount: 5, tags: ["hours"] })
      .where(eq(patterns.id, twin.id));
    await refreshSmartSuggestions(db, now);
    const [merge] = await listSmartSuggestions(db, {});
    // The twin has more examples: it is the one kept.
    expect(merge!.patternIds).toEqual([twin.id, keep.id]);
    await applySmartSuggestion(db, { id: merge!.id }, testbed.actor);
    const kept = await loadPattern(db, twin.id);
    expect(kept).toMatchObject({ deletedAt: null });
    expect((await loadPattern(db, keep.id)).deletedAt).not.toBeNull();
    expect(await refreshSmartSuggestions(db, now)).toMatchObject({ found: 0 });
  });

  it("does not suggest again what was dismissed, and withdraws what no longer holds", async () => {
    const seeded = await seedOneOfEach();
    await refreshSmartSuggestions(db, now);
    const open = await listSmartSuggestions(db, {});
    const deactivate = open.find((s) => s.kind === "deactivate_pattern")!;
    await dismissSmartSuggestion(db, { id: deactivate.id }, testbed.actor);
    await dismissSmartSuggestion(db, { id: deactivate.id }, testbed.actor);
    expect(await auditRows(db, "suggestion.dismiss")).toHaveLength(1);
    expect((await loadPattern(db, seeded.wrongPattern.id)).isActive).toBe(true);
    expect(await refreshSmartSuggestions(db, now)).toMatchObject({
      found: 4,
      opened: 0,
      updated: 3,
    });

    // Three weeks on, the jump and the hand answers are history: their suggestions are withdrawn.
    const result = await refreshSmartSuggestions(db, later(now, 21 * DAY));
    expect(result.expired).toBe(2);
    const expired = await listSmartSuggestions(db, { state: "expired" });
    expect(expired.map((s) => s.kind).sort()).toEqual(["activate_pattern", "pattern_anomaly"]);
    await expect(applySmartSuggestion(db, { id: expired[0]!.id }, testbed.actor)).rejects.toThrow(
      "The suggestion was expired",
    );
  });

  it("a jump in escalations after a pattern's replies stops it auto-sending when applied", async () => {
    const pattern = await insertPattern(db, {
      triggerText: "Refund please",
      isActive: true,
      autoExecutable: true,
    });
    const usual = Array.from({ length: 49 }, (_, i) => daysBack(8 + i));
    await decide(pattern.id, usual, { correct: true });
    for (let i = 0; i < 6; i++) {
      const conversationId = await decide(pattern.id, [daysBack(1 + i)], { correct: true });
      await db
        .update(conversations)
        .set({ escalatedAt: later(daysBack(1 + i), 2 * HOUR) })
        .where(eq(conversations.id, conversationId));
    }
    await refreshSmartSuggestions(db, now);
    const [jump] = await listSmartSuggestions(db, { patternId: pattern.id });
    expect(jump).toMatchObject({
      kind: "pattern_anomaly",
      evidence: { metric: "escalations", observed: 6 },
    });
    await applySmartSuggestion(db, { id: jump!.id }, testbed.actor);
    expect(await loadPattern(db, pattern.id)).toMatchObject({
      isActive: true,
      autoExecutable: false,
    });
  });
});
