import { describe, expect, it } from "vitest";
import { exampleTrackRecord } from "../matching/calibrate-probability";
import { MatchIndex } from "../matching/match-index";
import type { ReplyClassifier } from "../matching/reply-classifier";
import { buildSyntheticCorpus, createRandom, paraphraseText } from "../matching/synthetic-corpus";
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

// The classifier's own ranking, to compare with what propose makes of it.
const classifierOf = (index: PatternIndex) =>
  (index as unknown as { classifier: ReplyClassifier }).classifier;

describe("PatternIndex.propose at thousands of patterns", () => {
  it(
    "orders by the nearest learned example where the classifier has no opinion",
    { timeout: 120_000 },
    async () => {
      // 2,000 patterns of 2 examples each: the classifier's softmax spreads so thin that for most messages no
      // pattern gets 10%, and its own ranking is far below the nearest example's.
      const corpus = buildSyntheticCorpus(2_000, 2, 2026);
      const index = new PatternIndex(60_000, { priorJudgments: exampleTrackRecord() });
      const plain = new MatchIndex();
      for (const { patternId, examples } of corpus) {
        index.addTrigger(patternId, examples[0] ?? patternId, `Answer of ${patternId}.`);
      }
      for (const { patternId, examples } of corpus) {
        examples.forEach((text, position) => {
          const id = `${patternId}:${position}`;
          index.addExample({ id, patternId, text }, { deferFit: true });
          plain.add({ id, patternId, text });
        });
        plain.add({ id: `trigger:${patternId}`, patternId, text: examples[0] ?? patternId });
      }
      const fit = { id: "fit", patternId: corpus[0]!.patternId, text: "one more phrasing" };
      index.addExample(fit);
      plain.add(fit);
      await index.settled();

      const random = createRandom(7);
      let proposedRight = 0;
      let classifierRight = 0;
      let flat = 0;
      const queries = 300;
      for (let i = 0; i < queries; i++) {
        const pattern = corpus[Math.floor(random() * corpus.length)]!;
        const text = paraphraseText(pattern.examples[i % 2] ?? "", i);
        const proposal = index.propose(text);
        const top = proposal.candidates[0];
        if (top?.patternId === pattern.patternId) proposedRight++;
        const [best] = classifierOf(index).predict(text, 1);
        if (best?.patternId === pattern.patternId) classifierRight++;
        if ((best?.probability ?? 0) < 0.1) {
          flat++;
          // The nearest example's pattern comes first, with the classifier's probability beside it.
          expect(top?.patternId).toBe(plain.search(text).candidates[0]?.patternId);
          expect(top?.probability).toBeLessThan(0.1);
          expect(proposal.margin).toBeCloseTo(plain.search(text).margin, 10);
        }
      }
      expect(flat).toBeGreaterThan(queries / 4);
      expect(proposedRight / queries).toBeGreaterThan(0.95);
      expect(classifierRight / queries).toBeLessThan(0.9);
    },
  );
});
