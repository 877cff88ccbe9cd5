// One stochastic-gradient step of the reply classifier's softmax regression on sparse weights, and the seeded order
// its passes take. Kept apart from the classifier, which decides what to learn and when; this is how a step moves
// the weights.
import type { TermWeights } from "./term-weights";

// The fitted model: per term, the classes that ever had a gradient on it with their weights (sparse, since a term
// only ever concerns the few patterns it was confused between), and a bias per class.
export type Weights = { terms: TermWeights; bias: Float64Array };

/** Gradients smaller than this (a class the example was never going to be confused with) are skipped. */
const minGradient = 5e-3;
const confidentEnough = 0.99;
/** At most this many classes are pushed down per step: the ones the example was most confused with. */
const maxRivalsPerStep = 12;
// Seeded so two fits on the same examples give the same model.
const shuffleSeed = 0x9e3779b9;

export type StepInput = {
  /** The model's softmax for the example (every class, 0 for the ones not live). */
  probabilities: Float64Array;
  /** The example's own class. */
  classIndex: number;
  classCount: number;
  rate: number;
};

/** Applies steps, with scratch space sized to the classes (grow it with growClasses). */
export class SgdStepper {
  private readonly rivals: number[] = [];
  // Per class: its step this update (0 = not updated) and the last term that already held it.
  private deltas = new Float64Array(8);
  private seenAt = new Float64Array(8);
  private visit = 0;

  growClasses(size: number): void {
    if (size <= this.deltas.length) return;
    this.deltas = new Float64Array(size);
    this.seenAt = new Float64Array(size);
  }

  apply(model: Weights, terms: Int32Array, values: Float64Array, input: StepInput): void {
    const { probabilities, classIndex, classCount, rate } = input;
    // Already learned with room to spare: nothing to move (most examples after the first passes).
    if ((probabilities[classIndex] ?? 0) >= confidentEnough) return;
    const rivals = this.rivals;
    rivals.length = 0;
    for (let c = 0; c < classCount; c++) {
      if (c !== classIndex && (probabilities[c] ?? 0) >= minGradient) rivals.push(c);
    }
    if (rivals.length > maxRivalsPerStep) {
      rivals.sort((a, b) => (probabilities[b] ?? 0) - (probabilities[a] ?? 0) || a - b);
      rivals.length = maxRivalsPerStep;
    }
    rivals.push(classIndex);
    const deltas = this.deltas;
    for (const c of rivals) {
      const gradient = (probabilities[c] ?? 0) - (c === classIndex ? 1 : 0);
      deltas[c] = -rate * gradient;
      if (c < model.bias.length) model.bias[c] = model.bias[c]! + deltas[c] * 0.1;
    }
    // One scan of each term's list updates the classes it holds; the others are appended.
    const seenAt = this.seenAt;
    const lists = model.terms;
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i]!;
      lists.ensureTerms(term + 1);
      const value = values[i]!;
      const visit = ++this.visit;
      // Read afresh for every term: keeping a weight may have moved the arena.
      const { classes, weights } = lists;
      const start = lists.offsets[term]!;
      const end = start + lists.lengths[term]!;
      for (let k = start; k < end; k++) {
        const c = classes[k]!;
        const delta = deltas[c]!;
        if (delta !== 0) {
          weights[k] = weights[k]! + delta * value;
          seenAt[c] = visit;
        }
      }
      for (let r = 0; r < rivals.length; r++) {
        const c = rivals[r]!;
        if (seenAt[c] !== visit) lists.keep(term, c, deltas[c]! * value);
      }
    }
    for (const c of rivals) deltas[c] = 0;
  }
}

/** xorshift32, seeded: tiny, fast and the same everywhere, so a refit's order is always the same. */
export function seededRandom(): () => number {
  let seed = shuffleSeed;
  return () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4_294_967_296;
  };
}

export function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = items[i]!;
    items[i] = items[j]!;
    items[j] = swap;
  }
}
