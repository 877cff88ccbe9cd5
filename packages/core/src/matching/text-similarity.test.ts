import { describe, expect, it } from "vitest";
import {
  cosineSimilarity,
  sameMeaning,
  sameMeaningThreshold,
  textSimilarity,
} from "./text-similarity";

// Replies an operator might send for the same answer, and for different ones.
const sameReplies: [string, string][] = [
  ["Your door code is {{code}}. Enjoy!", "The door code is {{code}} — enjoy your round"],
  ["Door code is {{code}}", "Your code for the door is {{code}}"],
  [
    "You're booked in bay {{bay_number}} at {{time}}, see you then!",
    "Booked you for {{time}} in bay {{bay_number}}. See you soon",
  ],
  [
    "Refund of {{amount}} has been issued to your card",
    "We issued a {{amount}} refund to your card",
  ],
  [
    "Lessons are {{amount}} per hour with our pro",
    "Our pro charges {{amount}} an hour for lessons",
  ],
  ["Gift cards can be bought online at {{url}}", "You can buy a gift card on our site {{url}}"],
  ["Hey {{customer_name}}, the code is {{code}}", "Hi! Code is {{code}}"],
  ["No problem, I've cancelled your booking", "Done, booking cancelled"],
];

// Same answer in mostly different words: well above unrelated replies, yet below the cautious default.
const looseRephrasings: [string, string][] = [
  [
    "I've reset the sim in bay {{bay_number}}, try now",
    "Reset bay {{bay_number}} for you, give it a go",
  ],
  ["We're open 9am to 11pm every day", "Hours are 9am-11pm daily"],
];

const differentReplies: [string, string][] = [
  ["Your door code is {{code}}. Enjoy!", "We open at {{time}} tomorrow"],
  [
    "You're booked in bay {{bay_number}} at {{time}}, see you then!",
    "Sorry, we're fully booked at {{time}}",
  ],
  ["Lessons are {{amount}} per hour with our pro", "Memberships are {{amount}} per month"],
  ["We're open 9am to 11pm every day", "Gift cards are available at the front desk"],
  ["I've reset the sim in bay {{bay_number}}, try now", "Refund of {{amount}} has been issued"],
  ["ok", "thanks"],
  ["No problem, I've cancelled your booking", "You're booked for {{time}}"],
  ["Bay {{bay_number}} is free at {{time}}", "Bay {{bay_number}} is reset now"],
];

describe("textSimilarity", () => {
  it("is 1 for the same text and texts that differ only in case and punctuation", () => {
    expect(textSimilarity("Door code is {{code}}", "Door code is {{code}}")).toBeCloseTo(1, 10);
    expect(textSimilarity("DOOR code is {{code}}!!", "door code, is {{code}}")).toBeCloseTo(1, 10);
  });

  it("is 0 when either text is empty and for texts with nothing in common", () => {
    expect(textSimilarity("", "door code")).toBe(0);
    expect(textSimilarity("door code", " ?! ")).toBe(0);
    expect(textSimilarity("", "")).toBe(0);
    expect(textSimilarity("door code", "parking lot")).toBe(0);
  });

  it("is symmetric and within [0, 1]", () => {
    for (const [a, b] of [...sameReplies, ...looseRephrasings, ...differentReplies]) {
      const score = textSimilarity(a, b);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
      expect(textSimilarity(b, a)).toBeCloseTo(score, 12);
    }
  });

  it("scores every rephrasing above every different answer", () => {
    const lowestSame = Math.min(...sameReplies.map(([a, b]) => textSimilarity(a, b)));
    const highestDifferent = Math.max(...differentReplies.map(([a, b]) => textSimilarity(a, b)));
    expect(lowestSame).toBeGreaterThan(highestDifferent);
  });
});

describe("sameMeaning", () => {
  it("accepts rephrasings of the same reply", () => {
    for (const [a, b] of sameReplies) expect(sameMeaning(a, b), `${a} / ${b}`).toBe(true);
  });

  it("rejects different replies, even when they share words and variables", () => {
    for (const [a, b] of differentReplies) expect(sameMeaning(a, b), `${a} / ${b}`).toBe(false);
  });

  it("errs on the side of 'different' for loose rephrasings, which a lower threshold accepts", () => {
    for (const [a, b] of looseRephrasings) {
      expect(sameMeaning(a, b), `${a} / ${b}`).toBe(false);
      expect(sameMeaning(a, b, 0.4), `${a} / ${b}`).toBe(true);
      expect(textSimilarity(a, b)).toBeGreaterThan(textSimilarity(a, "Gift cards are {{amount}}"));
    }
  });

  it("honours an explicit threshold", () => {
    const [a, b] = [
      "Your door code is {{code}}. Enjoy!",
      "The door code is {{code}} — enjoy your round",
    ];
    expect(sameMeaning(a, b, 0.99)).toBe(false);
    expect(sameMeaning("ok", "thanks", 0)).toBe(true);
    expect(sameMeaningThreshold).toBeGreaterThan(0);
    expect(sameMeaningThreshold).toBeLessThan(1);
  });
});

describe("cosineSimilarity", () => {
  it("handles empty, disjoint and scaled vectors", () => {
    expect(cosineSimilarity(new Map(), new Map([["a", 1]]))).toBe(0);
    expect(cosineSimilarity(new Map([["a", 1]]), new Map([["b", 1]]))).toBe(0);
    expect(cosineSimilarity(new Map([["a", 2]]), new Map([["a", 5]]))).toBeCloseTo(1, 12);
    expect(
      cosineSimilarity(
        new Map([
          ["a", 1],
          ["b", 1],
        ]),
        new Map([["a", 1]]),
      ),
    ).toBeCloseTo(Math.SQRT1_2, 12);
  });
});
