import { describe, expect, it } from "vitest";
import type { IntentBaseline } from "./intent-baseline";
import {
  cannedReplyCeiling,
  judgeBaselineAnswers,
  judgePlaybookResults,
  type PlaybookResult,
  type TestMessage,
} from "./judge-answers";
import { createStrictScorer } from "./strict-scorer";

const canned = new Map([
  ["card_arrival", "Cards usually arrive within 5 working days of your order."],
  ["pin_blocked", "You can unblock your PIN at any ATM with the correct PIN."],
  ["close_account", "You can close your account from the Profile screen of the app."],
]);
const scorer = createStrictScorer(canned);

const message = (index: number, intent: string, outOfScope = false): TestMessage => ({
  messageId: `t-${index}-q`,
  question: `question ${index} about ${intent}`,
  intent,
  operatorReply: `Hi Sam! ${canned.get(intent)} — Priya`,
  outOfScope,
});
const messages = [
  message(0, "card_arrival"),
  message(1, "pin_blocked"),
  message(2, "card_arrival"),
  message(3, "close_account", true),
];

function result(index: number, fields: Partial<PlaybookResult>): PlaybookResult {
  return {
    message_id: `t-${index}-q`,
    decision: "suggest",
    proposed_reply: null,
    operator_reply: messages[index]!.operatorReply,
    match_score: 0.5,
    confidence: 0.5,
    ...fields,
  };
}

describe("judgePlaybookResults", () => {
  const pin = `Hello Sam, ${canned.get("pin_blocked")}`;
  const card = `Hello Sam, ${canned.get("card_arrival")}`;
  const judged = judgePlaybookResults(
    messages,
    [
      // Right proposal, and the product's own verdict (absent here) is not needed.
      result(0, { decision: "auto", proposed_reply: card, score: 0.9 }),
      // Wrong proposal, though its best candidate was right.
      result(1, { decision: "queue", proposed_reply: card, best_reply: pin, score: null }),
      // An out-of-scope message answered automatically with another intent's reply.
      result(3, { decision: "auto", proposed_reply: pin }),
    ],
    scorer,
  );
  const [first, second, third, fourth] = judged.answers;

  it("judges the proposal, and top-1 from the best candidate or else the proposal", () => {
    expect(first).toMatchObject({ decision: "auto", proposed: true, right: true, top1Right: true });
    expect(first?.score).toBe(0.9);
    expect(second).toMatchObject({ proposed: true, right: false, top1Right: true, score: null });
    expect([first?.carriesAnswer, second?.carriesAnswer]).toEqual([true, false]);
    expect(fourth).toMatchObject({ outOfScope: true, decision: "auto", right: false });
    expect(fourth?.score).toBeNull();
  });

  it("takes a result without a proposal as wrong, its best candidate still judged", () => {
    const silent = result(2, { decision: "none", proposed_reply: null, best_reply: card });
    const [, , judgedSilent] = judgePlaybookResults(messages, [silent], scorer).answers;
    expect(judgedSilent).toMatchObject({
      decision: "none",
      proposed: false,
      right: false,
      top1Right: true,
    });
  });

  it("takes an unreported message as nothing proposed", () => {
    expect(judged.unreported).toBe(1);
    expect(third).toMatchObject({
      messageId: "t-2-q",
      decision: "none",
      proposed: false,
      right: false,
      top1Right: false,
    });
  });

  it("never reads the product's matched verdict", () => {
    const claimed = { ...result(1, { proposed_reply: card }), matched: true } as PlaybookResult;
    expect(judgePlaybookResults(messages, [claimed], scorer).answers[1]?.right).toBe(false);
  });

  it("refuses results for messages it does not know, or twice for one", () => {
    expect(() => judgePlaybookResults(messages, [result(0, {}), result(0, {})], scorer)).toThrow(
      /twice/,
    );
    const stranger = { ...result(0, {}), message_id: "other" };
    expect(() => judgePlaybookResults(messages, [stranger], scorer)).toThrow(
      /unknown message other/,
    );
  });
});

describe("judgeBaselineAnswers", () => {
  // A fake classifier: sure of card questions, unsure and wrong about the rest.
  const baseline: IntentBaseline = {
    classifier: {
      intents: ["card_arrival", "pin_blocked"],
      predict: (text) =>
        text.includes("card_arrival")
          ? { intent: "card_arrival", probability: 0.97 }
          : { intent: "card_arrival", probability: 0.4 },
    },
    tuning: { trainedOn: 1, tunedOn: 1, accuracy: 1, auto: null, suggest: null },
    decide: (probability) => (probability >= 0.9 ? "auto" : "none"),
  };
  const judged = judgeBaselineAnswers(messages, baseline, canned, scorer);

  it("proposes the predicted intent's canned reply and judges it strictly", () => {
    expect(judged.answers.map((answer) => [answer.decision, answer.right])).toEqual([
      ["auto", true],
      ["none", false],
      ["auto", true],
      ["none", false],
    ]);
    expect(judged.answers.every((answer) => answer.proposed)).toBe(true);
    // The right intent is the right answer, judged wrong or not.
    expect(judged.answers.map((answer) => answer.carriesAnswer)).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect(judged.answers[1]?.score).toBe(0.4);
  });

  it("counts intent accuracy over in-scope messages only", () => {
    expect(judged.intentAccuracy).toBeCloseTo(2 / 3);
  });
});

describe("cannedReplyCeiling", () => {
  it("is the share of messages whose bare canned reply passes the strict scorer", () => {
    const dressed = [
      ...messages.slice(0, 3),
      {
        ...message(4, "pin_blocked"),
        operatorReply: `Thanks for reaching out. Happy to help with that. ${canned.get("pin_blocked")}`,
      },
    ];
    expect(cannedReplyCeiling(dressed, canned, scorer)).toBeCloseTo(3 / 4);
    expect(cannedReplyCeiling([], canned, scorer)).toBeNull();
  });
});
