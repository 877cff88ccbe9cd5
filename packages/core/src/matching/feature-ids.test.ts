import { describe, expect, it } from "vitest";
import {
  featureGeneration,
  featureId,
  featureName,
  renumberIfFull,
  TermNumbers,
} from "./feature-ids";
import { analyzeText, TextAnalysis } from "./text-features";

describe("feature numbers", () => {
  it("give each vocabulary its own numbering, kept when the process-wide numbers start afresh", () => {
    const terms = new TermNumbers();
    expect(terms.intern(featureId("c:<doo"))).toBe(0);
    expect(terms.intern(featureId("door"))).toBe(1);
    expect(terms.intern(featureId("c:<doo"))).toBe(0);
    expect(terms.lookup(featureId("b:door cod"))).toBe(-1);

    const generation = featureGeneration();
    renumberIfFull(0);
    expect(featureGeneration()).toBe(generation + 1);
    // New process-wide numbers, numbered in another order: the vocabulary's own numbers do not move.
    const code = featureId("b:door cod");
    const door = featureId("door");
    expect(featureName(door)).toBe("door");
    expect(terms.lookup(door)).toBe(1);
    expect(terms.lookup(featureId("c:<doo"))).toBe(0);
    expect(terms.lookup(code)).toBe(-1);
    expect(terms.intern(code)).toBe(2);
    expect(terms.size).toBe(3);
  });

  it("leave a text's features the same across a renumbering, even for an analysis made before it", () => {
    const text = "Can I book bay {{bay_number}} for tonight, booking for 4?";
    const before = [...new TextAnalysis(text).features({ keepStopWords: true })];
    const kept = analyzeText(text);
    kept.vector();
    renumberIfFull(0);
    expect([...kept.features({ keepStopWords: true })]).toEqual(before);
    expect([...kept.features()]).toEqual([...new TextAnalysis(text).features()]);
  });
});
