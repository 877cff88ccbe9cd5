// HistorySimulator without a database: a history played message by message against an in-memory match index,
// checking when replies are learned, how conversations are cut, which gates decide under "what-if" and "real",
// and what an import would be handed to write.
import { describe, expect, it } from "vitest";
import { calibratedIndex } from "../testing";
import { defaultSettings, type Settings } from "../settings/settings";
import { HistorySimulator } from "./history-simulator";
import type { AnsweredMessage, CustomerState, PatternRow, PlayedMessage } from "./history-state";

const START = Date.parse("2024-03-05T12:00:00Z"); // a Tuesday at noon UTC: inside the default 09:00–21:00
const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** `minutes` (and `seconds`) after the start of the history. */
const at = (minutes: number, seconds = 0) => new Date(START + minutes * MINUTE + seconds * SECOND);

const HOURS_QUESTION = "What are your opening hours?";
const HOURS_REPLY = "We are open every day from nine in the morning until nine at night.";
const CLUBS_QUESTION = "Can I rent golf clubs?";
const CLUBS_REPLY = "Yes, we rent club sets at the front desk.";

/** A simulator with its own index and patterns, customers by phone, and what it reported. */
class History {
  readonly patterns = new Map<string, PatternRow>();
  readonly index = calibratedIndex();
  readonly answered: AnsweredMessage[] = [];
  readonly simulator: HistorySimulator;
  private readonly customers = new Map<string, CustomerState>();
  private line = 1;

  constructor(opts: { settings?: Partial<Settings>; policy?: "import" | "what-if" | "real" } = {}) {
    this.simulator = new HistorySimulator({
      settings: { ...defaultSettings, ...opts.settings },
      patterns: this.patterns,
      index: this.index,
      policy: opts.policy ?? "what-if",
      onAnswered: (answered) => this.answered.push(answered),
    });
  }

  customer(phone: string, flags: Partial<CustomerState> = {}): CustomerState {
    let customer = this.customers.get(phone);
    if (!customer) {
      customer = {
        id: `customer-${phone}`,
        phone,
        name: null,
        isVip: false,
        optedOut: false,
        optedOutAt: null,
        conversation: null,
        autoDecisionTimes: [],
        ...flags,
      };
      this.customers.set(phone, customer);
    }
    return customer;
  }

  play(
    phone: string,
    direction: "inbound" | "outbound",
    body: string,
    sentAt: Date,
  ): PlayedMessage {
    this.line += 1;
    const message: PlayedMessage = {
      key: `key-${this.line}`,
      messageId: `m${this.line}`,
      conversationRef: null,
      line: this.line,
      sentAt,
      direction,
      customerPhone: phone,
      customerName: null,
      operator: direction === "outbound" ? "dana" : null,
      body,
    };
    this.simulator.play(this.customer(phone), message);
    return message;
  }

  asks(phone: string, body: string, sentAt: Date) {
    return this.play(phone, "inbound", body, sentAt);
  }

  replies(phone: string, body: string, sentAt: Date) {
    return this.play(phone, "outbound", body, sentAt);
  }

  /** The pattern learned from (or seeded with) this question, if any. */
  patternFor(triggerText: string): PatternRow | undefined {
    return [...this.patterns.values()].find((p) => p.triggerText === triggerText);
  }

  /** Learns `question` → `reply` from one customer and gives the pattern this trust. */
  teach(
    question: string,
    reply: string,
    trust: { confidence: number; successCount: number },
  ): PatternRow {
    const teacher = `+1902555${String(9000 + this.customers.size).padStart(4, "0")}`;
    this.asks(teacher, question, at(-120));
    this.replies(teacher, reply, at(-119));
    this.simulator.finish([this.customer(teacher)]);
    const pattern = this.patternFor(question);
    if (!pattern) throw new Error(`"${reply}" was not learned`);
    Object.assign(pattern, trust);
    this.simulator.takeChanges();
    this.answered.length = 0;
    return pattern;
  }

