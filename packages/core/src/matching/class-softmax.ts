// The classifier's reading of one message: a softmax over the live patterns from sparse term weights, and the best
// few of them. Pure functions over the model and scratch space the classifier owns.
import type { Weights } from "./sgd-step";

/**
 * Softmax over the live classes (`live[c] === 1`) of the first `count`, written into `scores` (the others get 0)
 * and returned. A model fitted in the background may know fewer classes and terms than there are now.
 */
export function classSoftmax(
  model: Weights,
  terms: Int32Array,
  values: Float64Array,
  live: Uint8Array,
  count: number,
  scores: Float64Array,
): Float64Array {
  const bias = model.bias;
  const known = Math.min(count, bias.length);
  for (let c = 0; c < known; c++) scores[c] = bias[c]!;
  scores.fill(0, known, count);
  const { offsets, lengths, classes, weights, termSlots } = model.terms;
  for (let i = 0; i < terms.length; i++) {
    const term = terms[i]!;
    // A model fitted in the background may not know the term.
    if (term >= termSlots) continue;
    const value = values[i]!;
    const start = offsets[term]!;
    const end = start + lengths[term]!;
    for (let k = start; k < end; k++) {
      const c = classes[k]!;
      scores[c] = scores[c]! + value * weights[k]!;
    }
  }
  let max = -Infinity;
  for (let c = 0; c < count; c++) {
    if (live[c] === 1 && scores[c]! > max) max = scores[c]!;
  }
  let sum = 0;
  for (let c = 0; c < count; c++) {
    const e = live[c] === 1 ? Math.exp(scores[c]! - max) : 0;
    scores[c] = e;
    sum += e;
  }
  for (let c = 0; c < count; c++) scores[c] = scores[c]! / sum;
  return scores;
}

/** The best `limit` live classes in one pass (a partial insertion sort), ties to the older (lower) class. */
export function bestClasses(
  probabilities: Float64Array,
  live: Uint8Array,
  count: number,
  limit: number,
): number[] {
  const top: number[] = [];
  if (limit <= 0) return top;
  let filled = 0;
  // The probability the last of the top must beat; -1 while there is room.
  let bar = -1;
  for (let c = 0; c < count; c++) {
    if (live[c] !== 1) continue;
    const p = probabilities[c]!;
    // Ties go to the older class, already in: a later one must be strictly higher.
    if (filled === limit && !(p > bar)) continue;
    let at = filled < limit ? filled++ : limit - 1;
    while (at > 0 && p > probabilities[top[at - 1]!]!) {
      top[at] = top[at - 1]!;
      at--;
    }
    top[at] = c;
    if (filled === limit) bar = probabilities[top[limit - 1]!]!;
  }
  return top;
}
