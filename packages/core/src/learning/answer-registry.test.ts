import { describe, expect, it } from "vitest";
import { AnswerRegistry } from "./answer-registry";
import { isHoldingReply, splitReplyFrame } from "./reply-framing";

const CARD =
  "Cards usually arrive within 5 working days. If yours has not arrived after 10, let us know.";
const PIN = "You can change your PIN at any ATM that offers PIN services, or view it in the app.";
const SHARED = "Thanks for reaching out.";

describe("one answer per pattern", () => {
  it("merges greeting, sign-off and name variants of one answer", () => {
    const answers = new AnswerRegistry();
    answers.set("card", CARD);
    for (const variant of [
      `Hi {{customer_name}}! ${CARD}`,
      `Hello {{customer_name}},\n${CARD} — Priya`,
      `${CARD}\nThanks, Dana`,
      `Good morning! ${CARD} Cheers, Marcus`,
    ]) {
      expect(answers.find(variant)).toBe("card");
      expect(answers.says(variant, "card")).toBe(true);
    }
  });

  it("keeps answers that share a greeting, a sentence and a sign-off apart", () => {
    const answers = new AnswerRegistry();
    answers.set("card", `Hi! ${SHARED} ${CARD} — Priya`);
    expect(answers.find(`Hi! ${SHARED} ${PIN} — Priya`)).toBeUndefined();
    answers.set("pin", `${SHARED} ${PIN}`);
    expect(answers.find(`Hello {{customer_name}}, ${SHARED} ${PIN} Thanks, Dana`)).toBe("pin");
    expect(answers.says(`${SHARED} ${PIN}`, "card")).toBe(false);
  });

  it("sets aside a sentence once three answers share it, so it neither joins nor splits answers", () => {
    const answers = new AnswerRegistry();
    answers.set("card", `${SHARED} ${CARD}`);
    answers.set("pin", `${SHARED} ${PIN}`);
    answers.set("hours", `${SHARED} We are open from nine to nine.`);
    // The same answer without the shared sentence is the same answer now.
    expect(answers.find(PIN)).toBe("pin");
    expect(answers.says(CARD, "card")).toBe(true);
    expect(answers.says(PIN, "card")).toBe(false);
  });

  it("takes a near-identical answer (token similarity ≥ 0.9) only when it is closest to one answer", () => {
    const answers = new AnswerRegistry();
    answers.set("card", CARD);
    expect(answers.find(CARD.replace("10,", "ten,"))).toBe("card");
    expect(answers.find("Cards usually arrive within 5 working days.")).toBeUndefined();
  });

  it("knows a holding reply and what frames a reply", () => {
    expect(isHoldingReply("Hi Sam! Let me check and get back to you. — Priya")).toBe(true);
    expect(isHoldingReply(CARD)).toBe(false);
    expect(splitReplyFrame(`Hi Sam, ${CARD} Thanks, Dana`)).toEqual({
      greeting: "Hi Sam,",
      core: CARD,
      signOff: "Thanks, Dana",
    });
    // A reply that is only a thank-you is its own answer.
    expect(splitReplyFrame("Thanks!").core).toBe("Thanks!");
  });
});