  /** Decision modes of the messages played since the last call, by message id. */
  decisions(): Record<string, string> {
    const changes = this.simulator.takeChanges();
    const byHeldId = new Map(changes.messages.map((m) => [m.id, m.played.messageId ?? m.id]));
    return Object.fromEntries(
      changes.newDecisions.map(({ decision }) => [
        byHeldId.get(decision.messageId) ?? decision.messageId,
        decision.mode,
      ]),
    );
  }
}

const ALICE = "+19025550101";
const BOB = "+19025550102";

describe("HistorySimulator: when a reply is learned", () => {
  it("learns a reply once replySettleSeconds passed, so another customer's same question is matched", () => {
    const history = new History({ settings: { replySettleSeconds: 60 } });
    history.asks(ALICE, CLUBS_QUESTION, at(0));
    history.replies(ALICE, CLUBS_REPLY, at(1));
    // Exactly 60 s after the reply it counts as settled: learned before Bob's message is decided.
    history.asks(BOB, CLUBS_QUESTION, at(2));

    const learned = history.patternFor(CLUBS_QUESTION);
    expect(learned).toMatchObject({ responseTemplate: CLUBS_REPLY, confidence: 0.5 });
    const [decision] = history.simulator.takeChanges().newDecisions.slice(-1);
    // A pattern learned from one example sits at 0.5: the queue threshold.
    expect(decision?.decision).toMatchObject({
      patternId: learned!.id,
      mode: "queue",
      matchScore: 1,
      proposedReply: CLUBS_REPLY,
    });
    expect(history.answered.map((a) => a.message?.messageId)).toEqual(["m2"]);
  });

  it("does not learn a reply still within its settle time", () => {
    const history = new History({ settings: { replySettleSeconds: 60 } });
    history.asks(ALICE, CLUBS_QUESTION, at(0));
    history.replies(ALICE, CLUBS_REPLY, at(1));
    history.asks(BOB, CLUBS_QUESTION, at(1, 59));

    expect(history.patterns.size).toBe(0);
    expect(history.decisions()).toEqual({ m2: "none", m4: "none" });
    expect(history.answered).toEqual([]);
  });

  it("with a long settle time, learns the reply only when its own customer writes again or the history ends", () => {
    const history = new History({ settings: { replySettleSeconds: 3_600 } });
    history.asks(ALICE, CLUBS_QUESTION, at(0));
    history.replies(ALICE, CLUBS_REPLY, at(1));
    history.asks(BOB, CLUBS_QUESTION, at(10));
    expect(history.patterns.size).toBe(0);

    // Alice writing again ends the exchange before her new message is decided.
    history.asks(ALICE, HOURS_QUESTION, at(20));
    expect(history.patternFor(CLUBS_QUESTION)).toBeDefined();
    expect(history.answered.map((a) => a.operatorReply)).toEqual([CLUBS_REPLY]);

    // Bob's question was never answered; finishing the history learns what is still open and nothing else.
    history.replies(ALICE, HOURS_REPLY, at(21));
    history.simulator.finish([history.customer(ALICE), history.customer(BOB)]);
    expect(history.patternFor(HOURS_QUESTION)).toMatchObject({ responseTemplate: HOURS_REPLY });
    expect(history.answered.map((a) => a.message?.messageId)).toEqual(["m2", "m5"]);
  });

  it("takes consecutive operator messages as one reply, settled by its last message", () => {
    const history = new History({ settings: { replySettleSeconds: 60 } });
    history.asks(ALICE, "Do you have parking?", at(0));
    history.replies(ALICE, "Yes, there is free parking", at(1));
    history.replies(ALICE, "right behind the building.", at(1, 50));
    // 65 s after the first part but 15 s after the second: the reply is not settled yet.
    history.asks(BOB, "Do you sell gift cards?", at(2, 5));
    expect(history.patterns.size).toBe(0);
    // 60 s after the second part: learned, as one reply.
    history.asks(BOB, "Do you rent lockers?", at(2, 50));

    const changes = history.simulator.takeChanges();
    const reply = "Yes, there is free parking\nright behind the building.";
    expect(history.answered).toHaveLength(1);
    expect(history.answered[0]).toMatchObject({ operatorReply: reply, matched: false });
    expect(changes.examples).toHaveLength(1);
    expect(changes.patterns.get(changes.examples[0]!.patternId)).toMatchObject({
      triggerText: "Do you have parking?",
      responseTemplate: reply,
    });
    const replyMessages = changes.messages.filter((m) => m.played.direction === "outbound");
    expect(replyMessages).toHaveLength(2);
    for (const { id } of replyMessages) {
      expect(changes.learnStates.get(id)).toEqual({
        state: "learned",
        note: `example:${changes.examples[0]!.id}`,
      });
    }
  });
});

