import { describe, expect, it } from "vitest";
import { createRandom } from "../testing";
import {
  ProbabilityCalibrator,
  fitCalibration,
  calibratedProbability,
  type Judgment,
} from "./calibrate-probability";
import { ReplyClassifier } from "./reply-classifier";
import { analyzeText } from "./text-features";

const topics = {
  hours: [
    "when do you open",
    "what are your hours today",
    "are you open on sunday",
    "what time do you close",
  ],
  door: [
    "what is the door code",
    "the door is locked",
    "i cant get in the door",
    "code for the front door",
  ],
  gift: [
    "do you sell gift cards",
    "can i buy a gift card",
    "gift card for my dad",
    "how much are gift cards",
  ],
};

function trained(order: number[]) {
  const classifier = new ReplyClassifier();
  const all = Object.entries(topics).flatMap(([topic, texts]) =>
    texts.map((text, i) => ({ id: `${topic}-${i}`, topic, text })),
  );
  for (const index of order) {
    const example = all[index]!;
    classifier.add(example.id, example.topic, example.text);
  }
  classifier.refit();
  return classifier;
}

describe("ReplyClassifier", () => {
  it("ranks the pattern a new phrasing wants first", () => {
    const classifier = trained([...Array(12).keys()]);
    expect(classifier.predict("is the door locked now")[0]?.patternId).toBe("door");
    expect(classifier.predict("are you open sunday morning")[0]?.patternId).toBe("hours");
    const [best, second] = classifier.predict("buy a gift card");
    expect(best?.patternId).toBe("gift");
    expect(best!.probability).toBeGreaterThan(second!.probability);
  });

  it("fits the same model from the same examples, and ranks alike whatever their order", () => {
    const forward = [...Array(12).keys()];
    const a = trained(forward);
    expect(trained(forward).predict("door code please")).toEqual(a.predict("door code please"));
    const reversed = trained([...forward].reverse()).predict("door code please");
    expect(reversed.map((c) => c.patternId)).toEqual(
      a.predict("door code please").map((c) => c.patternId),
    );
  });

  it("refits in the background while it keeps answering, and ranks as an inline refit does", async () => {
    const inline = trained([...Array(12).keys()]);
    const background = new ReplyClassifier({ refit: "background" });
    const all = Object.entries(topics).flatMap(([topic, texts]) =>
      texts.map((text, i) => ({ id: `${topic}-${i}`, topic, text })),
    );
    for (const example of all) background.add(example.id, example.topic, example.text);
    // Answering while a refit may be under way never fails.
    expect(background.predict("what is the door code")[0]?.patternId).toBeDefined();
    await background.settled();
    for (const text of [
      "is the door locked now",
      "are you open sunday morning",
      "buy a gift card",
    ]) {
      expect(background.predict(text)[0]?.patternId).toBe(inline.predict(text)[0]?.patternId);
    }
  });

  it("gives any pattern's probability, the same as predict's, and afresh once the model moved", () => {
    const classifier = trained([...Array(12).keys()]);
    const text = analyzeText("buy a gift card for the door");
    const ranked = classifier.predict(text, 3);
    const ids = [...ranked.map((c) => c.patternId)].reverse();
    expect(classifier.probabilitiesOf(text, [...ids, "unknown"])).toEqual([
      ...ranked.map((c) => c.probability).reverse(),
      0,
    ]);
    // Another text in between, or a step of learning: computed again, never read from another's softmax.
    classifier.predict("what are your hours today");
    expect(classifier.probabilitiesOf(text, ids)).toEqual(
      ranked.map((c) => c.probability).reverse(),
    );
    classifier.predict(text, 3);
    classifier.add("gift-new", "gift", "a gift card for my door man");
    const moved = classifier.probabilitiesOf(text, ids);
    expect(moved).toEqual(
      ids.map((id) => classifier.predict(text, 3).find((c) => c.patternId === id)?.probability),
    );
    expect(moved).not.toEqual(ranked.map((c) => c.probability).reverse());
  });

  it(
    "takes new patterns while a background refit catches up, however many arrive",
    { timeout: 60_000 },
    async () => {
      // A refit steps in the examples that came while it ran, in turns; patterns keep coming during those turns
      // (a first load of thousands). The model it swaps in must span all of them: it once kept the biases it had
      // before the turns, and the next pattern's registration threw (RangeError) once they had doubled twice.
      const classifier = new ReplyClassifier({ refit: "background" });
      let n = 0;
      const addNew = () => {
        classifier.add(`x${n}`, `q${n}`, `question ${n} about thing ${n % 7}`);
        n++;
      };
      for (let i = 0; i < 80; i++) addNew();
      await classifier.settled();
      // Enough examples at once that the catch-up takes many turns.
      for (let i = 0; i < 1500; i++) {
        classifier.add(`o${i}`, `q${i % 4}`, `old question ${i} about ${i % 7}`);
      }
      for (let turn = 0; turn < 60; turn++) {
        for (let k = 0; k < 128; k++) addNew();
        await new Promise((resolve) => setImmediate(resolve));
      }
      await classifier.settled();
      for (let k = 0; k < 3000; k++) addNew();
      classifier.add("last", "last-pattern", "a door code for the last bay please");
      expect(classifier.examplesOf("last-pattern")).toBe(1);
      const [last] = classifier.probabilitiesOf("door code for the last bay", ["last-pattern"]);
      expect(last).toBeGreaterThan(1 / n);
    },
  );

  it("forgets a removed pattern", () => {
    const classifier = trained([...Array(12).keys()]);
    classifier.removeClass("door");
    expect(classifier.predict("what is the door code").map((c) => c.patternId)).not.toContain(
      "door",
    );
  });
});

describe("calibration", () => {
  // Proposals whose real frequency of being right is known: right with probability `truth(evidence)`.
  const truth = (p: number) => 0.1 + 0.85 * p * p;
  function judgments(count: number, seed: number): Judgment[] {
    const random = createRandom(seed);
    return Array.from({ length: count }, () => {
      const p = random();
      return {
        evidence: { probability: p, margin: p / 2, similarity: p, examples: 10 },
        correct: random() < truth(p),
      };
    });
  }

  it("agrees with the observed frequency on a held-out slice", () => {
    const calibration = fitCalibration(judgments(4000, 1))!;
    const heldOut = judgments(4000, 2);
    // Expected calibration error over 10 bins on judgments it never saw.
    const bins = Array.from({ length: 10 }, () => ({ n: 0, predicted: 0, right: 0 }));
    for (const j of heldOut) {
      const p = calibratedProbability(calibration, j.evidence);
      const bin = bins[Math.min(9, Math.floor(p * 10))]!;
      bin.n++;
      bin.predicted += p;
      bin.right += j.correct ? 1 : 0;
    }
    const ece = bins.reduce((sum, b) => sum + Math.abs(b.predicted - b.right), 0) / heldOut.length;
    expect(ece).toBeLessThan(0.03);
  });

  it("gives no probability until enough proposals of each kind were judged", () => {
    const calibrator = new ProbabilityCalibrator();
    const evidence = { probability: 0.9, margin: 0.5, similarity: 0.9, examples: 5 };
    for (let i = 0; i < 39; i++) calibrator.record({ evidence, correct: i % 2 === 0 });
    expect(calibrator.probability(evidence)).toBeNull();
    calibrator.record({ evidence, correct: true });
    calibrator.refit();
    expect(calibrator.probability(evidence)).toBeCloseTo(0.5, 1);
  });
});
