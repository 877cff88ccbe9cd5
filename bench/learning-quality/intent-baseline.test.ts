import { describe, expect, it } from "vitest";
import type { LabeledExample } from "./datasets";
import {
  defaultBaselineOptions,
  trainIntentBaseline,
  trainIntentClassifier,
} from "./intent-baseline";

const example = (intent: string, text: string): LabeledExample => ({
  text,
  intent,
  reply: `reply for ${intent}`,
});

const card = [
  "where is my card",
  "my card has not arrived",
  "card still not here",
  "when will my new card arrive",
].map((text) => example("card_arrival", text));
const pin = [
  "my pin is blocked",
  "pin locked after three tries",
  "unblock my pin please",
  "pin blocked what now",
].map((text) => example("pin_blocked", text));
const topUp = [
  "how do I top up",
  "top up failed",
  "add money with a top up",
  "can I top up by bank transfer",
].map((text) => example("top_up", text));

describe("trainIntentClassifier", () => {
  const classifier = trainIntentClassifier([...card, ...pin, ...topUp], {
    inverseRegularisation: 10,
  });

  it("tells the intents of new wordings apart", () => {
    expect(classifier.intents).toEqual(["card_arrival", "pin_blocked", "top_up"]);
    expect(classifier.predict("my card has still not arrived").intent).toBe("card_arrival");
    expect(classifier.predict("PIN blocked!").intent).toBe("pin_blocked");
    expect(classifier.predict("top up please").intent).toBe("top_up");
  });

  it("is surer of a close wording than of one it shares nothing with", () => {
    const close = classifier.predict("my pin is blocked").probability;
    const unrelated = classifier.predict("zebra").probability;
    expect(close).toBeGreaterThan(unrelated);
    expect(unrelated).toBeLessThan(0.5);
  });
});

describe("trainIntentBaseline", () => {
  // In time order: 12 older examples, then the newest 3, one of an intent the older ones never show.
  const learn = [
    ...[0, 1, 2, 3].flatMap((index) => [card[index]!, pin[index]!, topUp[index]!]),
    example("card_arrival", "card has not arrived yet"),
    example("close_account", "close my account"),
    example("pin_blocked", "my pin got blocked"),
  ];
  const baseline = trainIntentBaseline(learn, defaultBaselineOptions);

  it("tunes on the newest fifth with a classifier that has only seen the rest", () => {
    expect(baseline.tuning).toMatchObject({ trainedOn: 12, tunedOn: 3 });
    // The older part never showed "close_account", so that one cannot be right.
    expect(baseline.tuning.accuracy).toBeCloseTo(2 / 3);
  });

  it("sets each threshold to the lowest top probability that keeps the tuning slice precise", () => {
    expect(baseline.tuning.auto).toMatchObject({ count: 2, right: 2, precision: 1 });
    const auto = baseline.tuning.auto!.threshold;
    expect(baseline.decide(auto)).toBe("auto");
    expect(baseline.decide(auto - 1e-9)).toBe("none");
    expect(baseline.decide(1)).toBe("auto");
  });

  it("leaves a band for suggestions when the suggestion target is lower", () => {
    const lenient = trainIntentBaseline(learn, {
      ...defaultBaselineOptions,
      suggestPrecision: 0.6,
    });
    const suggest = lenient.tuning.suggest!.threshold;
    expect(lenient.tuning.suggest).toMatchObject({ count: 3, right: 2 });
    expect(suggest).toBeLessThan(lenient.tuning.auto!.threshold);
    expect(lenient.decide(suggest)).toBe("suggest");
    expect(lenient.decide(suggest - 1e-9)).toBe("none");
  });

  it("refits on the whole learning part, so the newest intent is known too", () => {
    expect(baseline.classifier.intents).toContain("close_account");
    expect(baseline.classifier.predict("close my account please").intent).toBe("close_account");
  });

  it("refuses a learning part too small to hold a tuning slice", () => {
    expect(() => trainIntentBaseline(learn.slice(0, 2))).toThrow(/too few/);
  });
});
