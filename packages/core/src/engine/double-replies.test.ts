// No second answer after an operator's own: a suggestion or queue item is withdrawn as soon as the operator's
// hand-written reply arrives, and accepting one whose customer already has such a reply is refused with the reason.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { approvalQueue, patterns } from "@playbook/db/schema";
import { testDatabaseKinds } from "@playbook/db/testing";
import {
  startFakeOpenPhoneServer,
  type FakeOpenPhoneServer,
} from "../openphone/fake-openphone-server";
import {
  DAY,
  MINUTE,
  OPENPHONE_KEY,
  applySettings,
  createClock,
  createKitEngine,
  customerSays,
  later,
  liveSettings,
  loadDecision,
  nextCustomerPhone,
  openEngineTestbed,
  operatorSays,
  recordDirectly,
  resetEngineData,
  teachPattern,
  type EngineTestbed,
} from "./engine-test-kit";
import { learnPendingExchanges } from "./learn-exchanges";
import type { ReplyEngine } from "./reply-engine";
import { reviewDecision } from "./review-decision";

const QUESTION = "What time do you open on Sunday?";
const ANSWER = "We open at 9am on Sundays. See you then!";

describe.each(testDatabaseKinds)("double replies on %s", (kind) => {
  let testbed: EngineTestbed;
  let openPhone: FakeOpenPhoneServer;
  let engine: ReplyEngine;
  let patternId: string;
  const clock = createClock();

  async function queuedFor(phone: string) {
    const { decision } = await customerSays(engine, phone, "when do you open sunday", clock.now);
    expect(decision).toMatchObject({ patternId, mode: "queue", outcome: "pending" });
    return decision!;
  }
  const queueItem = async (decisionId: string) =>
    (
      await testbed.db.select().from(approvalQueue).where(eq(approvalQueue.decisionId, decisionId))
    )[0];

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
    await testbed.db.update(patterns).set({ isActive: true }).where(eq(patterns.id, patternId));
    // Replies settle after a minute, as they do live: the withdrawal must not wait for that.
    await applySettings(testbed, { replySettleSeconds: 60 });
  });

  it("withdraws a queue item the moment the operator's own reply arrives, and still judges it once it settles", async () => {
    const phone = nextCustomerPhone();
    const decision = await queuedFor(phone);

    await operatorSays(engine, phone, ANSWER, later(clock.now, MINUTE));

    expect(await loadDecision(testbed.db, decision.id)).toMatchObject({
      outcome: "answered",
      review: null,
    });
    expect(await queueItem(decision.id)).toMatchObject({
      status: "answered",
      reason: "withdrawn: an operator answered the customer by hand",
    });
    const sentBefore = openPhone.sent.length;
    await expect(
      reviewDecision(engine, { action: "approve", decisionId: decision.id }, testbed.actor),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(
        /^An operator already answered this customer by hand at .*; this queue item was withdrawn so the customer does not get two answers$/,
      ) as string,
    });
    expect(openPhone.sent.length).toBe(sentBefore);

    // Once the reply settles it is learned and judges the proposal, as before.
    clock.advance(5 * MINUTE);
    await learnPendingExchanges(engine);
    expect(await loadDecision(testbed.db, decision.id)).toMatchObject({
      outcome: "answered",
      review: "approved",
    });
  });

  it("refuses to accept when the operator's reply is stored but was never seen by the withdrawal, and withdraws it", async () => {
    const phone = nextCustomerPhone();
    const decision = await queuedFor(phone);
    // Stored directly: the message exists (not yet settled) but nothing withdrew the queue item.
    await recordDirectly(engine, {
      direction: "outbound",
      customerPhone: phone,
      body: "Hi! We open at 9 on Sundays.",
      sentAt: later(clock.now, 30_000),
    });
    expect(await loadDecision(testbed.db, decision.id)).toMatchObject({ outcome: "pending" });

    const sentBefore = openPhone.sent.length;
    for (const action of ["approve", "edit"] as const) {
      await expect(
        reviewDecision(
          engine,
          action === "edit"
            ? { action, decisionId: decision.id, text: "We open at 9." }
            : { action, decisionId: decision.id },
          testbed.actor,
        ),
      ).rejects.toMatchObject({
        code: "CONFLICT",
        message: expect.stringMatching(
          /^An operator already answered this customer by hand/,
        ) as string,
      });
    }
    expect(openPhone.sent.length).toBe(sentBefore);
    expect(await loadDecision(testbed.db, decision.id)).toMatchObject({ outcome: "answered" });
    expect(await queueItem(decision.id)).toMatchObject({ status: "answered" });
  });

  it("still accepts a proposal when the operator's last reply came before the customer's question", async () => {
    const phone = nextCustomerPhone();
    await recordDirectly(engine, {
      direction: "outbound",
      customerPhone: phone,
      body: "Thanks for visiting yesterday!",
      sentAt: later(clock.now, -10 * MINUTE),
    });
    const decision = await queuedFor(phone);
    const result = await reviewDecision(
      engine,
      { action: "approve", decisionId: decision.id },
      testbed.actor,
    );
    expect(result.send).toMatchObject({ ok: true });
  });
});
