import { describe, expect, it } from "vitest";
import {
  adaptiveTimeoutMinutes,
  isClosingPhrase,
  medianOf,
  shouldStartNewConversation,
} from "./conversation-boundaries";

describe("isClosingPhrase", () => {
  it.each([
    "Thanks!",
    "Thank you for coming in!",
    "Thanks for your patience, Mike.",
    "You're all set.",
    "All set!",
    "you're all set for 7pm in bay 3",
    "Bay 3 is booked for 7pm. You're all set!",
    "See you soon!",
    "See you then",
    "See you tomorrow, Sarah 👋",
    "Have a great night!",
    "Have a good day",
    "Enjoy your round!",
    "Enjoy the game",
    "Enjoy!",
    "No problem!",
    "Glad to help",
    "Happy to help!",
    "Take care",
    "Anytime!",
    "The door code is 4821#. Have a great time!",
    "Sounds good, see you then!",
    "Restarted the sim, should be good now. Enjoy the rest of your night",
    "You're welcome!",
    "Booked! See you at 7:30 https://clubhouse.golf/map?bay=3",
  ])("closes on %j", (text) => {
    expect(isClosingPhrase(text)).toBe(true);
  });

  it.each([
    "Thanks! What time works for you?",
    "All set? Let me know if the screen freezes again",
    "Have a great night! Did the code work?",
    "Thanks for letting me know, I'll reset bay 3 remotely in a minute",
    "You're all set, but please bring the card you booked with and show it at the desk on arrival",
    "No problem, the code is 4821#",
    "Bay 3 is free at 7pm",
    "Can you see your ball on the screen",
    "Enjoy 20% off gift cards this week when you buy online at the front desk",
    "",
    "   ",
  ])("does not close on %j", (text) => {
    expect(isClosingPhrase(text)).toBe(false);
  });

  it("handles a 10,000-character message quickly", () => {
    const started = performance.now();
    isClosingPhrase(`${"see you ".repeat(1_250)}`);
    isClosingPhrase(`${"a".repeat(10_000)}. Thanks!`);
    expect(performance.now() - started).toBeLessThan(500);
    expect(isClosingPhrase(`${"Bay 3 is ready. ".repeat(600)}Take care`)).toBe(true);
  });
});

describe("medianOf", () => {
  it("takes the middle value, or the mean of the two middle values", () => {
    expect(medianOf([5, 1, 3])).toBe(3);
    expect(medianOf([4, 1, 3, 2])).toBe(2.5);
    expect(medianOf([])).toBeNull();
  });

  it("ignores negative, NaN and infinite values", () => {
    expect(medianOf([-5, Number.NaN, Number.POSITIVE_INFINITY, 10, 20])).toBe(15);
    expect(medianOf([-1, Number.NaN])).toBeNull();
  });
});

describe("adaptiveTimeoutMinutes", () => {
  it("is five times the median gap", () => {
    expect(adaptiveTimeoutMinutes([20, 30, 40])).toBe(150);
    expect(adaptiveTimeoutMinutes([20, 30, 40, 50])).toBe(175);
  });

  it("clamps to 60..1440 minutes", () => {
    expect(adaptiveTimeoutMinutes([1, 2, 3])).toBe(60);
    expect(adaptiveTimeoutMinutes([0])).toBe(60);
    expect(adaptiveTimeoutMinutes([600, 700])).toBe(1440);
  });

  it("falls back to 60 when no gap is valid", () => {
    expect(adaptiveTimeoutMinutes([])).toBe(60);
    expect(adaptiveTimeoutMinutes([-3, Number.NaN, Number.NEGATIVE_INFINITY])).toBe(60);
  });

  it("ignores invalid gaps instead of letting them move the median", () => {
    expect(adaptiveTimeoutMinutes([100, -1000, Number.NaN, 100, Number.POSITIVE_INFINITY])).toBe(
      500,
    );
  });

  it("honours its options", () => {
    expect(adaptiveTimeoutMinutes([10], { factor: 2, minMinutes: 5 })).toBe(20);
    // A maximum below the minimum is raised to the minimum rather than inverting the clamp.
    expect(adaptiveTimeoutMinutes([10], { maxMinutes: 30 })).toBe(60);
    expect(adaptiveTimeoutMinutes([100], { maxMinutes: 120 })).toBe(120);
    expect(adaptiveTimeoutMinutes([], { fallbackMinutes: 90 })).toBe(90);
    expect(adaptiveTimeoutMinutes([], { fallbackMinutes: 10 })).toBe(60);
  });
});

describe("shouldStartNewConversation", () => {
  const at = (hhmm: string) => new Date(`2026-03-06T${hhmm}:00Z`);
  const base = {
    lastMessageAt: at("19:00"),
    now: at("19:30"),
    lastOutboundText: "Bay 3 is free at 8pm, want it?",
    lastOutboundAt: at("19:00"),
    lastInboundAt: at("18:55"),
    timeoutMinutes: 60,
  };

  it("continues a conversation within the timeout", () => {
    expect(shouldStartNewConversation(base)).toEqual({ newConversation: false, reason: null });
  });

  it("starts a new one after the idle timeout, and not at exactly the timeout", () => {
    expect(shouldStartNewConversation({ ...base, now: at("20:01") })).toEqual({
      newConversation: true,
      reason: "idle_timeout",
    });
    expect(shouldStartNewConversation({ ...base, now: at("20:00") }).newConversation).toBe(false);
  });

  it("starts a new one when the operator's last message closed the conversation", () => {
    const closed = { ...base, lastOutboundText: "You're all set, see you at 8!" };
    expect(shouldStartNewConversation(closed)).toEqual({
      newConversation: true,
      reason: "closing_phrase",
    });
  });

  it("does not use a closing phrase the customer has already answered", () => {
    expect(
      shouldStartNewConversation({
        ...base,
        lastOutboundText: "You're all set, see you at 8!",
        lastInboundAt: at("19:05"),
        lastMessageAt: at("19:05"),
      }),
    ).toEqual({ newConversation: false, reason: null });
  });

  it("does not close on a question or without an operator message", () => {
    expect(
      shouldStartNewConversation({ ...base, lastOutboundText: "Thanks! What time works for you?" })
        .newConversation,
    ).toBe(false);
    expect(
      shouldStartNewConversation({ ...base, lastOutboundText: null, lastOutboundAt: null }).reason,
    ).toBeNull();
  });

  it("treats a closing phrase with no inbound message yet as the operator's last word", () => {
    expect(
      shouldStartNewConversation({ ...base, lastInboundAt: null, lastOutboundText: "Thanks!" })
        .reason,
    ).toBe("closing_phrase");
  });

  it("falls back to a 60-minute timeout when the timeout is invalid", () => {
    for (const timeoutMinutes of [0, -5, Number.NaN]) {
      expect(shouldStartNewConversation({ ...base, timeoutMinutes }).newConversation).toBe(false);
      expect(shouldStartNewConversation({ ...base, timeoutMinutes, now: at("20:01") }).reason).toBe(
        "idle_timeout",
      );
    }
  });
});
