import { describe, expect, it } from "vitest";
import { defaultSettings } from "../settings/settings";
import { detectEscalation as detectWith } from "./detect-escalation";

const detectEscalation = (text: string) => detectWith(text, defaultSettings);

describe("detectEscalation: human requested", () => {
  it.each([
    "Can I speak to a manager?",
    "can i talk to someone please",
    "I want to talk to a real person",
    "Let me speak with the owner",
    "get me a human",
    "I need a person, not a bot",
    "HUMAN",
    "Manager please",
    "real person!",
    "Can you call me? 902-555-0123",
    "Is this a bot?",
  ])("%j", (text) => {
    const result = detectEscalation(text);
    expect(result.escalate).toBe(true);
    expect(result.reasons).toContain("human_requested");
  });

  it.each([
    "Someone left their clubs in bay 2",
    "Can someone let me in? I'm at the side door",
    "Is the manager's special still on?",
    "My friend is a real person lol, can he join?",
    "We're 4 people, is bay 3 free?",
  ])("not for %j", (text) => {
    expect(detectEscalation(text).reasons).not.toContain("human_requested");
  });
});

describe("detectEscalation: angry", () => {
  it.each([
    ["wtf the sim froze again", "wtf"],
    ["This is ridiculous", "ridiculous"],
    ["Terrible service tonight", "terrible service"],
    ["what the hell, the door is locked", "hell"],
    ["Worst experience ever", "worst"],
    ["this is a scam", "scam"],
    ["I want a refund now", "refund now"],
    ["Totally unacceptable.", "unacceptable"],
    ["THE SCREEN IS FROZEN AGAIN", "THE SCREEN IS FROZEN AGAIN"],
    ["bay 3 still broken!!!", "!!!"],
  ])("%j matches %j", (text, match) => {
    const result = detectEscalation(text);
    expect(result.reasons).toContain("angry");
    expect(result.matched).toContain(match);
  });

  it.each([
    "hello, is bay 2 free?",
    "Shell station next door, is parking there ok?",
    "Thanks, that was the best round ever!",
    "Can I book bay 3 at 7pm OK?",
    "Is the TV on in BAY 3?",
    "Great night!",
    "I passed the class",
  ])("not for %j", (text) => {
    expect(detectEscalation(text).reasons).not.toContain("angry");
  });
});

describe("detectEscalation: urgent", () => {
  it.each([
    ["There's a fire alarm going off", "fire"],
    ["Emergency, someone got hit by a ball and is bleeding", "emergency"],
    ["I need this fixed ASAP", "asap"],
    ["We're locked in and can't get out", "locked in"],
    ["The bathroom is flooding", "flooding"],
    ["My son is hurt", "hurt"],
    ["Call an ambulance", "ambulance"],
  ])("%j matches %j", (text, match) => {
    const result = detectEscalation(text);
    expect(result.reasons).toContain("urgent");
    expect(result.matched).toContain(match);
  });

  it.each([
    "Can you fire up bay 3 for us?",
    "We're locked in for 7pm right?",
    "A warm-up wouldn't hurt, is bay 2 free early?",
    "Firefly tournament signups?",
  ])("not for %j", (text) => {
    expect(detectEscalation(text).reasons).not.toContain("urgent");
  });

  it("still fires when a harmless use sits beside a real one", () => {
    expect(detectEscalation("We fired up bay 3 and now there is a fire").reasons).toEqual([
      "urgent",
    ]);
  });
});

describe("detectEscalation: combined and ordinary", () => {
  it("lists every reason in a fixed order with unique matches", () => {
    const result = detectEscalation("WTF!!! Get me a manager NOW, this is an emergency, wtf");
    expect(result.escalate).toBe(true);
    expect(result.reasons).toEqual(["human_requested", "angry", "urgent"]);
    expect(result.matched.filter((m) => m === "wtf")).toHaveLength(1);
  });

  it.each([
    "What's the door code?",
    "Can I book bay 3 for 7pm?",
    "Do you sell gift cards?",
    "The screen in bay 4 is frozen",
    "",
  ])("does not escalate %j", (text) => {
    expect(detectEscalation(text)).toEqual({ escalate: false, reasons: [], matched: [] });
  });

  it("handles 10,000 characters quickly", () => {
    const started = performance.now();
    detectEscalation("A".repeat(10_000));
    detectEscalation("NO ".repeat(3_300));
    const result = detectEscalation(`${"please help ".repeat(830)} speak to a manager`);
    expect(performance.now() - started).toBeLessThan(500);
    expect(result.reasons).toEqual(["human_requested"]);
  });
});
