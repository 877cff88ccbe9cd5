import { buildSyntheticCorpus, createRandom } from "@playbook/core/testing";
import { describe, expect, it } from "vitest";
import { answerForIntent } from "./golf-operator-replies";

describe("answerForIntent", () => {
  const corpus = buildSyntheticCorpus(600, 8, 11);
  const answers = corpus.map((entry, index) =>
    answerForIntent(entry.examples, createRandom(index)),
  );

  it("recognises the topic of every intent of the synthetic corpus", () => {
    const topics = new Map<string, number>();
    for (const answer of answers) topics.set(answer.topic, (topics.get(answer.topic) ?? 0) + 1);
    expect(topics.has("other")).toBe(false);
    // The corpus has 15 topics drawn evenly; a rule that swallowed another's intents would double its share.
    expect(topics.size).toBe(15);
    for (const count of topics.values()) expect(count).toBeLessThan((600 / 15) * 1.6);
  });

  it("reads a question's topic from its words", () => {
    const random = createRandom(1);
    expect(answerForIntent(["can we plan a birthday party for 8 people"], random).topic).toBe(
      "event",
    );
    expect(answerForIntent(["whats the door code for bedford"], random).topic).toBe("door code");
    expect(answerForIntent(["can i book bay 3 at clayton park"], random).topic).toBe("booking");
  });

  it("greets the customer by name and varies the values an operator would change", () => {
    const answer = answerForIntent(["can i book bay 3 at 7pm for 4 people"], createRandom(2));
    const random = createRandom(3);
    const replies = Array.from({ length: 200 }, () =>
      answer.render(random, { firstName: "Sam", operator: "Dana" }),
    );
    for (const reply of replies) expect(reply).toMatch(/^(Hi|Hey) Sam, you're booked! Bay \d+ at /);
    const bays = replies.map((reply) => /Bay (\d+)/.exec(reply)?.[1]);
    const usualBay = bays[0];
    const usualShare = bays.filter((bay) => bay === usualBay).length / bays.length;
    expect(usualShare).toBeGreaterThan(0.6);
    expect(usualShare).toBeLessThan(0.95);
    expect(new Set(replies).size).toBeGreaterThan(5);
    expect(replies.some((reply) => reply.endsWith(" - Dana"))).toBe(true);
  });

  it("greets a customer without a name without one", () => {
    const answer = answerForIntent(["is bay 2 frozen"], createRandom(2));
    expect(answer.render(createRandom(4), { firstName: null, operator: "Dana" })).toMatch(
      /^(Hi there|Hello), sorry about that!/,
    );
  });
});
