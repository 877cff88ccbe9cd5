import { describe, expect, it } from "vitest";
import { exampleTrackRecord } from "../matching/calibrate-probability";
import { PatternIndex } from "./pattern-index";

function learnedIndex(trackRecord: number): PatternIndex {
  const index = new PatternIndex(60_000, { priorJudgments: exampleTrackRecord(trackRecord) });
  index.addTrigger("hours", "When do you open on Sunday?", "We open at 9.");
  index.addTrigger("parking", "Is there parking near you?", "Yes, behind the building.");
  const phrasings = {
    hours: ["what time do you open sunday", "are you open sunday morning", "sunday opening hours"],
    parking: ["where can i park", "is parking free near you", "any parking behind the building"],
  };
  for (const [patternId, texts] of Object.entries(phrasings)) {
    texts.forEach((text, i) => index.addExample({ id: `${patternId}-${i}`, patternId, text }));
  }
  return index;
}

describe("PatternIndex.propose: the calibration's reading", () => {
  it("gives the precision above beside the probability, and a short track record cannot reach 99%", () => {
    const question = "what time do you open on sunday";
    const seasoned = learnedIndex(2000).propose(question);
    expect(seasoned.candidates[0]?.patternId).toBe("hours");
    expect(seasoned.probability).not.toBeNull();
    expect(seasoned.precisionAbove).toBeGreaterThanOrEqual(0.99);
    // 200 judgments (the sure and similar ones, about 70, all right) cannot show 99% with 95% confidence, however
    // sure this one is.
    const young = learnedIndex(200).propose(question);
    expect(young.probability).not.toBeNull();
    expect(young.precisionAbove).toBeLessThan(0.99);
  });
});
