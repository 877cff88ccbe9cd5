// expireApprovalQueue on a real database: overdue queue items and their decisions expire, nothing else does.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { approvalQueue, patterns } from "@playbook/db/schema";
import { testDatabaseKinds } from "@playbook/db/testing";
import {
  DAY,
  HOUR,
  MINUTE,
  applySettings,
  createClock,
  createKitEngine,
  customerSays,
  later,
  liveSettings,
  loadDecision,
  nextCustomerPhone,
  openEngineTestbed,
  resetEngineData,
  teachPattern,
  type EngineTestbed,
} from "./engine-test-kit";
import { expireApprovalQueue } from "./expire-queue";
import type { ReplyEngine } from "./reply-engine";
import { reviewDecision } from "./review-decision";

describe.each(testDatabaseKinds)("expireApprovalQueue on %s", (kind) => {
  let testbed: EngineTestbed;
  let engine: ReplyEngine;
  let patternId: string;
  const clock = createClock();

  const ask = async (text: string) => {
    const { decision } = await customerSays(
      engine,
      nextCustomerPhone(),
      text,
      later(clock.now, -MINUTE),
    );
    return decision!;
  };
  const queueItem = async (decisionId: string) => {
    const [row] = await testbed.db
      .select()
      .from(approvalQueue)
      .where(eq(approvalQueue.decisionId, decisionId));
    return row;
  };
  const setConfidence = (confidence: number) =>
    testbed.db.update(patterns).set({ confidence }).where(eq(patterns.id, patternId));

  beforeAll(async () => {
    testbed = await openEngineTestbed(kind);
  });
  afterAll(() => testbed.test.drop());
  beforeEach(async () => {
    await resetEngineData(testbed.db);
    clock.set(new Date());
    engine = createKitEngine(testbed, clock);
    await applySettings(testbed, { ...liveSettings, queueExpiryHours: 24 });
    ({ patternId } = await teachPattern(engine, {
      customer: nextCustomerPhone(),
      question: "Do you sell gift cards?",
      answer: "Yes! Gift cards are available at the front desk in any amount.",
      at: later(clock.now, -DAY),
    }));
    await testbed.db.update(patterns).set({ isActive: true }).where(eq(patterns.id, patternId));
  });

  it("expires overdue items and their decisions, leaving the rest pending", async () => {
    const start = clock.now;
    const overdue = await ask("do you sell gift cards");
    expect(overdue.mode).toBe("queue");
    await setConfidence(0.8);
    const suggestion = await ask("Do you sell gift cards?");
    expect(suggestion.mode).toBe("suggest");
    await setConfidence(0.5);
    clock.set(later(start, 20 * HOUR));
    const fresh = await ask("gift cards for sale?");
    expect(fresh.mode).toBe("queue");

    const at = later(start, 25 * HOUR);
    expect(await expireApprovalQueue(testbed.db, at)).toEqual({ expired: 1 });

    expect(await queueItem(overdue.id)).toMatchObject({
      status: "expired",
      resolvedAt: at,
      reason: "not reviewed in time",
    });
    expect(await loadDecision(testbed.db, overdue.id)).toMatchObject({
      outcome: "expired",
      outcomeAt: at,
    });
    expect((await queueItem(fresh.id))?.status).toBe("pending");
    expect((await loadDecision(testbed.db, fresh.id)).outcome).toBe("pending");
    expect((await loadDecision(testbed.db, suggestion.id)).outcome).toBe("pending");

    // Run again at the same moment: nothing left to expire.
    expect(await expireApprovalQueue(testbed.db, at)).toEqual({ expired: 0 });
  });

  it("expires an item exactly at its expiry time, not a moment before", async () => {
    const decision = await ask("do you sell gift cards");
    const item = await queueItem(decision.id);
    expect(await expireApprovalQueue(testbed.db, later(item!.expiresAt, -1))).toEqual({
      expired: 0,
    });
    expect(await expireApprovalQueue(testbed.db, item!.expiresAt)).toEqual({ expired: 1 });
  });

  it("leaves an item that was reviewed in time alone, however late it is", async () => {
    const decision = await ask("do you sell gift cards");
    await reviewDecision(
      engine,
      { action: "reject", decisionId: decision.id, reason: "sold out" },
      testbed.actor,
    );
    expect(await expireApprovalQueue(testbed.db, later(clock.now, 3 * DAY))).toEqual({
      expired: 0,
    });
    expect((await queueItem(decision.id))?.status).toBe("rejected");
    expect((await loadDecision(testbed.db, decision.id)).outcome).toBe("rejected");
  });

  it("makes an expired item impossible to approve", async () => {
    const decision = await ask("do you sell gift cards");
    await expireApprovalQueue(testbed.db, later(clock.now, 25 * HOUR));
    await expect(
      reviewDecision(engine, { action: "approve", decisionId: decision.id }, testbed.actor),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
