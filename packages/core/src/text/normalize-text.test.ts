import { describe, expect, it } from "vitest";
import { normalizeText, textSignature, tokenize } from "./normalize-text";

describe("normalizeText", () => {
  it("lower-cases, folds accents and collapses punctuation", () => {
    expect(normalizeText("  Héllo,   WORLD!! Café-bar ")).toBe("hello world cafe bar");
  });

  it("keeps template placeholders as single words", () => {
    expect(normalizeText("Bay {{ bay_number }} is free at {{time}}.")).toBe(
      "bay {{bay_number}} is free at {{time}}",
    );
  });

  it("tokenizes an empty text to no words", () => {
    expect(tokenize(" ?! ")).toEqual([]);
    expect(tokenize("Door code?")).toEqual(["door", "code"]);
  });
});

describe("textSignature", () => {
  it("is equal for texts that differ only in case and punctuation", () => {
    expect(textSignature("What's the door code?")).toBe(textSignature("whats the DOOR code"));
    expect(textSignature("door code")).not.toBe(textSignature("code door"));
  });
});
