import { describe, expect, it } from "vitest";
import { isLuhnValid, maskPii } from "./mask-pii";

describe("maskPii: phones", () => {
  it.each([
    ["Call me at +19025550123 please", "+19025550123"],
    ["Call me at +1 902 555 0123 please", "+1 902 555 0123"],
    ["Call me at +1 (902) 555-0123 please", "+1 (902) 555-0123"],
    ["Call me at +44 20 7946 0958 please", "+44 20 7946 0958"],
    ["Call me at (902) 555-0123 please", "(902) 555-0123"],
    ["Call me at (902)555-0123 please", "(902)555-0123"],
    ["Call me at 902-555-0123 please", "902-555-0123"],
    ["Call me at 902.555.0123 please", "902.555.0123"],
    ["Call me at 902 555 0123 please", "902 555 0123"],
    ["Call me at 1-902-555-0123 please", "1-902-555-0123"],
    ["Call me at 9025550123 please", "9025550123"],
    ["Call me at 19025550123 please", "19025550123"],
  ])("masks %j", (text, value) => {
    expect(maskPii(text)).toEqual({
      text: "Call me at {{phone}} please",
      found: [{ kind: "phone", value }],
    });
  });

  it("masks a phone at the end of a sentence and keeps the full stop", () => {
    expect(maskPii("My cell is 902-555-0123.").text).toBe("My cell is {{phone}}.");
  });

  it("does not mask digit runs that are too short or too long for a phone", () => {
    expect(maskPii("Order 123456789 and ref 123456789012").found).toEqual([]);
  });
});

describe("maskPii: emails and links", () => {
  it("masks emails", () => {
    expect(maskPii("Send the receipt to Bob.Smith+golf@example.co.uk, thanks")).toEqual({
      text: "Send the receipt to {{email}}, thanks",
      found: [{ kind: "email", value: "Bob.Smith+golf@example.co.uk" }],
    });
  });

  it("masks links with and without a scheme, leaving sentence punctuation", () => {
    const result = maskPii(
      "Book at https://clubhouse.golf/book?bay=3&t=19:00. Or www.clubhouse.golf! Or clubhousegolf.ca/gift.",
    );
    expect(result.text).toBe("Book at {{url}}. Or {{url}}! Or {{url}}.");
    expect(result.found.map((f) => f.value)).toEqual([
      "https://clubhouse.golf/book?bay=3&t=19:00",
      "www.clubhouse.golf",
      "clubhousegolf.ca/gift",
    ]);
  });

  it("does not read the digits of a link as a phone or a card", () => {
    const result = maskPii("Receipt: https://pay.example.com/r/4111111111111111/9025550123");
    expect(result.found).toEqual([
      { kind: "url", value: "https://pay.example.com/r/4111111111111111/9025550123" },
    ]);
  });

  it("does not read an email's domain as a link", () => {
    expect(maskPii("john.co@golf.com").found).toEqual([
      { kind: "email", value: "john.co@golf.com" },
    ]);
  });
});

describe("maskPii: card numbers", () => {
  it.each([
    "4111 1111 1111 1111",
    "4111-1111-1111-1111",
    "4111111111111111",
    "3782 822463 10005",
    "378282246310005",
    "5555 5555 5555 4444",
  ])("masks the Luhn-valid card %j", (card) => {
    expect(maskPii(`Can I pay with ${card} for the gift card?`)).toEqual({
      text: "Can I pay with {{card_number}} for the gift card?",
      found: [{ kind: "card_number", value: card }],
    });
  });

  it("leaves a 16-digit number that fails the Luhn check", () => {
    expect(maskPii("Ticket 4111 1111 1111 1112 is open").found).toEqual([]);
  });

  it("checks Luhn correctly", () => {
    expect(isLuhnValid("79927398713")).toBe(true);
    expect(isLuhnValid("79927398710")).toBe(false);
    expect(isLuhnValid("")).toBe(false);
  });
});

describe("maskPii: access codes", () => {
  it.each([
    ["The door code is 4821# see you soon", "The door code is {{code}}# see you soon", "4821"],
    ["Door code: 4821", "Door code: {{code}}", "4821"],
    ["gate code 7731", "gate code {{code}}", "7731"],
    ["Your access code is A1B2C3", "Your access code is {{code}}", "A1B2C3"],
    ["The code for bay 3 is 4411", "The code for bay 3 is {{code}}", "4411"],
    ["The code for tonight is 5512#", "The code for tonight is {{code}}#", "5512"],
    ["Code changed to 9090", "Code changed to {{code}}", "9090"],
    ["pin is 0420", "pin is {{code}}", "0420"],
    ["passcode: 123456", "passcode: {{code}}", "123456"],
    ["code is #2468", "code is #{{code}}", "2468"],
    ["The code is now 1357", "The code is now {{code}}", "1357"],
    ["Just punch in 4821# at the keypad", "Just punch in {{code}}# at the keypad", "4821"],
  ])("masks %j", (text, masked, value) => {
    expect(maskPii(text)).toEqual({ text: masked, found: [{ kind: "code", value }] });
  });

  it("does not mask words after 'code' or numbers too short to be a code", () => {
    for (const text of [
      "the code is wrong",
      "what's the door code?",
      "The code doesn't work for bay 3",
      "code 12",
      "the pin is at the back of the green",
    ]) {
      expect(maskPii(text).found, text).toEqual([]);
    }
  });
});

describe("maskPii: ordinary numbers stay", () => {
  it.each([
    "See you at 7:30 tonight",
    "Can we come at 7pm or 7 pm?",
    "It's $25 an hour, or $45.50 for two",
    "Bay 3 is free, bay #4 too",
    "Booked for 12/25 and 2026-12-05",
    "We opened in 2019",
    "I'm at 123 Main St, what's the code?",
    "Testing the new bay tonight?",
    "Party of 12 on Dec 5th at 19:00",
  ])("leaves %j unchanged", (text) => {
    expect(maskPii(text)).toEqual({ text, found: [] });
  });
});

describe("maskPii: mixed", () => {
  it("lists findings in text order", () => {
    const result = maskPii(
      "Hi, it's Sarah (902-555-0123, sarah@example.com). Card 4111 1111 1111 1111, door code 4821#",
    );
    expect(result.text).toBe(
      "Hi, it's Sarah ({{phone}}, {{email}}). Card {{card_number}}, door code {{code}}#",
    );
    expect(result.found.map((f) => f.kind)).toEqual(["phone", "email", "card_number", "code"]);
  });

  it("returns an empty text unchanged", () => {
    expect(maskPii("")).toEqual({ text: "", found: [] });
  });

  it.each([
    ["digits", "9".repeat(10_000)],
    ["letters", "a".repeat(10_000)],
    ["spaces after code", `code${" ".repeat(10_000)}x`],
    ["repeated code words", "code for ".repeat(1_200)],
    ["an at-sign run", `${"a.".repeat(5_000)}@`],
    ["dots", `${"a.".repeat(5_000)}x`],
    ["a realistic long message", "Door code is 4821#, call 902-555-0123 at 7pm. ".repeat(230)],
  ])("handles 10,000 characters of %s quickly", (_name, text) => {
    const started = performance.now();
    maskPii(text);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
