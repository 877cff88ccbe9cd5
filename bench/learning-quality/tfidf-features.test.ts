import { describe, expect, it } from "vitest";
import { fitTfidfFeatures, type SparseVector } from "./tfidf-features";

const texts = ["my card is lost", "card arrived late", "I lost my PIN"];
const features = fitTfidfFeatures(texts);

const norm = (vector: SparseVector) => Math.hypot(...vector.values);

describe("fitTfidfFeatures", () => {
  it("gives a text of known words unit length, and one of unknown words nothing", () => {
    expect(norm(features.vectorise("my card is lost"))).toBeCloseTo(1);
    expect(features.vectorise("zzz qqq").indices).toHaveLength(0);
    expect(features.size).toBeGreaterThan(50);
  });

  it("weighs words by smoothed idf and sublinear counts, the words scaled to half the length", () => {
    // 4 texts: "card" in 3 of them, "lost" in 1; the pair "card lost" in none, so it is left out.
    const corpus = fitTfidfFeatures(["card one", "card two", "card three", "lost four"]);
    const idfCard = Math.log(5 / 4) + 1;
    const idfLost = Math.log(5 / 2) + 1;
    const card = (1 + Math.log(2)) * idfCard;
    const scale = Math.SQRT1_2 / Math.hypot(card, idfLost);
    const { values } = corpus.vectorise("card card lost");
    const has = (expected: number) => values.some((value) => Math.abs(value - expected) < 1e-12);
    expect(has(card * scale)).toBe(true);
    expect(has(idfLost * scale)).toBe(true);
    expect(norm(corpus.vectorise("card card lost"))).toBeCloseTo(1);
  });

  it("knows word pairs and character runs across the words", () => {
    const known = fitTfidfFeatures(["lost card"]);
    const together = known.vectorise("lost card");
    const apart = known.vectorise("card lost");
    // Same words, but only the first has the pair "lost card" and the run "t c".
    expect(together.indices.length).toBeGreaterThan(apart.indices.length);
    expect(norm(apart)).toBeCloseTo(1);
  });

  it("ignores case and spacing", () => {
    expect(features.vectorise("  MY   Card is LOST ")).toEqual(
      features.vectorise("my card is lost"),
    );
  });
});
