// A send interrupted between "sending" and OpenPhone's answer (the process died) is never a dead end: it can be
// retried, which asks OpenPhone first so the customer never gets it twice, or marked handled; and a send that
// completed cannot be sent again.
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { conversations, patterns } from "@playbook/db/schema";
import { testDatabaseKinds } from "@playbook/db/testing";
import { createOpenPhoneClient } from "../openphone/openphone-client";
import type { FakeOpenPhoneServer } from "../openphone/fake-openphone-server";
import { getSettings } from "../settings/settings";
import { decideMessage } from "./decide-message";
import {
  DAY,
  MINUTE,
  OPENPHONE_KEY,
  auditRows,
  createClock,
  liveEngineStage,
  later,
  loadDecision,
  nextCustomerPhone,
  recordDirectly,
  teachPattern,
  type EngineTestbed,
} from "./engine-test-kit";
import type { ReplyEngine } from "./reply-engine";
import { markSendHandled, retryFailedSend } from "./resolve-failed-send";
import { INTERRUPTED_SEND, claimSend, failInterruptedSends, sendDecisionReply } from "./send-reply";

const QUESTION = "What time do you open on Sunday?";
const ANSWER = "We open at 9am on Sundays. See you then!";
const LINE = "PNxK2c9dQe";

describe.each(testDatabaseKinds)("interrupted sends on %s", (kind) => {
  let testbed: EngineTestbed;
  let openPhone: FakeOpenPhoneServer;
  let engine: ReplyEngine;
  const clock = createClock();

  /**
   * An automatic reply whose process died after recording it as 'sending': `reached` says whether its request
   * got to OpenPhone first. Then the worker's sweep marks it failed, as it does after the grace period.
   */
  /** A new customer's question on `line`, decided: an automatic reply, not sent yet. */
  async function automaticDecision(line: string | null) {
    const phone = nextCustomerPhone();
    const recorded = await recordDirectly(engine, {
      direction: "inbound",
      customerPhone: phone,
      body: QUESTION,
      sentAt: clock.now,
    });
    await testbed.db
      .update(conversations)
      .set({ phoneNumberId: line })
      .where(eq(conversations.id, recorded.conversation.id));
    const { decision } = await testbed.db.transaction(async (tx) =>
      decideMessage(engine, tx, await getSettings(tx), recorded, Date.now()),
    );
    expect(decision.mode).toBe("auto");
    return { decision, phone };
  }

  async function interruptedSend(opts: { reached: boolean; line?: string | null }) {
    const { decision, phone } = await automaticDecision(opts.line === undefined ? LINE : opts.line);
    const input = {
      decisionId: decision.id,
      text: decision.proposedReply!,
      source: "playbook" as const,
      outcome: "sent" as const,
    };
    const claimed = await claimSend(engine, input);
    expect(claimed.refusal).toBeNull();
    if (opts.reached) {
      // The request left, OpenPhone took it, and the process died before reading the answer.
      await createOpenPhoneClient({ apiKey: OPENPHONE_KEY, baseUrl: openPhone.url }).sendMessage({
        content: input.text,
        from: claimed.from!,
        to: [phone],
      });
    }
    expect(await failInterruptedSends(testbed.db, later(clock.now, 3 * MINUTE))).toEqual({
      failed: 1,
    });
    return { decisionId: decision.id, phone, text: input.text };
  }

  const stage = liveEngineStage(kind, clock);
  beforeEach(async () => {
    ({ testbed, openPhone, engine } = stage);
    const { patternId } = await teachPattern(engine, {
      customer: nextCustomerPhone(),
      question: QUESTION,
      answer: ANSWER,
      at: later(clock.now, -DAY),
    });
    await testbed.db
      .update(patterns)
      .set({ isActive: true, autoExecutable: true, confidence: 1, successCount: 20 })
      .where(eq(patterns.id, patternId));
  });

  it("says what is known, and a retry of a send OpenPhone never got sends it once", async () => {
    const { decisionId, phone, text } = await interruptedSend({ reached: false });
    expect(await loadDecision(testbed.db, decisionId)).toMatchObject({
      outcome: "send_failed",
      sendError: INTERRUPTED_SEND,
    });
    const before = openPhone.requestCount();

    const result = await retryFailedSend(engine, decisionId, testbed.actor.userId);

    expect(result).toMatchObject({ ok: true });
    expect(openPhone.requestCount()).toBe(before + 1);
    expect(openPhone.sent.filter((m) => m.to.includes(phone)).map((m) => m.content)).toEqual([
      text,
    ]);
    expect(await loadDecision(testbed.db, decisionId)).toMatchObject({ outcome: "sent" });

    // Completed: it cannot be sent again.
    await expect(retryFailedSend(engine, decisionId, testbed.actor.userId)).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(openPhone.requestCount()).toBe(before + 1);
  });

  it("does not send again a send OpenPhone did get: the retry records it as sent", async () => {
    const { decisionId, phone } = await interruptedSend({ reached: true });
    const before = openPhone.requestCount();

    const result = await retryFailedSend(engine, decisionId, testbed.actor.userId);

    expect(result).toMatchObject({ ok: true, alreadyReceived: true });
    expect(openPhone.requestCount()).toBe(before);
    expect(openPhone.sent.filter((m) => m.to.includes(phone))).toHaveLength(1);
    expect(await loadDecision(testbed.db, decisionId)).toMatchObject({
      outcome: "sent",
      sendError: null,
    });
  });

  it("keeps a send whose answer was lost as unknown, so its retry finds it at OpenPhone instead of texting twice", async () => {
    const { decision, phone } = await automaticDecision(LINE);
    // OpenPhone takes the message, then the connection drops before its answer.
    openPhone.dropAfterSendingNext(1);
    const sendResult = await sendDecisionReply(engine, {
      decisionId: decision.id,
      text: decision.proposedReply!,
      source: "playbook",
      outcome: "sent",
    });
    expect(sendResult).toMatchObject({ ok: false });
    expect(sendResult.ok === false && sendResult.error).toContain("it may have been sent");
    expect(openPhone.sent.filter((m) => m.to.includes(phone))).toHaveLength(1);
    expect(await loadDecision(testbed.db, decision.id)).toMatchObject({ outcome: "send_failed" });

    const before = openPhone.requestCount();
    const retried = await retryFailedSend(engine, decision.id, testbed.actor.userId);
    expect(retried).toMatchObject({ ok: true, alreadyReceived: true });
    expect(openPhone.requestCount()).toBe(before);
    expect(openPhone.sent.filter((m) => m.to.includes(phone))).toHaveLength(1);
  });

  it("can be marked handled, which sends nothing and closes it", async () => {
    const { decisionId } = await interruptedSend({ reached: false });
    const before = openPhone.requestCount();

    await markSendHandled(engine, { decisionId, note: "replied in OpenPhone" }, testbed.actor);

    expect(await loadDecision(testbed.db, decisionId)).toMatchObject({ outcome: "answered" });
    expect(await auditRows(testbed.db, "decision.mark_handled")).toHaveLength(1);
    await expect(retryFailedSend(engine, decisionId, testbed.actor.userId)).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(openPhone.requestCount()).toBe(before);
  });

  it("refuses a blind retry when OpenPhone cannot be asked, pointing to mark handled", async () => {
    const { decisionId } = await interruptedSend({ reached: true, line: null });
    const before = openPhone.requestCount();

    await expect(retryFailedSend(engine, decisionId, testbed.actor.userId)).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(
        /we do not know whether OpenPhone received it.*mark it handled/,
      ) as string,
    });
    expect(openPhone.requestCount()).toBe(before);
    await markSendHandled(engine, { decisionId }, testbed.actor);
    expect(await loadDecision(testbed.db, decisionId)).toMatchObject({ outcome: "answered" });
  });
});
