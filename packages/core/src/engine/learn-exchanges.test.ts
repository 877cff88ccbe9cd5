// Learning from operators on a real database: which messages make one reply, what is voided or never learned,
// how a reply joins the pattern that says the same, and how a hand-written answer judges a matched pattern.
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  approvalQueue,
  confidenceEvents,
  messages,
  patternExamples,
  patterns,
} from "@playbook/db/schema";
import { testDatabaseKinds } from "@playbook/db/testing";
import {
  DAY,
  MINUTE,
  applySettings,
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
  operatorSays,
  recordDirectly,
  resetEngineData,
  teachPattern,
  type EngineTestbed,
} from "./engine-test-kit";
import { learnPendingExchanges } from "./learn-exchanges";
import type { ReplyEngine } from "./reply-engine";

const QUESTION = "What time do you open on Sunday?";
const ANSWER = "We open at 9am on Sundays. See you then!";

describe.each(testDatabaseKinds)("learning from operator replies on %s", (kind) => {
  let testbed: EngineTestbed;
  let engine: ReplyEngine;
  const clock = createClock();
  let start: Date;

  const messageRow = async (id: string) => {
    const [row] = await testbed.db.select().from(messages).where(eq(messages.id, id));
    return row!;
  };
  const examplesFor = (inboundMessageId: string) =>
    testbed.db
      .select()
      .from(patternExamples)
      .where(eq(patternExamples.inboundMessageId, inboundMessageId));

  beforeAll(async () => {
    testbed = await openEngineTestbed(kind);
  });
  afterAll(() => testbed.test.drop());
  beforeEach(async () => {
    await resetEngineData(testbed.db);
    clock.set(new Date());
    start = new Date(clock.now.getTime() - DAY);
    engine = createKitEngine(testbed, clock);
  });

  it("learns consecutive operator messages before the customer's next message as one reply", async () => {
    const phone = nextCustomerPhone();
    const say = (direction: "inbound" | "outbound", body: string, minutes: number) =>
      recordDirectly(engine, {
        direction,
        customerPhone: phone,
        body,
        sentAt: later(start, minutes * MINUTE),
      });
    const question = await say("inbound", QUESTION, 0);
    const first = await say("outbound", "We open at 9am on Sundays.", 1);
    const second = await say("outbound", "Bring a friend, bays fit four people!", 2);
    await say("inbound", "Great thanks", 3);

    expect(await learnPendingExchanges(engine)).toEqual({ learned: 1, voided: 0, created: 1 });
    const [a, b] = [await messageRow(first.message.id), await messageRow(second.message.id)];
    expect(a.learnState).toBe("learned");
    expect(b.learnState).toBe("learned");
    expect(b.learnNote).toBe(a.learnNote);
    const examples = await examplesFor(question.message.id);
    expect(examples).toHaveLength(1);
    expect(a.learnNote).toBe(`example:${examples[0]!.id}`);
    expect(examples[0]!.replyText).toContain("Sundays");
    expect(examples[0]!.replyText).toContain("bays fit four people");
    expect(examples[0]!.outboundMessageId).toBe(first.message.id);
  });

  it("waits replySettleSeconds after an operator's last message before learning a trailing run", async () => {
    await applySettings(testbed, { replySettleSeconds: 60 });
    const phone = nextCustomerPhone();
    const say = (direction: "inbound" | "outbound", body: string, minutes: number) =>
      recordDirectly(engine, {
        direction,
        customerPhone: phone,
        body,
        sentAt: later(start, minutes * MINUTE),
      });
    const question = await say("inbound", QUESTION, 0);
    const first = await say("outbound", "We open at 9am on Sundays.", 1);
    const second = await say("outbound", "Bring a friend, bays fit four people!", 2);

    // 30 s after the operator's last message: the operator may still be typing.
    clock.set(later(start, 2 * MINUTE + 30_000));
    expect(await learnPendingExchanges(engine)).toEqual({ learned: 0, voided: 0, created: 0 });
    expect((await messageRow(first.message.id)).learnState).toBe("pending");
    expect((await messageRow(second.message.id)).learnState).toBe("pending");

    clock.set(later(start, 3 * MINUTE + 1_000));
    expect(await learnPendingExchanges(engine)).toEqual({ learned: 1, voided: 0, created: 1 });
    const examples = await examplesFor(question.message.id);
    expect(examples).toHaveLength(1);
    expect(examples[0]!.replyText).toContain("bays fit four people");
    expect((await messageRow(second.message.id)).learnNote).toBe(`example:${examples[0]!.id}`);
  });

  it("with replySettleSeconds=0, an operator's second message in a row does not leave a second example of one reply", async () => {
    await applySettings(testbed, { replySettleSeconds: 0 });
    const phone = nextCustomerPhone();
    const question = await customerSays(engine, phone, QUESTION, start);
    // Learned at once: nothing says another message is coming.
    const first = await operatorSays(
      engine,
      phone,
      "We open at 9am on Sundays.",
      later(start, MINUTE),
    );
    expect((await messageRow(first.message.id)).learnState).toBe("learned");
    const second = await operatorSays(
      engine,
      phone,
      "Bring a friend, bays fit four people!",
      later(start, 2 * MINUTE),
    );
    expect((await messageRow(second.message.id)).learnState).toBe("learned");

    // The run is one reply: it must end up as one example, not "first message alone" plus "both messages".
    const examples = await examplesFor(question.message.id);
    expect(examples.map((e) => e.replyText)).toHaveLength(1);
    expect(examples[0]!.replyText).toContain("bays fit four people");
  });

  it("marks an operator message with no customer message before it as no_question", async () => {
    const phone = nextCustomerPhone();
    const reminder = await recordDirectly(engine, {
      direction: "outbound",
      customerPhone: phone,
      body: "Reminder: your bay is booked for tomorrow at 6pm.",
      sentAt: start,
    });
    expect(await learnPendingExchanges(engine)).toEqual({ learned: 0, voided: 1, created: 0 });
    const row = await messageRow(reminder.message.id);
    expect(row).toMatchObject({
      learnState: "no_question",
      learnNote: "no customer message before it",
    });
    expect(await countRows(testbed.db, patterns)).toBe(0);
  });

  it("voids a test exchange with test_message as the reason and learns no pattern from it", async () => {
    const phone = nextCustomerPhone();
    await recordDirectly(engine, {
      direction: "inbound",
      customerPhone: phone,
      body: "test",
      sentAt: start,
    });
    const reply = await recordDirectly(engine, {
      direction: "outbound",
      customerPhone: phone,
      body: "ok",
      sentAt: later(start, MINUTE),
    });
    expect(await learnPendingExchanges(engine)).toEqual({ learned: 0, voided: 1, created: 0 });
    expect(await messageRow(reply.message.id)).toMatchObject({
      learnState: "voided",
      learnNote: "test_message",
    });
    expect(await countRows(testbed.db, patterns)).toBe(0);
    expect(await countRows(testbed.db, patternExamples)).toBe(0);
  });

  it("never learns {{__proto__}} or {{constructor}} typed in a reply as placeholders: the exchange is voided as unsafe_template", async () => {
    const phone = nextCustomerPhone();
    await recordDirectly(engine, {
      direction: "inbound",
      customerPhone: phone,
      body: "What is the wifi password at the club?",
      sentAt: start,
    });
    const reply = await recordDirectly(engine, {
      direction: "outbound",
      customerPhone: phone,
      body: "It is {{__proto__}} {{constructor}} for the guest network",
      sentAt: later(start, MINUTE),
    });
    expect(await learnPendingExchanges(engine)).toEqual({ learned: 0, voided: 1, created: 0 });
    expect(await messageRow(reply.message.id)).toMatchObject({
      learnState: "voided",
      learnNote: "unsafe_template",
    });
    expect(await countRows(testbed.db, patterns)).toBe(0);
  });

  it("voids 'testing 123' with its reason even when the reply is a real sentence", async () => {
    const phone = nextCustomerPhone();
    await recordDirectly(engine, {
      direction: "inbound",
      customerPhone: phone,
      body: "testing 123",
      sentAt: start,
    });
    const reply = await recordDirectly(engine, {
      direction: "outbound",
      customerPhone: phone,
      body: "Received loud and clear, the line is working on our end.",
      sentAt: later(start, MINUTE),
    });
    await learnPendingExchanges(engine);
    expect(await messageRow(reply.message.id)).toMatchObject({
      learnState: "voided",
      learnNote: "test_message",
    });
    expect(await countRows(testbed.db, patterns)).toBe(0);
  });

  it("learns from a customer's 'hello' (the original voided it for containing 'hell')", async () => {
    const phone = nextCustomerPhone();
    await recordDirectly(engine, {
      direction: "inbound",
      customerPhone: phone,
      body: "hello",
      sentAt: start,
    });
    const reply = await recordDirectly(engine, {
      direction: "outbound",
      customerPhone: phone,
      body: "Hi! How can we help you today?",
      sentAt: later(start, MINUTE),
    });
    expect(await learnPendingExchanges(engine)).toEqual({ learned: 1, voided: 0, created: 1 });
    expect((await messageRow(reply.message.id)).learnState).toBe("learned");
    expect(await countRows(testbed.db, patterns)).toBe(1);
  });

  it("never learns from messages Playbook sent, nor pairs their question with a later operator message", async () => {
    const phone = nextCustomerPhone();
    const question = await recordDirectly(engine, {
      direction: "inbound",
      customerPhone: phone,
      body: QUESTION,
      sentAt: start,
    });
    const automated = await recordDirectly(engine, {
      direction: "outbound",
      customerPhone: phone,
      body: ANSWER,
      sentAt: later(start, MINUTE),
      source: "playbook",
      sentByPlaybook: true,
    });
    expect(automated.message.learnState).toBeNull();
    const followUp = await recordDirectly(engine, {
      direction: "outbound",
      customerPhone: phone,
      body: "Let me know if you would like to book a bay for Sunday morning.",
      sentAt: later(start, 2 * MINUTE),
    });
    await learnPendingExchanges(engine);
    expect((await messageRow(automated.message.id)).learnState).toBeNull();
    // The question was answered by Playbook; the operator's follow-up answers nothing.
    expect((await messageRow(followUp.message.id)).learnState).toBe("no_question");
    expect(await examplesFor(question.message.id)).toHaveLength(0);
    expect(await countRows(testbed.db, patterns)).toBe(0);
  });

  it("adds a reply that says the same with another time as an example of the pattern, dropping the time as a constant", async () => {
    const first = await teachPattern(engine, {
      customer: nextCustomerPhone(),
      question: QUESTION,
      answer: ANSWER,
      at: start,
    });
    expect((await loadPattern(testbed.db, first.patternId)).variableDefaults).toEqual({
      time: "9am",
    });

    const second = await teachPattern(engine, {
      customer: nextCustomerPhone(),
      question: "When do you open on Sundays?",
      answer: "On Sundays we open at 10am. See you then!",
      at: later(start, 2 * 60 * MINUTE),
    });
    expect(second.patternId).toBe(first.patternId);
    expect(await countRows(testbed.db, patterns)).toBe(1);
    const examples = await testbed.db
      .select()
      .from(patternExamples)
      .where(eq(patternExamples.patternId, first.patternId));
    expect(examples).toHaveLength(2);
    // The alternatives stay visible as the two ways the operators said it.
    expect(new Set(examples.map((e) => e.replyText)).size).toBe(2);
    const pattern = await loadPattern(testbed.db, first.patternId);
    expect(pattern.variableDefaults).toEqual({});
    expect(pattern.responseTemplate).toBe("We open at {{time}} on Sundays. See you then!");
  });

  it("keeps a constant value while every example agrees on it", async () => {
    const first = await teachPattern(engine, {
      customer: nextCustomerPhone(),
      question: QUESTION,
      answer: ANSWER,
      at: start,
    });
    const second = await teachPattern(engine, {
      customer: nextCustomerPhone(),
      question: "When do you open on Sundays?",
      answer: "On Sundays we open at 9am. See you then!",
      at: later(start, 2 * 60 * MINUTE),
    });
    expect(second.patternId).toBe(first.patternId);
    expect((await loadPattern(testbed.db, first.patternId)).variableDefaults).toEqual({
      time: "9am",
    });
  });

  it("raises a shadow-matched pattern by the approval delta when the operator answers the same by hand", async () => {
    const { patternId } = await teachPattern(engine, {
      customer: nextCustomerPhone(),
      question: QUESTION,
      answer: ANSWER,
      at: start,
    });
    const phone = nextCustomerPhone();
    const asked = await customerSays(
      engine,
      phone,
      "when do you open sunday",
      later(start, 3 * 60 * MINUTE),
    );
    expect(asked.decision).toMatchObject({ mode: "shadow", patternId, outcome: "none" });

    clock.advance(MINUTE);
    const answer = await operatorSays(
      engine,
      phone,
      ANSWER,
      later(start, 3 * 60 * MINUTE + MINUTE),
    );
    await learnPendingExchanges(engine, { conversationId: answer.message.conversationId });

    expect((await loadPattern(testbed.db, patternId)).confidence).toBeCloseTo(0.65, 10);
    const events = await testbed.db
      .select()
      .from(confidenceEvents)
      .where(eq(confidenceEvents.patternId, patternId));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      reason: "operator_agreed",
      oldConfidence: 0.5,
      decisionId: asked.decision!.id,
    });
    expect(events[0]!.newConfidence).toBeCloseTo(0.65, 10);
    expect(await loadDecision(testbed.db, asked.decision!.id)).toMatchObject({
      outcome: "answered",
      review: "approved",
    });
  });

  it("lowers a shadow-matched pattern by the rejection delta when the operator answers differently", async () => {
    const { patternId } = await teachPattern(engine, {
      customer: nextCustomerPhone(),
      question: QUESTION,
      answer: ANSWER,
      at: start,
    });
    const phone = nextCustomerPhone();
    const asked = await customerSays(
      engine,
      phone,
      "when do you open sunday",
      later(start, 3 * 60 * MINUTE),
    );
    expect(asked.decision).toMatchObject({ mode: "shadow", patternId });

    const answer = await operatorSays(
      engine,
      phone,
      "Sorry, we are closed all day Sunday while the simulators are being upgraded.",
      later(start, 3 * 60 * MINUTE + MINUTE),
    );
    await learnPendingExchanges(engine, { conversationId: answer.message.conversationId });

    expect((await loadPattern(testbed.db, patternId)).confidence).toBeCloseTo(0.3, 10);
    const [event] = await testbed.db
      .select()
      .from(confidenceEvents)
      .where(eq(confidenceEvents.patternId, patternId));
    expect(event).toMatchObject({ reason: "operator_disagreed", decisionId: asked.decision!.id });
    expect(event!.newConfidence).toBeCloseTo(0.3, 10);
    expect(await loadDecision(testbed.db, asked.decision!.id)).toMatchObject({
      outcome: "answered",
      review: "rejected",
    });
  });

  it("leaves a shadow-matched pattern's confidence alone when the operator answers with another pattern's answer", async () => {
    const { patternId } = await teachPattern(engine, {
      customer: nextCustomerPhone(),
      question: QUESTION,
      answer: ANSWER,
      at: start,
    });
    const parking = await teachPattern(engine, {
      customer: nextCustomerPhone(),
      question: "Is there parking near you?",
      answer: "Yes, there is free parking behind the building.",
      at: later(start, 10 * MINUTE),
    });
    const phone = nextCustomerPhone();
    const asked = await customerSays(
      engine,
      phone,
      "when do you open sunday, and where do I park",
      later(start, 3 * 60 * MINUTE),
    );
    expect(asked.decision).toMatchObject({ mode: "shadow", patternId });

    const answer = await operatorSays(
      engine,
      phone,
      "Yes, there is free parking behind the building.",
      later(start, 3 * 60 * MINUTE + MINUTE),
    );
    await learnPendingExchanges(engine, { conversationId: answer.message.conversationId });

    // The proposal was judged wrong (the calibration learns from it); the opening-hours reply is not at fault.
    expect(await loadDecision(testbed.db, asked.decision!.id)).toMatchObject({
      correct: false,
      outcome: "answered",
      review: "rejected",
    });
    expect((await loadPattern(testbed.db, patternId)).confidence).toBeCloseTo(0.5, 10);
    const events = await testbed.db
      .select({ patternId: confidenceEvents.patternId })
      .from(confidenceEvents)
      .where(inArray(confidenceEvents.patternId, [patternId, parking.patternId]));
    expect(events).toEqual([]);
  });

  it("settles a queued reply the operator answered by hand as answered", async () => {
    await applySettings(testbed, liveSettings);
    const { patternId } = await teachPattern(engine, {
      customer: nextCustomerPhone(),
      question: QUESTION,
      answer: ANSWER,
      at: start,
    });
    await testbed.db.update(patterns).set({ isActive: true }).where(eq(patterns.id, patternId));
    const phone = nextCustomerPhone();
    const asked = await customerSays(
      engine,
      phone,
      "when do you open sunday",
      later(start, 3 * 60 * MINUTE),
    );
    expect(asked.decision).toMatchObject({ mode: "queue", patternId, outcome: "pending" });

    await operatorSays(engine, phone, ANSWER, later(start, 3 * 60 * MINUTE + MINUTE));
    const [item] = await testbed.db
      .select()
      .from(approvalQueue)
      .where(eq(approvalQueue.decisionId, asked.decision!.id));
    // Withdrawn the moment the reply arrived; the reply still judged the pattern when it was learned.
    expect(item).toMatchObject({
      status: "answered",
      reason: "withdrawn: an operator answered the customer by hand",
    });
    expect(item!.resolvedAt).toBeInstanceOf(Date);
    expect((await loadDecision(testbed.db, asked.decision!.id)).outcome).toBe("answered");
    const reasons = await testbed.db
      .select({ reason: confidenceEvents.reason })
      .from(confidenceEvents)
      .where(
        and(
          eq(confidenceEvents.patternId, patternId),
          inArray(confidenceEvents.reason, ["operator_agreed", "operator_disagreed"]),
        ),
      );
    expect(reasons).toEqual([{ reason: "operator_agreed" }]);
  });
});
