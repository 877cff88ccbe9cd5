import { describe, expect, it } from "vitest";
import { contentWords, featureFamilyWeights, stemWord, textFeatures } from "./text-features";

function familyLength(features: Map<string, number>, family: "word" | "bigram" | "char"): number {
  let sum = 0;
  for (const [key, value] of features) {
    const keyFamily = key.startsWith("b:") ? "bigram" : key.startsWith("c:") ? "char" : "word";
    if (keyFamily === family) sum += value * value;
  }
  return Math.sqrt(sum);
}

describe("stemWord", () => {
  it("lets plural, -ing and -ed forms meet", () => {
    const book = stemWord("book");
    expect(["booking", "booked", "books"].map(stemWord)).toEqual([book, book, book]);
    const close = stemWord("close");
    expect(["closes", "closing", "closed"].map(stemWord)).toEqual([close, close, close]);
    expect(stemWord("getting")).toBe(stemWord("get"));
    expect(stemWord("bays")).toBe(stemWord("bay"));
    expect(stemWord("parties")).toBe(stemWord("party"));
  });

  it("leaves short words, double letters, placeholders and numbers alone", () => {
    expect(stemWord("called")).toBe("call");
    expect(stemWord("class")).toBe("class");
    expect(stemWord("bus")).toBe("bus");
    expect(stemWord("string")).toBe("string");
    expect(stemWord("{{codes}}")).toBe("{{codes}}");
    expect(stemWord("10pms")).toBe("10pms");
    expect(stemWord("red")).toBe("red");
  });
});

describe("contentWords", () => {
  it("drops stop words and contractions that lost their apostrophe", () => {
    expect(contentWords("What's the door code? I'm outside")).toEqual(["door", "cod", "outsid"]);
    expect(contentWords("You're booked, don't worry")).toEqual(["book", "worry"]);
  });

  it("keeps a message of stop words only", () => {
    expect(contentWords("ok thanks!")).toEqual(["ok", "thank"]);
    expect(contentWords("?!")).toEqual([]);
  });
});

describe("textFeatures", () => {
  it("has no features for an empty or punctuation-only text", () => {
    expect(textFeatures("").size).toBe(0);
    expect(textFeatures(" ?! ").size).toBe(0);
  });

  it("holds words, word pairs and padded character n-grams", () => {
    const features = textFeatures("Door code please");
    expect(features.has("door")).toBe(true);
    expect(features.has("cod")).toBe(true);
    expect(features.has("please")).toBe(false);
    expect(features.has("b:door cod")).toBe(true);
    expect(features.has("c:<do")).toBe(true);
    expect(features.has("c:oor>")).toBe(true);
    expect(features.has("c:<door")).toBe(true);
    // 5-grams at most.
    expect(features.has("c:<door>")).toBe(false);
  });

  it("counts placeholders as words without character n-grams", () => {
    const features = textFeatures("Your code is {{code}}");
    expect(features.has("{{code}}")).toBe(true);
    expect(features.has("b:cod {{code}}")).toBe(true);
    expect([...features.keys()].some((key) => key.startsWith("c:") && key.includes("{"))).toBe(
      false,
    );
  });

  it("scales each family to its weight, however long the text", () => {
    for (const text of [
      "door code",
      "can I book bay 3 tomorrow at noon for four people and bring food",
    ]) {
      const features = textFeatures(text);
      expect(familyLength(features, "word")).toBeCloseTo(featureFamilyWeights.word, 10);
      expect(familyLength(features, "bigram")).toBeCloseTo(featureFamilyWeights.bigram, 10);
      expect(familyLength(features, "char")).toBeCloseTo(featureFamilyWeights.char, 10);
    }
  });

  it("has no word pairs for a single word", () => {
    const features = textFeatures("hours?");
    expect([...features.keys()].some((key) => key.startsWith("b:"))).toBe(false);
    expect(features.get("hour")).toBeCloseTo(1, 10);
  });

  it("dampens repeated words (sublinear term frequency)", () => {
    const features = textFeatures("code code code door");
    const code = features.get("cod") ?? 0;
    const door = features.get("door") ?? 0;
    expect(code / door).toBeCloseTo(1 + Math.log(3), 10);
  });

  it("is deterministic", () => {
    const text = "Can I book bay {{bay_number}} at {{time}}?";
    expect([...textFeatures(text)]).toEqual([...textFeatures(text)]);
  });
});
