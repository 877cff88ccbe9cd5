import { describe, expect, it } from "vitest";
import { buildSyntheticCorpus, createRandom, paraphraseText } from "./synthetic-corpus";

describe("createRandom", () => {
  it("repeats for a seed, differs across seeds and stays in [0, 1)", () => {
    const first = createRandom(7);
    const again = createRandom(7);
    const other = createRandom(8);
    const values = Array.from({ length: 1_000 }, () => first());
    expect(Array.from({ length: 1_000 }, () => again())).toEqual(values);
    expect(Array.from({ length: 1_000 }, () => other())).not.toEqual(values);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(990);
  });
});

describe("buildSyntheticCorpus", () => {
  it("is deterministic for a seed", () => {
    expect(buildSyntheticCorpus(50, 3, 1)).toEqual(buildSyntheticCorpus(50, 3, 1));
    expect(buildSyntheticCorpus(50, 3, 2)).not.toEqual(buildSyntheticCorpus(50, 3, 1));
  });

  it("makes the requested number of distinct patterns and examples", () => {
    const corpus = buildSyntheticCorpus(2_000, 4, 3);
    expect(corpus).toHaveLength(2_000);
    expect(new Set(corpus.map((pattern) => pattern.patternId)).size).toBe(2_000);
    expect(corpus.every((pattern) => pattern.examples.length === 4)).toBe(true);
    const texts = corpus.flatMap((pattern) => pattern.examples);
    expect(texts.every((text) => text.split(" ").length >= 4)).toBe(true);
    // Varied enough that nearly every example is its own text.
    expect(new Set(texts).size).toBeGreaterThan(texts.length * 0.99);
    expect(texts.some((text) => /door|code|pin|passcode/.test(text))).toBe(true);
    expect(texts.some((text) => /gift/.test(text))).toBe(true);
  });

  it("handles zero patterns", () => {
    expect(buildSyntheticCorpus(0, 3, 1)).toEqual([]);
  });
});

describe("paraphraseText", () => {
  it("changes the text a little, deterministically", () => {
    const text = "can i book bay 3 at bedford tomorrow at 7pm for 2 people";
    const paraphrase = paraphraseText(text, 5);
    expect(paraphrase).toBe(paraphraseText(text, 5));
    expect(paraphrase).not.toBe(text);
    const words = new Set(text.split(" "));
    const kept = paraphrase.split(" ").filter((word) => words.has(word)).length;
    expect(kept).toBeGreaterThanOrEqual(words.size - 4);
  });

  it("never drops the only words of a short text", () => {
    expect(paraphraseText("", 1)).toBe("");
    expect(paraphraseText("any tee", 1)).toBe("any tee");
    // A synonym is always swapped in when there is one (perhaps with a typo).
    for (const seed of [1, 2, 3, 4])
      expect(paraphraseText("hours", seed)).toHaveLength("opening hours".length);
  });
});
