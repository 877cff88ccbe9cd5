// Conversation grouping as recordMessage does it on a real database: a new conversation after the idle window or
// an operator's closing words, a late message joining the conversation it belongs to, duplicates stored once.
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { conversations, customers, messages } from "@playbook/db/schema";
import { testDatabaseKinds } from "@playbook/db/testing";
import {
  HOUR,
  MINUTE,
  applySettings,
  countRows,
  createClock,
  createKitEngine,
  customerSays,
  later,
  nextCustomerPhone,
  openEngineTestbed,
  operatorSays,
  recordDirectly,
  resetEngineData,
  type EngineTestbed,
} from "../engine/engine-test-kit";
import type { ReplyEngine } from "../engine/reply-engine";

describe.each(testDatabaseKinds)("recordMessage on %s", (kind) => {
  let testbed: EngineTestbed;
  let engine: ReplyEngine;
  const clock = createClock();
  // Message times are in the past, well apart from each other.
  const start = new Date(Date.now() - 3 * 24 * HOUR);

  const conversationsOf = async (phone: string) =>
    testbed.db
      .select({ conversation: conversations })
      .from(conversations)
      .innerJoin(customers, eq(customers.id, conversations.customerId))
      .where(eq(customers.phone, phone))
      .orderBy(asc(conversations.startedAt))
      .then((rows) => rows.map((r) => r.conversation));

  beforeAll(async () => {
    testbed = await openEngineTestbed(kind);
  });
  afterAll(() => testbed.test.drop());
  beforeEach(async () => {
    await resetEngineData(testbed.db);
    engine = createKitEngine(testbed, clock);
    // A fixed hour, so the adaptive timeout cannot stretch the window these tests cross.
    await applySettings(testbed, {
      conversationIdleMinutes: 60,
      adaptiveConversationTimeout: false,
    });
  });

  it("keeps messages within the idle window in one conversation", async () => {
    const phone = nextCustomerPhone();
    const a = await recordDirectly(engine, {
      direction: "inbound",
      customerPhone: phone,
      body: "Can I book a bay for tonight?",
      sentAt: start,
    });
    const b = await recordDirectly(engine, {
      direction: "outbound",
      customerPhone: phone,
      body: "Sure, what time works for you?",
      sentAt: later(start, 10 * MINUTE),
    });
    const c = await recordDirectly(engine, {
      direction: "inbound",
      customerPhone: phone,
      body: "Around 7pm please",
      sentAt: later(start, 65 * MINUTE),
    });
    expect(b.conversation.id).toBe(a.conversation.id);
    expect(c.conversation.id).toBe(a.conversation.id);
    const [only] = await conversationsOf(phone);
    expect(only).toMatchObject({ status: "open", startedAt: start });
    expect(only?.lastMessageAt).toEqual(later(start, 65 * MINUTE));
    // Only the operator's own words wait to be learned.
    expect(a.message.learnState).toBeNull();
    expect(b.message.learnState).toBe("pending");
  });

  it("starts a new conversation after the idle window and closes the old one as idle_timeout", async () => {
    const phone = nextCustomerPhone();
    const first = await recordDirectly(engine, {
      direction: "inbound",
      customerPhone: phone,
      body: "Do you have lessons?",
      sentAt: start,
    });
    await recordDirectly(engine, {
      direction: "outbound",
      customerPhone: phone,
      body: "Yes, on weekends. Want me to book one?",
      sentAt: later(start, 5 * MINUTE),
    });
    const next = await recordDirectly(engine, {
      direction: "inbound",
      customerPhone: phone,
      body: "Is the bar open tonight?",
      sentAt: later(start, 5 * HOUR),
    });
    expect(next.conversation.id).not.toBe(first.conversation.id);
    const [old, current] = await conversationsOf(phone);
    expect(old).toMatchObject({
      id: first.conversation.id,
      status: "closed",
      endReason: "idle_timeout",
      endedAt: later(start, 5 * MINUTE),
    });
    expect(current).toMatchObject({
      id: next.conversation.id,
      status: "open",
      startedAt: later(start, 5 * HOUR),
      endReason: null,
    });
  });

  it("starts a new conversation when the customer writes after the operator's closing words", async () => {
    const phone = nextCustomerPhone();
    const question = await customerSays(engine, phone, "Can I get bay 3 at 7pm?", start);
    await operatorSays(
      engine,
      phone,
      "Booked you in for 7pm. Thanks, see you soon!",
      later(start, 2 * MINUTE),
    );
    const after = await customerSays(
      engine,
      phone,
      "Do you rent clubs too?",
      later(start, 10 * MINUTE),
    );
    expect(after.message.conversationId).not.toBe(question.message.conversationId);
    const [closed, open] = await conversationsOf(phone);
    expect(closed).toMatchObject({
      id: question.message.conversationId,
      status: "closed",
      endReason: "closing_phrase",
      endedAt: later(start, 2 * MINUTE),
    });
    expect(open?.status).toBe("open");
  });

  it("closes on the operator's last closing words after several exchanges, not on an earlier reply", async () => {
    const phone = nextCustomerPhone();
    const say = (direction: "inbound" | "outbound", body: string, minutes: number) =>
      recordDirectly(engine, {
        direction,
        customerPhone: phone,
        body,
        sentAt: later(start, minutes * MINUTE),
      });
    const first = await say("inbound", "Do you do lessons?", 0);
    await say("outbound", "We do! Want me to book you one?", 2);
    await say("inbound", "Yes please, Saturday morning", 4);
    await say("outbound", "You're all set for Saturday at 10am. See you then!", 6);
    const next = await say("inbound", "Sorry, one more question: do you rent clubs?", 9);
    expect(next.conversation.id).not.toBe(first.conversation.id);
    const [closed] = await conversationsOf(phone);
    expect(closed).toMatchObject({ status: "closed", endReason: "closing_phrase" });
  });

  it("stretches the idle window to the conversation's own reply rhythm when adaptive", async () => {
    await applySettings(testbed, { adaptiveConversationTimeout: true });
    const phone = nextCustomerPhone();
    const say = (direction: "inbound" | "outbound", body: string, minutes: number) =>
      recordDirectly(engine, {
        direction,
        customerPhone: phone,
        body,
        sentAt: later(start, minutes * MINUTE),
      });
    // The operator takes 40 minutes to answer: 5 × 40 = 200 minutes before the conversation goes idle.
    const first = await say("inbound", "Can I host a birthday party with you?", 0);
    await say("outbound", "Yes, how many people would it be?", 40);
    await say("inbound", "About twelve", 50);
    await say("outbound", "Great, that works for two bays. What date were you thinking", 90);
    const slow = await say("inbound", "Maybe the 14th", 90 + 150);
    expect(slow.conversation.id).toBe(first.conversation.id);
    const tooSlow = await say("inbound", "Hello again, still there", 240 + 201);
    expect(tooSlow.conversation.id).not.toBe(first.conversation.id);
    const [closed] = await conversationsOf(phone);
    expect(closed?.endReason).toBe("idle_timeout");
  });

  it("keeps the operator's own follow-up to their closing words in the same conversation", async () => {
    // The closing words end the conversation for the customer's next message; a second operator message
    // right after them is part of the same reply, not the start of a new conversation.
    const phone = nextCustomerPhone();
    const say = (direction: "inbound" | "outbound", body: string, minutes: number) =>
      recordDirectly(engine, {
        direction,
        customerPhone: phone,
        body,
        sentAt: later(start, minutes * MINUTE),
      });
    const first = await say("inbound", "Can I book a bay for Saturday at 10am?", 0);
    await say("outbound", "You're all set for Saturday at 10am. See you then!", 2);
    const followUp = await say(
      "outbound",
      "Oh, and please bring your own clubs if you have them",
      3,
    );
    expect(followUp.conversation.id).toBe(first.conversation.id);
    expect(await conversationsOf(phone)).toHaveLength(1);
  });

  it("puts a late, older message into the open conversation it belongs to", async () => {
    const phone = nextCustomerPhone();
    const a = await recordDirectly(engine, {
      direction: "inbound",
      customerPhone: phone,
      body: "Hi, are you open?",
      sentAt: start,
    });
    await recordDirectly(engine, {
      direction: "inbound",
      customerPhone: phone,
      body: "Also, do you sell gift cards?",
      sentAt: later(start, 20 * MINUTE),
    });
    const late = await recordDirectly(engine, {
      direction: "outbound",
      customerPhone: phone,
      body: "Yes we are open until 9pm",
      sentAt: later(start, 10 * MINUTE),
    });
    expect(late.conversation.id).toBe(a.conversation.id);
    const [only] = await conversationsOf(phone);
    expect(only?.lastMessageAt).toEqual(later(start, 20 * MINUTE));
    expect(only?.startedAt).toEqual(start);
  });

  it("puts a late message from an earlier conversation into that conversation, not the newest one", async () => {
    const phone = nextCustomerPhone();
    const earlier = await recordDirectly(engine, {
      direction: "inbound",
      customerPhone: phone,
      body: "What are your prices?",
      sentAt: start,
    });
    await recordDirectly(engine, {
      direction: "outbound",
      customerPhone: phone,
      body: "It is $40 an hour per bay.",
      sentAt: later(start, 10 * MINUTE),
    });
    const newer = await recordDirectly(engine, {
      direction: "inbound",
      customerPhone: phone,
      body: "Are you open tomorrow?",
      sentAt: later(start, 6 * HOUR),
    });
    expect(newer.conversation.id).not.toBe(earlier.conversation.id);
    // The customer's follow-up to the price answer arrives only now (a delayed delivery).
    const late = await recordDirectly(engine, {
      direction: "inbound",
      customerPhone: phone,
      body: "Ok and for two bays?",
      sentAt: later(start, 12 * MINUTE),
    });
    expect(late.conversation.id).toBe(earlier.conversation.id);
    const [first, second] = await conversationsOf(phone);
    // The newest conversation still starts with its own first message.
    expect(second?.startedAt).toEqual(later(start, 6 * HOUR));
    expect(first?.lastMessageAt).toEqual(later(start, 12 * MINUTE));
  });

  it("stores a redelivered provider message once and reports it as a duplicate", async () => {
    const phone = nextCustomerPhone();
    const input = {
      direction: "inbound" as const,
      customerPhone: phone,
      body: "Can I change my booking?",
      sentAt: start,
      providerMessageId: "ACrecorded-once",
    };
    const first = await recordDirectly(engine, input);
    const again = await recordDirectly(engine, { ...input, body: "changed in transit" });
    expect(first.status).toBe("recorded");
    expect(again.status).toBe("duplicate");
    expect(again.message.id).toBe(first.message.id);
    expect(again.message.body).toBe("Can I change my booking?");
    expect(await countRows(testbed.db, messages)).toBe(1);
  });

  it("links the webhook echo of a reply Playbook sent instead of storing a second, learnable copy", async () => {
    const phone = nextCustomerPhone();
    const question = await recordDirectly(engine, {
      direction: "inbound",
      customerPhone: phone,
      body: "What time do you close?",
      sentAt: start,
    });
    // What sendDecisionReply writes before it calls OpenPhone.
    const [sent] = await testbed.db
      .insert(messages)
      .values({
        conversationId: question.conversation.id,
        customerId: question.customer.id,
        direction: "outbound",
        body: "We close at 11pm.",
        source: "playbook",
        providerStatus: "sending",
        sentByPlaybook: true,
        sentAt: later(start, MINUTE),
      })
      .returning();
    const echo = await recordDirectly(engine, {
      direction: "outbound",
      customerPhone: phone,
      body: "We close at 11pm.",
      sentAt: later(start, MINUTE + 2_000),
      providerMessageId: "ACecho",
      providerStatus: "delivered",
    });
    expect(echo.status).toBe("linked");
    expect(echo.message.id).toBe(sent!.id);
    expect(echo.message).toMatchObject({
      providerMessageId: "ACecho",
      providerStatus: "delivered",
      sentByPlaybook: true,
      learnState: null,
    });
    expect(await countRows(testbed.db, messages)).toBe(2);
  });

  it("opens one conversation when two messages of a new customer are recorded at once", async () => {
    // Several customers at once: the race (the second waits for the first's row, then must not read a
    // conversation list from before the first committed) shows on most runs of one of them.
    const phones = Array.from({ length: 6 }, () => nextCustomerPhone());
    const recorded = await Promise.all(
      phones.map((phone) =>
        Promise.all([
          recordDirectly(engine, {
            direction: "inbound",
            customerPhone: phone,
            body: "Hello?",
            sentAt: start,
          }),
          recordDirectly(engine, {
            direction: "inbound",
            customerPhone: phone,
            body: "Anyone there?",
            sentAt: later(start, 1_000),
          }),
        ]),
      ),
    );
    for (const [index, [a, b]] of recorded.entries()) {
      expect(a.conversation.id).toBe(b.conversation.id);
      expect(await conversationsOf(phones[index]!)).toHaveLength(1);
    }
    expect(await countRows(testbed.db, customers)).toBe(phones.length);
  });
});
