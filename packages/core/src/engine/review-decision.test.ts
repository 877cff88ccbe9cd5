// Operators reviewing suggestions and queued replies, on a real database and a fake OpenPhone: what is sent, what
// the pattern's confidence does, and the bad paths (twice, expired, OpenPhone down, opted out).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  approvalQueue,
  confidenceEvents,
  messages,
  patternExamples,
  patterns,
} from "@playbook/db/schema";
import { testDatabaseKinds } from "@playbook/db/testing";
import { createOpenPhoneClient } from "../openphone/openphone-client";
import {
  startFakeOpenPhoneServer,
  type FakeOpenPhoneServer,
} from "../openphone/fake-openphone-server";
import {
  DAY,
  HOUR,
  MINUTE,
  OPENPHONE_KEY,
  applySettings,
  auditRows,
  countRows,
  createClock,
  createKitEngine,
  customerSays,
  later,
  liveSettings,
  loadDecision,
  loadPattern,
  nextCustomerPhone,
  openEngineTestbed,
  resetEngineData,
  teachPattern,
  type EngineTestbed,
  closeTo,
  textMatching,
} from "./engine-test-kit";
import type { ReplyEngine } from "./reply-engine";
import { reviewDecision } from "./review-decision";
import { retryFailedSend } from "./resolve-failed-send";

const QUESTION = "What time do you open on Sunday?";
const ANSWER = "We open at 9am on Sundays. See you then!";
const PARAPHRASES = [
  "when do you open sunday",
  "hey when do you guys open on sundays",
  "What time are you open Sunday morning?",
];

