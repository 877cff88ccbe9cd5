import { describe, expect, it } from "vitest";
import {
  assessExchange,
  expressesConfusion,
  isAcknowledgementOnly,
  isTestMessage,
  scoreExchange,
} from "./assess-exchange";

const goodReply =
  "The door code is 4821#. Pull the handle firmly after the beep and the light goes green.";

describe("assessExchange: voids", () => {
  it.each([
    ["", goodReply, "empty_customer_text"],
    ["   \n ", goodReply, "empty_customer_text"],
    ["👍🏌️‍♂️", goodReply, "empty_customer_text"],
    ["What's the code?", "", "empty_reply"],
    ["What's the code?", "   ", "empty_reply"],
    ["What's the code?", "⛳", "empty_reply"],
    ["What's the code?", "The code is on the door. ".repeat(70), "reply_too_long"],
    ["test", goodReply, "test_message"],
    ["Testing 123", goodReply, "test_message"],
    ["TEST TEST!", goodReply, "test_message"],
    ["this is a test.", goodReply, "test_message"],
    ["Ignore this", goodReply, "test_message"],
    ["asdf", goodReply, "test_message"],
    ["asdfgh jkl;", goodReply, "test_message"],
    ["What's the code?", "test 123", "test_message"],
    ["hi", "hello", "trivial_exchange"],
    ["Code?", "4821", "trivial_exchange"],
    ["Can I book bay 3 at 7?", "ok", "acknowledgement_only"],
    ["Can I book bay 3 at 7?", "Sounds good!", "acknowledgement_only"],
    ["Can I book bay 3 at 7?", "Ok, thank you so much 👍", "acknowledgement_only"],
    ["Can I book bay 3 at 7?", "👍", "acknowledgement_only"],
    ["Can I book bay 3 at 7?", "np", "acknowledgement_only"],
    ["Can I book bay 3 at 7?", "Will do.", "acknowledgement_only"],
    [
      "What's the wifi?",
      "It is {{__proto__}} {{constructor}} on the guest network",
      "unsafe_template",
    ],
    ["{{constructor}} what's the wifi?", goodReply, "unsafe_template"],
    ["What's the wifi?", "Ask at the desk }} for the password", "unsafe_template"],
  ])("voids %j → %j as %s", (customerText, replyText, reason) => {
    expect(assessExchange({ customerText, replyText })).toEqual({
      learnable: false,
      reason,
      qualityScore: 0,
    });
  });
});

describe("assessExchange: does not repeat the original's false positives", () => {
  it.each([
    ["hello", "Hi! How can we help tonight?"],
    ["Hello, is bay 2 free?", "Yes, from 8pm."],
    ["I'm at 123 Main St, what's the code?", goodReply],
    ["Order 123 for the gift card?", "It shipped this morning."],
    ["Testing the new bay tonight?", "Yes! Bay 5 opens at 6pm."],
    ["Is the test bay open?", "It is, bay 6 from noon."],
    ["Ok what time do you close?", "We close at midnight tonight."],
    ["Thanks! Can I extend?", "Sure, you have bay 3 until 10pm."],
  ])("learns from %j", (customerText, replyText) => {
    const result = assessExchange({ customerText, replyText });
    expect(result.learnable).toBe(true);
    expect(result.reason).toBeNull();
    expect(result.qualityScore).toBeGreaterThan(0);
  });
});

describe("isTestMessage", () => {
  it("recognises whole test messages and keyboard mash only", () => {
    for (const text of [
      "test",
      "Testing testing",
      "test 1 2 3",
      "please ignore",
      "qwerty",
      "aaaa",
      "lkjh",
    ]) {
      expect(isTestMessage(text), text).toBe(true);
    }
    for (const text of ["", "test drive a bay?", "is this the test?", "hello", "were", "123"]) {
      expect(isTestMessage(text), text).toBe(false);
    }
  });
});

describe("isAcknowledgementOnly", () => {
  it("is true only when every word is an acknowledgement", () => {
    expect(isAcknowledgementOnly("Thanks again!")).toBe(true);
    expect(isAcknowledgementOnly("No problem 👍")).toBe(true);
    expect(isAcknowledgementOnly("ok, see you at 7")).toBe(false);
    expect(isAcknowledgementOnly("Sure, bay 3 is yours")).toBe(false);
    expect(isAcknowledgementOnly("")).toBe(false);
    expect(isAcknowledgementOnly("!!!")).toBe(false);
    expect(isAcknowledgementOnly("👍🏽👌!")).toBe(true);
    expect(isAcknowledgementOnly("👍⛳")).toBe(false);
  });
});

describe("expressesConfusion", () => {
  it.each([
    ["Sorry, not sure what you mean", true],
    ["Sorry?", true],
    ["??", true],
    ["What do you mean by the code?", true],
    ["I don't understand, which bay?", true],
    ["What?", true],
    ["Sorry, bay 3 is booked until 9", false],
    ["What time works for you?", false],
  ])("%j → %s", (text, expected) => {
    expect(expressesConfusion(text)).toBe(expected);
  });
});

describe("scoreExchange", () => {
  const base = {
    customerText: "What's the door code?",
    replyText: goodReply,
    replyDelaySeconds: 120,
  };

  it("stays within 0..1", () => {
    const best = scoreExchange(base);
    const worst = scoreExchange({
      customerText: "hmm",
      replyText: "?? sorry?",
      replyDelaySeconds: 60 * 60 * 24,
    });
    expect(best).toBeLessThanOrEqual(1);
    expect(best).toBeGreaterThan(0.9);
    expect(worst).toBeGreaterThanOrEqual(0);
    expect(worst).toBeLessThan(0.1);
  });

  it("prefers replies of reasonable length to very short ones", () => {
    const short = scoreExchange({ ...base, replyText: "4821#" });
    const medium = scoreExchange({ ...base, replyText: "4821# at the side door" });
    expect(short).toBeLessThan(medium);
    expect(medium).toBeLessThan(scoreExchange(base));
  });

  it("prefers question-shaped customer messages", () => {
    expect(scoreExchange({ ...base, customerText: "door code" })).toBeLessThan(scoreExchange(base));
    expect(scoreExchange({ ...base, customerText: "how do I get in" })).toBe(scoreExchange(base));
  });

  it("prefers replies sent 10 s to 30 min later, and penalises very slow ones", () => {
    const at = (replyDelaySeconds: number | null) => scoreExchange({ ...base, replyDelaySeconds });
    expect(at(5)).toBeLessThan(at(120));
    expect(at(60 * 60)).toBeLessThan(at(20 * 60));
    expect(at(7 * 60 * 60)).toBeLessThan(at(60 * 60));
    expect(at(10)).toBe(at(30 * 60));
    // Unknown or impossible delays neither help nor hurt.
    expect(at(null)).toBe(at(60 * 60));
    expect(at(-5)).toBe(at(null));
    expect(at(Number.NaN)).toBe(at(null));
  });

  it("penalises replies that express confusion", () => {
    const confused = scoreExchange({
      ...base,
      replyText: "Sorry, not sure what you mean. Which door are you at right now?",
    });
    expect(confused).toBeLessThan(scoreExchange(base) - 0.25);
  });
});

describe("assessExchange: performance", () => {
  it("handles 10,000-character texts quickly", () => {
    const started = performance.now();
    assessExchange({ customerText: "asdf ".repeat(2_000), replyText: "?".repeat(1_500) });
    assessExchange({ customerText: "Door code? ".repeat(900), replyText: "ok ".repeat(500) });
    expect(performance.now() - started).toBeLessThan(500);
  });
});
