// The baseline Playbook is compared with: an intent classifier (TF-IDF + softmax regression) trained on the learning
// part's questions, which proposes the predicted intent's canned reply, automatically or as a suggestion when its
// top probability clears a threshold tuned on the newest part of the learning history.
import type { LabeledExample } from "./datasets";
import { lowestThresholdAtPrecision, type ThresholdPoint } from "./precision-threshold";
import { trainSoftmaxRegression } from "./softmax-regression";
import { fitTfidfFeatures } from "./tfidf-features";

export interface IntentPrediction {
  intent: string;
  /** The classifier's probability of that intent, its highest. */
  probability: number;
}

export interface IntentClassifier {
  intents: readonly string[];
  predict(text: string): IntentPrediction;
}

export interface ClassifierOptions {
  /** scikit-learn's C. */
  inverseRegularisation: number;
}

export function trainIntentClassifier(
  examples: readonly LabeledExample[],
  options: ClassifierOptions,
): IntentClassifier {
  const intents = [...new Set(examples.map((example) => example.intent))].sort();
  const classOf = new Map(intents.map((intent, index) => [intent, index]));
  const features = fitTfidfFeatures(examples.map((example) => example.text));
  const model = trainSoftmaxRegression(
    examples.map((example) => ({
      x: features.vectorise(example.text),
      label: classOf.get(example.intent)!,
    })),
    { classes: intents.length, dimension: features.size },
    { inverseRegularisation: options.inverseRegularisation },
  );
  return {
    intents,
    predict(text) {
      const probabilities = model.probabilities(features.vectorise(text));
      let best = 0;
      for (let k = 1; k < probabilities.length; k++) {
        if (probabilities[k]! > probabilities[best]!) best = k;
      }
      return { intent: intents[best]!, probability: probabilities[best]! };
    },
  };
}

export type BaselineDecision = "auto" | "suggest" | "none";

export interface BaselineOptions extends ClassifierOptions {
  /** The newest share of the learning part, held back to tune the thresholds. */
  tuningShare: number;
  autoPrecision: number;
  suggestPrecision: number;
}

export const defaultBaselineOptions: BaselineOptions = {
  // Weak regularisation suits sparse TF-IDF text features; fixed, not tuned on the test part.
  inverseRegularisation: 10,
  tuningShare: 0.2,
  autoPrecision: 0.99,
  suggestPrecision: 0.95,
};

export interface BaselineTuning {
  trainedOn: number;
  tunedOn: number;
  /** Share of the tuning slice whose intent the classifier got right. */
  accuracy: number;
  /** The lowest threshold on top probability reaching each precision on the tuning slice; null when none does. */
  auto: ThresholdPoint | null;
  suggest: ThresholdPoint | null;
}

export interface IntentBaseline {
  classifier: IntentClassifier;
  tuning: BaselineTuning;
  decide(probability: number): BaselineDecision;
}

/**
 * Tunes on the newest `tuningShare` of `learn` (which is in time order) with a classifier trained on the rest, then
 * refits on all of it. Precision while tuning is the classifier's own: the predicted intent is the labelled one.
 */
export function trainIntentBaseline(
  learn: readonly LabeledExample[],
  options: BaselineOptions = defaultBaselineOptions,
): IntentBaseline {
  const cut = Math.round(learn.length * (1 - options.tuningShare));
  const older = learn.slice(0, cut);
  const newer = learn.slice(cut);
  if (older.length === 0 || newer.length === 0) {
    throw new Error(`${learn.length} examples are too few to tune on ${options.tuningShare}`);
  }
  const tuner = trainIntentClassifier(older, options);
  const candidates = newer.map((example) => {
    const prediction = tuner.predict(example.text);
    return { value: prediction.probability, right: prediction.intent === example.intent };
  });
  const tuning: BaselineTuning = {
    trainedOn: older.length,
    tunedOn: newer.length,
    accuracy: candidates.filter((candidate) => candidate.right).length / candidates.length,
    auto: lowestThresholdAtPrecision(candidates, options.autoPrecision, candidates.length),
    suggest: lowestThresholdAtPrecision(candidates, options.suggestPrecision, candidates.length),
  };
  const autoAt = tuning.auto?.threshold ?? Infinity;
  const suggestAt = tuning.suggest?.threshold ?? Infinity;
  return {
    classifier: trainIntentClassifier(learn, options),
    tuning,
    decide: (probability) =>
      probability >= autoAt ? "auto" : probability >= suggestAt ? "suggest" : "none",
  };
}
