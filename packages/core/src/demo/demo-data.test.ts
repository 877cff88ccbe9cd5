// The demo on a real database: the sample history is learned through the import, a test message is decided as a
// webhook's would be and proposes the learned answer, and removing the demo leaves a real customer and the
// pattern they taught exactly as they were.
import { eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, patterns, webhookEvents } from "@playbook/db/schema";
import { testDatabaseKinds } from "@playbook/db/testing";
import {
  createClock,
  createKitEngine,
  DAY,
  openEngineTestbed,
  teachPattern,
  type EngineTestbed,
} from "../engine/engine-test-kit";
import type { ReplyEngine } from "../engine/reply-engine";
import { getDemoStatus, loadDemo, removeDemo, sendDemoMessage } from "./demo-data";
import { buildDemoHistoryCsv, demoCustomers } from "./demo-history";

describe("the demo history", () => {
  it("is the same file for the same day, with every number in the 555-01XX range kept for fiction", () => {
    const now = new Date("2026-06-01T12:00:00Z");
    expect(buildDemoHistoryCsv(now)).toBe(buildDemoHistoryCsv(now));
    expect(buildDemoHistoryCsv(now).trim().split("\n")).toHaveLength(1 + (6 * 8 + 6) * 2);
    for (const { phone } of demoCustomers()) expect(phone).toMatch(/^\+155555501\d\d$/);
  });
});

describe.each(testDatabaseKinds)("the demo on %s", (kind) => {
  let testbed: EngineTestbed;
  let engine: ReplyEngine;
  let realPatternId: string;
  const clock = createClock();

  beforeAll(async () => {
    testbed = await openEngineTestbed(kind);
    engine = createKitEngine(testbed, clock);
    ({ patternId: realPatternId } = await teachPattern(engine, {
      customer: "+19025557001",
      question: "Do you have left-handed clubs?",
      answer: "Yes, we have left-handed clubs in every bay, free of charge.",
      at: new Date(clock.now.getTime() - 2 * DAY),
    }));
  });
  afterAll(() => testbed.test.drop());

  it("learns the sample history, proposes the learned answer to a test message, and is removed in one action", async () => {
    const real = await testbed.db.select().from(patterns).where(eq(patterns.id, realPatternId));

    const loaded = await loadDemo(engine, testbed.actor);
    expect(loaded).toMatchObject({ status: "done", rowsRejected: 0, messagesImported: 108 });
    expect(loaded.patternsCreated).toBeGreaterThanOrEqual(12);
    expect(await getDemoStatus(engine)).toEqual({
      customers: demoCustomers().length,
      conversations: 54,
      messages: 108,
    });

    const sent = await sendDemoMessage(engine, { text: "what time do you open on saturday?" });
    expect(sent.status).toBe("processed");
    expect(sent.conversationId).not.toBeNull();
    expect(sent.decision?.patternId).not.toBeNull();
    // Right and wrong proposals in the history: the probability is calibrated.
    expect(sent.decision?.probability).toBeGreaterThan(0.5);
    expect(sent.decision?.proposedReply).toMatch(/from nine in the morning until eleven at night/);
    expect((await getDemoStatus(engine)).messages).toBe(109);

    const removed = await removeDemo(engine, testbed.actor);
    expect(removed.customers).toBe(demoCustomers().length);
    expect(removed.patterns).toBe(loaded.patternsCreated);
    expect(await getDemoStatus(engine)).toEqual({ customers: 0, conversations: 0, messages: 0 });
    const events = await testbed.db.select().from(webhookEvents);
    expect(events.map((e) => e.customerPhone)).toEqual(["+19025557001", "+19025557001"]);
    const live = await testbed.db.select().from(patterns).where(isNull(patterns.deletedAt));
    expect(live.map((p) => p.id)).toEqual([realPatternId]);
    expect(await testbed.db.select().from(patterns).where(eq(patterns.id, realPatternId))).toEqual(
      real,
    );
    expect(
      await testbed.db.select().from(customers).where(eq(customers.phone, "+19025557001")),
    ).toHaveLength(1);
  });
});