describe("HistorySimulator: conversations", () => {
  it("starts a new conversation after the idle window and keeps messages within it together", () => {
    const history = new History({
      settings: { conversationIdleMinutes: 60, adaptiveConversationTimeout: true },
    });
    history.asks(ALICE, CLUBS_QUESTION, at(0));
    history.replies(ALICE, CLUBS_REPLY, at(1));
    // 59 minutes after the last message: the same conversation (the adaptive timeout is 5 × the 1-minute
    // reply gap, raised to the 60-minute minimum).
    history.asks(ALICE, HOURS_QUESTION, at(60));
    history.replies(ALICE, HOURS_REPLY, at(61));
    // 61 minutes after the last message: a new one.
    history.asks(ALICE, "Do you have parking?", at(122));

    const changes = history.simulator.takeChanges();
    const conversationOf = changes.messages.map((m) => m.conversationId);
    const [first, second] = [...changes.newConversationIds];
    expect(changes.newConversationIds.size).toBe(2);
    expect(conversationOf).toEqual([first, first, first, first, second]);
    expect(changes.conversations.get(first!)).toMatchObject({
      status: "closed",
      endReason: "idle_timeout",
      startedAt: at(0),
      endedAt: at(61),
    });
    expect(changes.conversations.get(second!)).toMatchObject({
      status: "open",
      startedAt: at(122),
    });
    // Both exchanges belong to the first conversation.
    expect(history.answered.map((a) => a.conversationId)).toEqual([first, first]);
  });
});

