// The last checks before a reply leaves: the kill switch or a deactivation between decision and send stops an
// automatic reply, old messages are not answered automatically, a reply with a blank to fill is never approved
// as it is, and automatic replies interrupted before their send are surfaced as failed.
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { patterns } from "@playbook/db/schema";
import { testDatabaseKinds } from "@playbook/db/testing";
import type { FakeOpenPhoneServer } from "../openphone/fake-openphone-server";
import { getSettings } from "../settings/settings";
import { decideMessage } from "./decide-message";
import {
  MINUTE,
  createClock,
  liveEngineStage,
  customerSays,
  later,
  loadDecision,
  loadPattern,
  nextCustomerPhone,
  recordDirectly,
  teachTrustedPattern,
  type EngineTestbed,
} from "./engine-test-kit";
import { pullKillSwitch } from "./kill-switch";
import type { ReplyEngine } from "./reply-engine";
import { reviewDecision } from "./review-decision";
import { failInterruptedSends, sendDecisionReply } from "./send-reply";

const QUESTION = "What time do you open on Sunday?";
const ANSWER = "We open at 9am on Sundays. See you then!";

describe.each(testDatabaseKinds)("send safety on %s", (kind) => {
  let testbed: EngineTestbed;
  let openPhone: FakeOpenPhoneServer;
  let engine: ReplyEngine;
  let patternId: string;
  const clock = createClock();

  /** A customer message decided (as auto, for a trusted pattern) but not yet sent. */
  async function decidedNotSent(text = QUESTION) {
    const recorded = await recordDirectly(engine, {
      direction: "inbound",
      customerPhone: nextCustomerPhone(),
      body: text,
      sentAt: clock.now,
    });
    return testbed.db.transaction(async (tx) =>
      decideMessage(engine, tx, await getSettings(tx), recorded, Date.now()),
    );
  }

  const stage = liveEngineStage(kind, clock);
  beforeEach(async () => {
    ({ testbed, openPhone, engine } = stage);
    patternId = await teachTrustedPattern(engine, {
      question: QUESTION,
      answer: ANSWER,
      at: clock.now,
    });
  });

  it("does not send an automatic reply once the kill switch was pulled after the decision", async () => {
    const { decision } = await decidedNotSent();
    expect(decision.mode).toBe("auto");
    await pullKillSwitch(testbed.db, { reason: "test" }, testbed.actor);
    const before = openPhone.sent.length;
    const result = await sendDecisionReply(engine, {
      decisionId: decision.id,
      text: decision.proposedReply!,
      source: "playbook",
      outcome: "sent",
    });
    expect(result).toMatchObject({
      ok: false,
      error: expect.stringMatching(/switched off/) as string,
    });
    expect(openPhone.sent.length).toBe(before);
    expect(await loadDecision(testbed.db, decision.id)).toMatchObject({ outcome: "send_failed" });
  });

  it("does not send an automatic reply once its pattern was deactivated after the decision", async () => {
    const { decision } = await decidedNotSent();
    await testbed.db.update(patterns).set({ isActive: false }).where(eq(patterns.id, patternId));
    const result = await sendDecisionReply(engine, {
      decisionId: decision.id,
      text: decision.proposedReply!,
      source: "playbook",
      outcome: "sent",
    });
    expect(result).toMatchObject({
      ok: false,
      error: expect.stringMatching(/deactivated/) as string,
    });
  });

  it("suggests rather than auto-sends a reply to a message sent long ago", async () => {
    const { decision } = await customerSays(
      engine,
      nextCustomerPhone(),
      QUESTION,
      later(clock.now, -30 * MINUTE),
    );
    expect(decision?.mode).toBe("suggest");
    expect(decision?.gates.find((g) => g.gate === "message age")).toMatchObject({ passed: false });
    const fresh = await customerSays(engine, nextCustomerPhone(), QUESTION, clock.now);
    expect(fresh.decision?.mode).toBe("auto");
  });

  it("refuses to approve a reply that still has a blank to fill, and moves no confidence", async () => {
    await testbed.db
      .update(patterns)
      .set({
        responseTemplate: "Bay {{bay_number}} is yours at {{time}}.",
        variableDefaults: {},
        confidence: 0.8,
        successCount: 0,
      })
      .where(eq(patterns.id, patternId));
    const { decision } = await decidedNotSent();
    expect(decision.mode).toBe("suggest");
    await expect(
      reviewDecision(engine, { action: "approve", decisionId: decision.id }, testbed.actor),
    ).rejects.toThrow(/\{\{bay_number\}\}/);
    expect((await loadPattern(testbed.db, patternId)).confidence).toBe(0.8);
    const edited = await reviewDecision(
      engine,
      { action: "edit", decisionId: decision.id, text: "Bay 4 is yours at 7pm." },
      testbed.actor,
    );
    expect(edited.send).toMatchObject({ ok: true });
  });

  it("marks automatic replies interrupted before their send as failed, after a grace period", async () => {
    const { decision } = await decidedNotSent();
    expect(await failInterruptedSends(testbed.db, later(clock.now, MINUTE))).toEqual({ failed: 0 });
    expect(await failInterruptedSends(testbed.db, later(clock.now, 3 * MINUTE))).toEqual({
      failed: 1,
    });
    expect(await loadDecision(testbed.db, decision.id)).toMatchObject({
      outcome: "send_failed",
      sendError: expect.stringMatching(/Interrupted/) as string,
    });
  });
});
