// computeStats on a real database, against numbers worked out by hand from the rows each test writes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decisions, llmCalls, patternExamples } from "@playbook/db/schema";
import { testDatabaseKinds } from "@playbook/db/testing";
import {
  DAY,
  HOUR,
  createClock,
  createKitEngine,
  insertPattern,
  later,
  nextCustomerPhone,
  openEngineTestbed,
  recordDirectly,
  resetEngineData,
  type EngineTestbed,
  closeTo,
} from "../engine/engine-test-kit";
import type { ReplyEngine } from "../engine/reply-engine";
import { computeStats } from "./compute-stats";

type DecisionSpec = Pick<typeof decisions.$inferInsert, "mode" | "outcome" | "review"> & {
  createdAt?: Date;
};

describe.each(testDatabaseKinds)("computeStats on %s", (kind) => {
  let testbed: EngineTestbed;
  let engine: ReplyEngine;
  let now: Date;

  /** One customer message and the decision recorded for it, as the engine would have written them. */
  async function addDecision(spec: DecisionSpec) {
    const recorded = await recordDirectly(engine, {
      direction: "inbound",
      customerPhone: nextCustomerPhone(),
      body: "Any question at all",
      sentAt: later(now, -2 * HOUR),
    });
    const reviewedAt = spec.review ? later(now, -HOUR) : null;
    await testbed.db.insert(decisions).values({
      messageId: recorded.message.id,
      conversationId: recorded.conversation.id,
      mode: spec.mode,
      outcome: spec.outcome,
      review: spec.review ?? null,
      reviewedAt,
      modifiedReply: spec.review === "modified" ? "edited text" : null,
      proposedReply: spec.mode === "none" ? null : "proposed text",
      ...(spec.createdAt ? { createdAt: spec.createdAt } : {}),
    });
  }

  beforeAll(async () => {
    testbed = await openEngineTestbed(kind);
  });
  afterAll(() => testbed.test.drop());
  beforeEach(async () => {
    await resetEngineData(testbed.db);
    // A moment after every row the test writes (rows stamped by the database get the real time).
    now = later(new Date(), HOUR);
    engine = createKitEngine(testbed, createClock(now));
  });

  it("counts decisions per mode, coverage, match rate, precision and sends over the window", async () => {
    const specs: DecisionSpec[] = [
      { mode: "auto", outcome: "sent" },
      { mode: "auto", outcome: "send_failed" },
      { mode: "suggest", outcome: "approved", review: "approved" },
      { mode: "queue", outcome: "approved", review: "approved" },
      { mode: "queue", outcome: "modified", review: "modified" },
      { mode: "queue", outcome: "rejected", review: "rejected" },
      // Answered by hand with the pattern's own reply: judged right.
      { mode: "shadow", outcome: "answered", review: "approved" },
      { mode: "escalate", outcome: "none" },
      { mode: "none", outcome: "none" },
      { mode: "none", outcome: "none" },
      // Before the 30-day window: counted nowhere.
      { mode: "auto", outcome: "sent", createdAt: later(now, -40 * DAY) },
      { mode: "queue", outcome: "rejected", review: "rejected", createdAt: later(now, -31 * DAY) },
    ];
    for (const spec of specs) await addDecision(spec);

    const stats = await computeStats(testbed.db, { days: 30, now });
    expect(stats.from).toEqual(later(now, -30 * DAY));
    expect(stats.to).toEqual(now);
    expect(stats.decisions).toEqual({
      total: 10,
      byMode: { auto: 2, suggest: 1, queue: 3, shadow: 1, escalate: 1, none: 2 },
    });
    // (2 auto + 1 suggest + 3 queue) / 10
    expect(stats.coverage).toBeCloseTo(0.6, 10);
    // every mode but none: 8 / 10
    expect(stats.matchRate).toBeCloseTo(0.8, 10);
    // judged: suggest, 3 queue, shadow = 5; right as proposed: suggest, queue approved, shadow = 3
    expect(stats.precision).toEqual({
      judged: 5,
      correct: 3,
      modified: 1,
      rejected: 1,
      value: closeTo(0.6),
    });
    // sent + approved ×2 + modified = 4; send_failed = 1
    expect(stats.sends).toEqual({ sent: 4, failed: 1 });
  });

  it("counts learning and LLM spend in the window", async () => {
    const fresh = await insertPattern(testbed.db, { isActive: true });
    await insertPattern(testbed.db, { isActive: false });
    await insertPattern(testbed.db, { isActive: true, deletedAt: new Date() });
    const old = await insertPattern(testbed.db, {
      isActive: true,
      createdAt: later(now, -40 * DAY),
    });
    await testbed.db.insert(patternExamples).values([
      { patternId: fresh.id, customerText: "a", replyText: "x", source: "learned" },
      { patternId: fresh.id, customerText: "b", replyText: "y", source: "learned" },
      { patternId: fresh.id, customerText: "c", replyText: "z", source: "manual" },
      {
        patternId: old.id,
        customerText: "d",
        replyText: "w",
        source: "learned",
        createdAt: later(now, -40 * DAY),
      },
    ]);
    await testbed.db.insert(llmCalls).values([
      { purpose: "extract", model: "m", costUsd: 0.01, latencyMs: 100, ok: true },
      {
        purpose: "extract",
        model: "m",
        costUsd: 0.02,
        latencyMs: 100,
        ok: false,
        error: "timeout",
      },
      {
        purpose: "extract",
        model: "m",
        costUsd: 5,
        latencyMs: 100,
        ok: true,
        createdAt: later(now, -40 * DAY),
      },
    ]);

    const stats = await computeStats(testbed.db, { days: 30, now });
    expect(stats.learning).toEqual({
      // three created in the window (the deleted one too), four examples less the old one
      patternsCreated: 3,
      examplesAdded: 3,
      examplesPerDay: closeTo(0.1),
      // today's state: not deleted, and of those active
      patternsTotal: 3,
      patternsActive: 2,
    });
    expect(stats.llm).toEqual({ calls: 2, failed: 1, costUsd: closeTo(0.03) });
  });

  it("answers null ratios, not zero or NaN, for a window with no decisions", async () => {
    const stats = await computeStats(testbed.db, { days: 7, now });
    expect(stats.decisions.total).toBe(0);
    expect(stats.coverage).toBeNull();
    expect(stats.matchRate).toBeNull();
    expect(stats.precision).toEqual({
      judged: 0,
      correct: 0,
      modified: 0,
      rejected: 0,
      value: null,
    });
    expect(stats.sends).toEqual({ sent: 0, failed: 0 });
  });

  it("counts nothing that happened after the end of a window that lies in the past", async () => {
    await addDecision({ mode: "auto", outcome: "sent" });
    await insertPattern(testbed.db, { isActive: true });
    await testbed.db
      .insert(llmCalls)
      .values({ purpose: "extract", model: "m", costUsd: 0.5, latencyMs: 10, ok: true });

    // Last week's figures, asked for today.
    const lastWeek = await computeStats(testbed.db, { days: 7, now: later(now, -7 * DAY) });
    expect(lastWeek.decisions.total).toBe(0);
    expect(lastWeek.learning.patternsCreated).toBe(0);
    expect(lastWeek.learning.examplesAdded).toBe(0);
    expect(lastWeek.llm).toEqual({ calls: 0, failed: 0, costUsd: 0 });
  });
});