describe("HistorySimulator: what-if gates", () => {
  it("auto-replies with a trusted pattern, and after STOP only shadows that customer until START", () => {
    const history = new History();
    const hours = history.teach(HOURS_QUESTION, HOURS_REPLY, {
      confidence: 1,
      successCount: 25,
    });
    history.asks(ALICE, HOURS_QUESTION, at(0));
    history.asks(ALICE, "STOP", at(1));
    history.asks(ALICE, HOURS_QUESTION, at(2));
    history.asks(BOB, HOURS_QUESTION, at(3));
    const alice = history.customer(ALICE);
    expect(alice).toMatchObject({ optedOut: true, optedOutAt: at(1) });
    const changes = history.simulator.takeChanges();
    expect(changes.customers.get(alice.id)).toBe(alice);
    const modes = changes.newDecisions.map(({ decision, plan }) => [
      decision.mode,
      plan.gates.find((g) => g.gate === "opt-out")?.passed,
    ]);
    expect(modes).toEqual([
      ["auto", true],
      // "STOP" matches no pattern: nothing to decide beyond recording the opt-out.
      ["none", undefined],
      // The pattern would auto-send, but nothing goes to a number after STOP, not even a suggestion.
      ["shadow", false],
      // Another customer is not affected.
      ["auto", true],
    ]);
    expect(changes.newDecisions[2]!.decision.patternId).toBe(hours.id);

    history.asks(ALICE, "START", at(4));
    history.asks(ALICE, HOURS_QUESTION, at(5));
    expect(alice).toMatchObject({ optedOut: false, optedOutAt: null });
    expect(Object.values(history.decisions()).at(-1)).toBe("auto");
  });

  it("turns auto into suggest once a customer had maxAutoRepliesPerCustomer automatic replies in the window", () => {
    const history = new History({
      settings: { maxAutoRepliesPerCustomer: 3, autoReplyWindowMinutes: 60 },
    });
    history.teach(HOURS_QUESTION, HOURS_REPLY, { confidence: 1, successCount: 25 });
    for (const minute of [0, 5, 10, 15]) history.asks(ALICE, HOURS_QUESTION, at(minute));
    history.asks(BOB, HOURS_QUESTION, at(16));
    // At 61 minutes the first automatic reply (at 0) has left the window: two are left, under the limit.
    history.asks(ALICE, HOURS_QUESTION, at(61));

    const decisions = history.simulator.takeChanges().newDecisions;
    expect(decisions.map((d) => d.decision.mode)).toEqual([
      "auto",
      "auto",
      "auto",
      "suggest",
      "auto",
      "auto",
    ]);
    expect(decisions[3]!.plan.gates.find((g) => g.gate === "rate limit")).toMatchObject({
      passed: false,
    });
  });

  it("escalates an angry customer or one asking for a person, and does not judge the pattern by the reply", () => {
    const history = new History();
    const hours = history.teach(HOURS_QUESTION, HOURS_REPLY, {
      confidence: 0.8,
      successCount: 3,
    });
    history.asks(
      ALICE,
      "What are your opening hours?! I need to talk to a person, this is ridiculous",
      at(0),
    );
    history.replies(ALICE, "I am the owner, what can I do for you?", at(1));
    history.asks(ALICE, "This is ridiculous", at(5));

    const changes = history.simulator.takeChanges();
    expect(changes.newDecisions.map((d) => d.decision.mode)).toEqual(["escalate", "escalate"]);
    expect(changes.newDecisions[0]!.plan.escalation.reasons).toEqual(
      expect.arrayContaining(["human_requested", "angry"]),
    );
    // The first escalation marks the conversation; a later one does not move the time.
    const conversation = changes.conversations.get(
      changes.newDecisions[0]!.decision.conversationId,
    );
    expect(conversation?.escalatedAt).toEqual(at(0));
    // The operator answering an escalation is no verdict on the pattern.
    expect(history.answered).toHaveLength(1);
    expect(history.answered[0]!.decision.mode).toBe("escalate");
    expect(changes.confidenceEvents).toEqual([]);
    // Its best candidate is judged (for calibration), but the decision gets no review.
    expect([...changes.judgedDecisions.values()].map((d) => [d.correct, d.review])).toEqual([
      [false, null],
    ]);
    expect(hours).toMatchObject({ confidence: 0.8, successCount: 3, failureCount: 0 });
  });

  it("proposes no reply when it escalates a message no pattern matches", () => {
    const history = new History();
    // Shares only the character n-gram "er>" ("offer", "manager") with the message below: a candidate far
    // below minMatchScore.
    const giftCards = history.teach(
      "Do you offer gift cards?",
      "Yes, gift cards are available at the front desk.",
      { confidence: 0.65, successCount: 1 },
    );
    history.asks(ALICE, "I want to speak to a manager, this is ridiculous", at(0));

    const { decision, plan } = history.simulator.takeChanges().newDecisions[0]!;
    expect(decision.mode).toBe("escalate");
    expect(plan.matchScore).toBeLessThan(defaultSettings.minMatchScore);
    // Nothing matched, so there is nothing to propose (as for "none"); the weak candidate is no reply.
    expect(decision.proposedReply).toBeNull();
    expect(giftCards.lastUsedAt).toBeNull();
  });
});