describe.each(testDatabaseKinds)("reviewDecision on %s", (kind) => {
  let testbed: EngineTestbed;
  let openPhone: FakeOpenPhoneServer;
  let engine: ReplyEngine;
  let patternId: string;
  let asked = 0;
  const clock = createClock();
  const actor = () => testbed.actor;

  /** A customer asks a paraphrase of the learned question; returns the decision Playbook recorded. */
  async function customerAsks(phone = nextCustomerPhone()) {
    asked += 1;
    const { decision, message } = await customerSays(
      engine,
      phone,
      PARAPHRASES[asked % PARAPHRASES.length]!,
      later(clock.now, -MINUTE + asked),
    );
    expect(decision?.patternId).toBe(patternId);
    return { decision: decision!, message, phone };
  }

  const confidence = async () => (await loadPattern(testbed.db, patternId)).confidence;

  beforeAll(async () => {
    testbed = await openEngineTestbed(kind);
    openPhone = await startFakeOpenPhoneServer({ apiKey: OPENPHONE_KEY });
  });
  afterAll(async () => {
    await openPhone?.close();
    await testbed.test.drop();
  });
  beforeEach(async () => {
    await resetEngineData(testbed.db);
    clock.set(new Date());
    engine = createKitEngine(testbed, clock, {
      OPENPHONE_API_KEY: OPENPHONE_KEY,
      OPENPHONE_API_URL: openPhone.url,
    });
    await applySettings(testbed, liveSettings);
    ({ patternId } = await teachPattern(engine, {
      customer: nextCustomerPhone(),
      question: QUESTION,
      answer: ANSWER,
      at: later(clock.now, -DAY),
    }));
    // Turned on, but at 0.5 only trusted enough to queue.
    await testbed.db.update(patterns).set({ isActive: true }).where(eq(patterns.id, patternId));
  });

  it("sends an approved queued reply through OpenPhone and records it as approved", async () => {
    const { decision, phone } = await customerAsks();
    expect(decision).toMatchObject({ mode: "queue", outcome: "pending", proposedReply: ANSWER });
    const before = openPhone.sent.length;

    const result = await reviewDecision(
      engine,
      { action: "approve", decisionId: decision.id },
      actor(),
    );
    expect(result.send).toMatchObject({ ok: true });
    expect(result.confidence).toEqual({
      old: 0.5,
      new: closeTo(0.65),
      deactivated: false,
    });
    expect(openPhone.sent.length).toBe(before + 1);
    expect(openPhone.sent.at(-1)).toMatchObject({
      content: ANSWER,
      to: [phone],
      authorization: OPENPHONE_KEY,
    });

    const after = await loadDecision(testbed.db, decision.id);
    expect(after).toMatchObject({
      outcome: "approved",
      review: "approved",
      reviewedBy: actor().userId,
      sendError: null,
    });
    const [sent] = await testbed.db
      .select()
      .from(messages)
      .where(eq(messages.id, after.sentMessageId!));
    expect(sent).toMatchObject({
      body: ANSWER,
      sentByPlaybook: true,
      learnState: null,
      source: "dashboard",
    });
    expect(sent?.providerMessageId).toMatch(/^AC/);
    const [item] = await testbed.db
      .select()
      .from(approvalQueue)
      .where(eq(approvalQueue.decisionId, decision.id));
    expect(item).toMatchObject({
      status: "approved",
      finalReply: ANSWER,
      resolvedBy: actor().userId,
    });
    expect(await auditRows(testbed.db, "decision.approve")).toHaveLength(1);
    const pattern = await loadPattern(testbed.db, patternId);
    expect(pattern).toMatchObject({ successCount: 1, executionCount: 1 });
  });

  it("sends an approved suggestion (no queue item) the same way", async () => {
    await testbed.db.update(patterns).set({ confidence: 0.8 }).where(eq(patterns.id, patternId));
    const { decision } = await customerAsks();
    expect(decision.mode).toBe("suggest");
    expect(await countRows(testbed.db, approvalQueue)).toBe(0);
    const result = await reviewDecision(
      engine,
      { action: "approve", decisionId: decision.id },
      actor(),
    );
    expect(result.send?.ok).toBe(true);
    expect(result.confidence?.new).toBeCloseTo(0.95, 10);
    expect((await loadDecision(testbed.db, decision.id)).outcome).toBe("approved");
  });

  it("records a rejection with its reason and the rejection delta, sending nothing", async () => {
    const { decision } = await customerAsks();
    const before = openPhone.requestCount();
    const result = await reviewDecision(
      engine,
      { action: "reject", decisionId: decision.id, reason: "We close on Sundays in winter" },
      actor(),
    );
    expect(result.send).toBeNull();
    expect(result.confidence).toEqual({
      old: 0.5,
      new: closeTo(0.3),
      deactivated: false,
    });
    expect(openPhone.requestCount()).toBe(before);
    expect(await loadDecision(testbed.db, decision.id)).toMatchObject({
      outcome: "rejected",
      review: "rejected",
      reviewReason: "We close on Sundays in winter",
      sentMessageId: null,
    });
    const [event] = await testbed.db
      .select()
      .from(confidenceEvents)
      .where(eq(confidenceEvents.decisionId, decision.id));
    expect(event).toMatchObject({
      reason: "rejected",
      note: "We close on Sundays in winter",
      actorUserId: actor().userId,
      oldConfidence: 0.5,
    });
    expect(event!.newConfidence).toBeCloseTo(0.3, 10);
    const [item] = await testbed.db
      .select()
      .from(approvalQueue)
      .where(eq(approvalQueue.decisionId, decision.id));
    expect(item).toMatchObject({
      status: "rejected",
      reason: "We close on Sundays in winter",
      finalReply: null,
    });
    expect(await auditRows(testbed.db, "decision.reject")).toHaveLength(1);
  });

  it("sends an edited reply, counts it as modified and learns the new wording", async () => {
    const { decision } = await customerAsks();
    const examplesBefore = await countRows(testbed.db, patternExamples);
    const text = "Sundays we open at 9am sharp. See you then!";
    const result = await reviewDecision(
      engine,
      { action: "edit", decisionId: decision.id, text },
      actor(),
    );
    expect(result.send?.ok).toBe(true);
    expect(result.confidence?.new).toBeCloseTo(0.6, 10);
    expect(openPhone.sent.at(-1)?.content).toBe(text);
    expect(await loadDecision(testbed.db, decision.id)).toMatchObject({
      outcome: "modified",
      review: "modified",
      modifiedReply: text,
      proposedReply: ANSWER,
    });
    expect(await countRows(testbed.db, patternExamples)).toBe(examplesBefore + 1);
    expect((await loadPattern(testbed.db, patternId)).overrideCount).toBe(1);
  });

  it("deactivates an active pattern on the third rejection within seven days, with an audit row", async () => {
    // Queue items that wait long enough for the rejections to spread over six days.
    await applySettings(testbed, { queueExpiryHours: 7 * 24 });
    const asks = [await customerAsks(), await customerAsks(), await customerAsks()];
    expect(asks.map((a) => a.decision.mode)).toEqual(["queue", "queue", "queue"]);
    const reject = (decisionId: string) =>
      reviewDecision(engine, { action: "reject", decisionId, reason: "wrong hours" }, actor());

    expect((await reject(asks[0]!.decision.id)).confidence?.deactivated).toBe(false);
    clock.advance(3 * DAY);
    expect((await reject(asks[1]!.decision.id)).confidence?.deactivated).toBe(false);
    expect((await loadPattern(testbed.db, patternId)).isActive).toBe(true);
    clock.advance(3 * DAY);
    const third = await reject(asks[2]!.decision.id);
    expect(third.confidence?.deactivated).toBe(true);

    expect(await loadPattern(testbed.db, patternId)).toMatchObject({
      isActive: false,
      autoExecutable: false,
      failureCount: 3,
    });
    const audits = await auditRows(testbed.db, "pattern.deactivate");
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ targetType: "pattern", targetId: patternId });
  });

  it("does not count rejections older than the window towards deactivation", async () => {
    const asks = [await customerAsks(), await customerAsks()];
    await testbed.db.insert(confidenceEvents).values({
      patternId,
      oldConfidence: 0.7,
      newConfidence: 0.5,
      reason: "rejected",
      createdAt: later(clock.now, -8 * DAY),
    });
    for (const { decision } of asks) {
      const result = await reviewDecision(
        engine,
        { action: "reject", decisionId: decision.id, reason: "wrong" },
        actor(),
      );
      expect(result.confidence?.deactivated).toBe(false);
    }
    expect((await loadPattern(testbed.db, patternId)).isActive).toBe(true);
    expect(await auditRows(testbed.db, "pattern.deactivate")).toHaveLength(0);
  });

  it("refuses a second review of the same decision with CONFLICT, changing nothing", async () => {
    const { decision } = await customerAsks();
    await reviewDecision(engine, { action: "approve", decisionId: decision.id }, actor());
    const sentBefore = openPhone.sent.length;
    const confidenceBefore = await confidence();

    await expect(
      reviewDecision(engine, { action: "approve", decisionId: decision.id }, actor()),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      reviewDecision(
        engine,
        { action: "reject", decisionId: decision.id, reason: "changed my mind" },
        actor(),
      ),
    ).rejects.toMatchObject({ code: "CONFLICT" });

    expect(openPhone.sent.length).toBe(sentBefore);
    expect(await confidence()).toBe(confidenceBefore);
    expect((await loadDecision(testbed.db, decision.id)).review).toBe("approved");
    const events = await testbed.db
      .select()
      .from(confidenceEvents)
      .where(eq(confidenceEvents.decisionId, decision.id));
    expect(events).toHaveLength(1);
  });

  it("refuses NOT_FOUND for an unknown decision and BAD_REQUEST for one that proposed nothing", async () => {
    await expect(
      reviewDecision(
        engine,
        { action: "approve", decisionId: "00000000-0000-4000-8000-000000000000" },
        actor(),
      ),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const { decision } = await customerSays(
      engine,
      nextCustomerPhone(),
      "Is there parking behind the building?",
      later(clock.now, -MINUTE),
    );
    expect(decision?.mode).toBe("none");
    await expect(
      reviewDecision(engine, { action: "approve", decisionId: decision!.id }, actor()),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("cannot approve a queue item after it expired", async () => {
    const { decision } = await customerAsks();
    const [item] = await testbed.db
      .select()
      .from(approvalQueue)
      .where(eq(approvalQueue.decisionId, decision.id));
    expect(item!.expiresAt).toEqual(later(clock.now, 24 * HOUR));
    const before = openPhone.requestCount();

    clock.set(later(item!.expiresAt, 1_000));
    await expect(
      reviewDecision(engine, { action: "approve", decisionId: decision.id }, actor()),
    ).rejects.toMatchObject({ code: "CONFLICT", message: textMatching(/expired/) });
    expect(openPhone.requestCount()).toBe(before);
    expect(await loadDecision(testbed.db, decision.id)).toMatchObject({
      outcome: "pending",
      review: null,
    });
    expect(await confidence()).toBe(0.5);
  });

  it("keeps the reply as send_failed when OpenPhone fails, and sends it on retry", async () => {
    const { decision, phone } = await customerAsks();
    // The engine's own client, with two attempts and no back-off, so the failure does not take seconds.
    const impatient: ReplyEngine = {
      ...engine,
      openPhone: createOpenPhoneClient({
        apiKey: OPENPHONE_KEY,
        baseUrl: openPhone.url,
        maxAttempts: 2,
        backoffMs: 1,
        maxBackoffMs: 1,
      }),
    };
    openPhone.failNext(2, 500);
    const sentBefore = openPhone.sent.length;

    const result = await reviewDecision(
      impatient,
      { action: "approve", decisionId: decision.id },
      actor(),
    );
    expect(result.send).toMatchObject({ ok: false, error: textMatching(/HTTP 500/) });
    expect(openPhone.sent.length).toBe(sentBefore);
    const failed = await loadDecision(testbed.db, decision.id);
    expect(failed).toMatchObject({
      outcome: "send_failed",
      review: "approved",
      proposedReply: ANSWER,
      sendAttempts: 1,
    });
    expect(failed.sendError).toMatch(/after 2 attempt\(s\) \(HTTP 500\)/);
    const [attempt] = await testbed.db
      .select()
      .from(messages)
      .where(eq(messages.id, failed.sentMessageId!));
    expect(attempt).toMatchObject({ providerStatus: "failed", body: ANSWER });

    const retried = await retryFailedSend(impatient, decision.id, actor().userId);
    expect(retried).toMatchObject({ ok: true });
    expect(openPhone.sent.at(-1)).toMatchObject({ content: ANSWER, to: [phone] });
    expect(await loadDecision(testbed.db, decision.id)).toMatchObject({
      outcome: "approved",
      sendError: null,
      sendAttempts: 2,
    });
    await expect(retryFailedSend(impatient, decision.id, actor().userId)).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("sends nothing to a customer who opted out after the decision, recording why", async () => {
    const { decision, phone } = await customerAsks();
    await customerSays(engine, phone, "STOP", later(clock.now, -MINUTE + 500));
    const before = openPhone.requestCount();
    const playbookMessagesBefore = (
      await testbed.db.select().from(messages).where(eq(messages.sentByPlaybook, true))
    ).length;

    const result = await reviewDecision(
      engine,
      { action: "approve", decisionId: decision.id },
      actor(),
    );
    expect(result.send).toMatchObject({
      ok: false,
      messageId: null,
      error: textMatching(/opted out/),
    });
    expect(openPhone.requestCount()).toBe(before);
    const after = await loadDecision(testbed.db, decision.id);
    expect(after.outcome).toBe("send_failed");
    expect(after.sendError).toMatch(/opted out/);
    expect(after.proposedReply).toBe(ANSWER);
    expect(
      (await testbed.db.select().from(messages).where(eq(messages.sentByPlaybook, true))).length,
    ).toBe(playbookMessagesBefore);
    // A retry is refused the same way while the opt-out stands.
    expect(await retryFailedSend(engine, decision.id, actor().userId)).toMatchObject({ ok: false });
    expect(openPhone.requestCount()).toBe(before);
  });
});
