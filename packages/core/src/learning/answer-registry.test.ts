import { describe, expect, it } from "vitest";
import { AnswerRegistry } from "./answer-registry";
import {
  isHoldingReply,
  isSameAnswer,
  sameAnswerSimilarity,
  splitReplyFrame,
  tokenSimilarity,
} from "./reply-framing";

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

describe("finding an answer among many", () => {
  // A seeded vocabulary with a long tail, as real replies have; a fifth of the answers are near copies of
  // another (a word changed or dropped), so the near-duplicate search has something to find.
  function corpus(size: number, seed: number): string[] {
    let state = seed;
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const word = () => `w${Math.floor(Math.exp(random() * Math.log(800))).toString(36)}`;
    const answers: string[] = [];
    for (let i = 0; i < size; i++) {
      const source = answers[Math.floor(random() * answers.length)];
      if (source !== undefined && random() < 0.2) {
        const tokens = source.slice(0, -1).split(" ");
        const at = Math.floor(random() * tokens.length);
        if (random() < 0.5) tokens.splice(at, 1);
        else tokens[at] = word();
        answers.push(`${tokens.join(" ")}.`);
      } else {
        answers.push(`${Array.from({ length: 6 + Math.floor(random() * 18) }, word).join(" ")}.`);
      }
    }
    return answers;
  }

  it("finds what comparing with every answer finds", () => {
    const answers = corpus(700, 7);
    const registry = new AnswerRegistry();
    const ids: string[] = [];
    answers.forEach((answer, i) => {
      // Only answers that are new by the registry's own rule become patterns, as learning does.
      if (registry.find(answer) === undefined) {
        registry.set(`p${i}`, answer);
        ids.push(`p${i}`);
      }
    });
    const keys = ids.map((id) => [id, registry.get(id)!] as const);
    let near = 0;
    for (const [i, answer] of answers.entries()) {
      const reply = registry.keyFor(answer);
      // By brute force: the same core, else the single closest answer at Dice ≥ 0.9.
      const exact = keys.find(([, key]) => key.core === reply.core)?.[0];
      const scored = keys
        .map(([id, key]) => [id, tokenSimilarity(reply.tokens, key.tokens)] as const)
        .filter(([, similarity]) => similarity >= sameAnswerSimilarity)
        .sort((a, b) => b[1] - a[1]);
      const best =
        scored.length > 0 && (scored.length === 1 || scored[0]![1] > scored[1]![1])
          ? scored[0]![0]
          : undefined;
      const expected = exact ?? best;
      if (expected !== undefined && exact === undefined) near += 1;
      expect(registry.find(answer), `answer ${i}`).toBe(expected);
      const own = `p${i}`;
      if (registry.get(own)) {
        const others = keys.filter(([id]) => id !== own).map(([, key]) => key);
        expect(registry.says(answer, own)).toBe(isSameAnswer(reply, registry.get(own)!, others));
      }
    }
    expect(near).toBeGreaterThan(0);
  });
});