describe("HistorySimulator: policies", () => {
  it('"real" with the default settings (shadow mode on) only shadows', () => {
    const history = new History({ policy: "real" });
    const hours = history.teach(HOURS_QUESTION, HOURS_REPLY, {
      confidence: 1,
      successCount: 25,
    });
    Object.assign(hours, { isActive: true, autoExecutable: true });
    history.asks(ALICE, HOURS_QUESTION, at(0));
    // Shadow mode also holds back an escalation: nothing is shown to anyone.
    history.asks(BOB, "I need to talk to a person", at(1));
    expect(Object.values(history.decisions())).toEqual(["shadow", "none"]);
  });

  it('"real" with automation on keeps an inactive pattern in shadow and lets an active one act', () => {
    const history = new History({ policy: "real", settings: { enabled: true, shadowMode: false } });
    const hours = history.teach(HOURS_QUESTION, HOURS_REPLY, {
      confidence: 1,
      successCount: 25,
    });
    const clubs = history.teach(CLUBS_QUESTION, CLUBS_REPLY, {
      confidence: 1,
      successCount: 25,
    });
    Object.assign(clubs, { isActive: true, autoExecutable: true });
    history.asks(ALICE, HOURS_QUESTION, at(0));
    history.asks(BOB, CLUBS_QUESTION, at(1));
    expect(Object.values(history.decisions())).toEqual(["shadow", "auto"]);
    // "What-if" only pretends: the rows keep their real state.
    expect(hours).toMatchObject({ isActive: false, autoExecutable: false });
  });

  it('"what-if" treats every pattern as active and auto-executable, leaving the rows as they are', () => {
    const history = new History({ policy: "what-if" });
    const hours = history.teach(HOURS_QUESTION, HOURS_REPLY, {
      confidence: 1,
      successCount: 25,
    });
    history.asks(ALICE, HOURS_QUESTION, at(0));
    expect(Object.values(history.decisions())).toEqual(["auto"]);
    expect(hours).toMatchObject({ isActive: false, autoExecutable: false });
  });
});

