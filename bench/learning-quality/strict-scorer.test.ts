import { describe, expect, it } from "vitest";
import {
  createStrictScorer,
  diceSimilarity,
  normaliseText,
  replyTokens,
  stripGreetingAndSignOff,
} from "./strict-scorer";

const answer = "Cards usually arrive within 5 working days.";

describe("stripGreetingAndSignOff", () => {
  it.each([
    `Hi Sam! ${answer}`,
    `Hello Sam, ${answer}`,
    `Hi there! ${answer}`,
    `hey, ${answer}`,
    `Good morning Mary Ann, ${answer}`,
    `Dear {name},\n${answer}`,
    `${answer} — Priya`,
    `${answer} - Dana`,
    `${answer}\nThanks, Dana`,
    `${answer} Cheers, Marcus`,
    `${answer} Best regards,\nJo Smith`,
    `${answer} Have a great day!`,
    `Hello Sam! ${answer} Have a lovely weekend! — Priya`,
    answer,
  ])("finds the answer in %j", (text) => {
    expect(stripGreetingAndSignOff(text)).toBe(answer);
  });

  it("keeps words that only look like a greeting or a sign-off", () => {
    // No punctuation closes the greeting; "best" and the dash in "top-up" do not start a sign-off.
    expect(stripGreetingAndSignOff("Hello Cards are sent by post.")).toBe(
      "Hello Cards are sent by post.",
    );
    expect(stripGreetingAndSignOff("Pick the plan that suits you best.")).toBe(
      "Pick the plan that suits you best.",
    );
    expect(stripGreetingAndSignOff("Use a top-up")).toBe("Use a top-up");
    expect(stripGreetingAndSignOff("Thanks for reaching out. Cards arrive in 5 days.")).toBe(
      "Thanks for reaching out. Cards arrive in 5 days.",
    );
  });

  it("leaves a message that is nothing but a greeting as it is", () => {
    expect(stripGreetingAndSignOff("Thanks!")).toBe("Thanks!");
  });
});

describe("normaliseText and replyTokens", () => {
  it("sets case, punctuation, apostrophes and spacing aside", () => {
    expect(normaliseText("  Don't   WAIT: it's\n6-digit!! ")).toBe("dont wait its 6 digit");
    expect(replyTokens("Hi Sam!  Don't wait. — Priya")).toEqual(["dont", "wait"]);
  });
});

describe("diceSimilarity", () => {
  it("counts common tokens as multisets", () => {
    expect(diceSimilarity(["a", "a", "b"], ["a", "b", "b"])).toBeCloseTo(4 / 6);
    expect(diceSimilarity(["a", "a"], ["a"])).toBeCloseTo(2 / 3);
    expect(diceSimilarity(["a"], ["b"])).toBe(0);
    expect(diceSimilarity([], [])).toBe(1);
  });
});

describe("createStrictScorer", () => {
  // Two intents whose answers differ by one word in twenty.
  const soon =
    "Cards usually arrive within 5 working days and if yours has not arrived after that please let us know today";
  const late =
    "Cards usually arrive within 9 working days and if yours has not arrived after that please let us know today";
  const scorer = createStrictScorer(
    new Map([
      ["card_soon", soon],
      ["card_late", late],
      ["age_limit", "You need to be 18 or older to open an account."],
    ]),
  );
  const sent = `Hello Sam, ${soon}. Thanks, Dana`;

  it("takes the same answer dressed differently", () => {
    expect(scorer.isRight(`Hi there! ${soon.toUpperCase()}!! — Priya`, sent, "card_soon")).toBe(
      true,
    );
  });

  it("takes a near copy that is closer to the operator's reply than to any other answer", () => {
    expect(scorer.isRight(`${soon} or tomorrow`, sent, "card_soon")).toBe(true);
  });

  it("refuses another intent's answer, however similar", () => {
    expect(diceSimilarity(replyTokens(late), replyTokens(sent))).toBeGreaterThanOrEqual(0.9);
    expect(scorer.isRight(late, sent, "card_soon")).toBe(false);
  });

  it("refuses a reply under the similarity bar and no reply at all", () => {
    const short = "Cards usually arrive within 5 working days.";
    expect(scorer.isRight(short, sent, "card_soon")).toBe(false);
    expect(scorer.isRight(null, sent, "card_soon")).toBe(false);
    expect(scorer.isRight(undefined, sent, "card_soon")).toBe(false);
  });

  it("refuses an intent it has no canned reply for", () => {
    expect(() => scorer.isRight(soon, sent, "crypto")).toThrow(/crypto/);
    expect(() => scorer.carriesCannedReply(soon, "crypto")).toThrow(/crypto/);
  });

  it("tells whether a proposal holds an intent's canned reply word for word, whatever surrounds it", () => {
    expect(
      scorer.carriesCannedReply(`Happy to help with that! ${soon.toLowerCase()}.`, "card_soon"),
    ).toBe(true);
    expect(scorer.carriesCannedReply(late, "card_soon")).toBe(false);
    // Whole words only: "Xyou" is not "you".
    expect(
      scorer.carriesCannedReply("Xyou need to be 18 or older to open an account.", "age_limit"),
    ).toBe(false);
    expect(
      scorer.carriesCannedReply("So, you need to be 18 or older to open an account!", "age_limit"),
    ).toBe(true);
    expect(scorer.carriesCannedReply(null, "card_soon")).toBe(false);
  });
});