describe("HistorySimulator: feedback and changes", () => {
  it("hands over every change since the last call: messages, decisions, judgements, examples, confidence", () => {
    const history = new History({ settings: { replySettleSeconds: 60 } });
    history.asks(ALICE, CLUBS_QUESTION, at(0));
    history.replies(ALICE, CLUBS_REPLY, at(1));
    const first = history.simulator.takeChanges();
    // Alice's question matched nothing; her reply is not settled yet.
    expect(first.messages.map((m) => m.played.messageId)).toEqual(["m2", "m3"]);
    expect(first.newDecisions.map((d) => d.decision.mode)).toEqual(["none"]);
    expect(first.examples).toEqual([]);
    expect(first.newPatternIds.size).toBe(0);

    history.asks(BOB, CLUBS_QUESTION, at(5));
    history.replies(BOB, CLUBS_REPLY, at(6));
    history.simulator.finish([history.customer(ALICE), history.customer(BOB)]);
    const second = history.simulator.takeChanges();

    const pattern = history.patternFor(CLUBS_QUESTION)!;
    const [bobQuestion, bobReply] = second.messages;
    expect(second.messages.map((m) => m.played.messageId)).toEqual(["m4", "m5"]);
    expect([...second.newPatternIds]).toEqual([pattern.id]);
    expect(second.versions).toEqual([
      expect.objectContaining({ patternId: pattern.id, version: 1 }),
    ]);
    // Alice's exchange created the pattern; Bob's, matched by it, was judged and added to it.
    expect(second.examples).toEqual([
      expect.objectContaining({
        patternId: pattern.id,
        customerText: CLUBS_QUESTION,
        replyText: CLUBS_REPLY,
        inboundMessageId: first.messages[0]!.id,
        outboundMessageId: first.messages[1]!.id,
      }),
      expect.objectContaining({
        patternId: pattern.id,
        inboundMessageId: bobQuestion!.id,
        outboundMessageId: bobReply!.id,
      }),
    ]);
    const [bobDecision] = second.newDecisions;
    expect(bobDecision?.decision).toMatchObject({
      messageId: bobQuestion!.id,
      mode: "queue",
      patternId: pattern.id,
      confidence: 0.5,
      outcome: "answered",
      review: "approved",
      reviewedAt: at(6),
    });
    expect([...second.judgedDecisions.keys()]).toEqual([bobDecision!.decision.id]);
    expect(second.confidenceEvents).toEqual([
      {
        patternId: pattern.id,
        oldConfidence: 0.5,
        newConfidence: 0.65,
        reason: "operator_agreed",
        decisionId: bobDecision!.decision.id,
        note: expect.any(String) as string,
        createdAt: at(6),
      },
    ]);
    expect(pattern).toMatchObject({ confidence: 0.65, successCount: 1, failureCount: 0 });
    expect(second.patterns.get(pattern.id)).toBe(pattern);

    const third = history.simulator.takeChanges();
    expect(third.messages).toEqual([]);
    expect(third.newDecisions).toEqual([]);
    expect(third.examples).toEqual([]);
    expect(third.confidenceEvents).toEqual([]);
  });

  it("lowers a pattern the operator contradicts and, the third time in a week, deactivates an active one", () => {
    // A long settle time: the three questions are all decided on the clubs pattern before any reply is learned
    // (the first contradicting reply becomes a pattern of its own, which would otherwise tie with it).
    const history = new History({
      policy: "real",
      settings: { enabled: true, shadowMode: false, replySettleSeconds: 3_600 },
    });
    const clubs = history.teach(CLUBS_QUESTION, CLUBS_REPLY, {
      confidence: 0.9,
      successCount: 5,
    });
    Object.assign(clubs, { isActive: true });
    const customers = ["+19025550201", "+19025550202", "+19025550203"];
    for (const [i, phone] of customers.entries()) {
      history.asks(phone, CLUBS_QUESTION, at(i * 10));
      history.replies(phone, "Sorry, we stopped that service last year.", at(i * 10 + 1));
    }
    history.simulator.finish(customers.map((phone) => history.customer(phone)));

    const changes = history.simulator.takeChanges();
    expect(changes.newDecisions.map((d) => [d.decision.mode, d.decision.patternId])).toEqual([
      ["suggest", clubs.id],
      ["suggest", clubs.id],
      ["suggest", clubs.id],
    ]);
    expect(history.answered.map((a) => a.matched)).toEqual([false, false, false]);
    expect(
      changes.confidenceEvents.map((e) => [e.reason, e.oldConfidence, e.newConfidence]),
    ).toEqual([
      ["operator_disagreed", 0.9, 0.7],
      ["operator_disagreed", 0.7, 0.5],
      ["operator_disagreed", 0.5, 0.3],
    ]);
    expect(changes.deactivated).toEqual([
      { patternId: clubs.id, reason: "3 rejections within 7 days" },
    ]);
    expect(clubs).toMatchObject({ isActive: false, autoExecutable: false, failureCount: 3 });
    // The different answer became a pattern of its own.
    expect(history.patterns.size).toBe(2);
  });

  it("leaves a pattern's confidence alone when the operator answered another pattern's question with its answer", () => {
    const history = new History({
      policy: "real",
      settings: { enabled: true, shadowMode: false },
    });
    const clubs = history.teach(CLUBS_QUESTION, CLUBS_REPLY, { confidence: 0.9, successCount: 5 });
    const hours = history.teach(HOURS_QUESTION, HOURS_REPLY, { confidence: 0.9, successCount: 5 });
    // Asked in other words: the message is closer to the clubs pattern, but it asks about the hours.
    history.asks(ALICE, "Can I rent golf clubs in the evening, what hours?", at(0));
    history.replies(ALICE, HOURS_REPLY, at(1));
    history.simulator.finish([history.customer(ALICE)]);

    const changes = history.simulator.takeChanges();
    const [decided] = changes.newDecisions;
    expect(decided?.decision.patternId).toBe(clubs.id);
    expect(decided?.decision.evidence?.similarity).toBeLessThan(0.9);
    // The proposal was wrong, and the calibration hears it...
    expect(history.answered.map((a) => a.matched)).toEqual([false]);
    expect(decided?.decision.correct).toBe(false);
    // ...but the clubs reply is still what the business says about clubs.
    expect(changes.confidenceEvents).toEqual([]);
    expect(clubs).toMatchObject({ confidence: 0.9, failureCount: 0 });
    expect(hours).toMatchObject({ confidence: 0.9, failureCount: 0 });
  });
});
