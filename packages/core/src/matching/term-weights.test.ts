import { describe, expect, it } from "vitest";
import { maxClassesPerTerm, TermWeights } from "./term-weights";

/** A term's list as (class, weight) pairs, in order. */
function listOf(weights: TermWeights, term: number): [number, number][] {
  if (term >= weights.termSlots) return [];
  const start = weights.offsets[term]!;
  return Array.from({ length: weights.lengths[term]! }, (_, k) => [
    weights.classes[start + k]!,
    weights.weights[start + k]!,
  ]);
}

describe("TermWeights", () => {
  it("keeps each term's classes in the order they came, however the lists interleave and grow", () => {
    const weights = new TermWeights(2, 8);
    const expected = new Map<number, [number, number][]>();
    // Three terms taking turns, past several growths of each list and of the arena, one term beyond the slots.
    for (let step = 0; step < 40; step++) {
      const term = [0, 1, 5][step % 3]!;
      const classIndex = 100 + step;
      weights.keep(term, classIndex, step + 0.5);
      expected.set(term, [...(expected.get(term) ?? []), [classIndex, step + 0.5]]);
    }
    for (const [term, list] of expected) expect(listOf(weights, term)).toEqual(list);
    expect(listOf(weights, 3)).toEqual([]);

    weights.compact();
    for (const [term, list] of expected) expect(listOf(weights, term)).toEqual(list);
    // Lists still grow after compaction.
    weights.keep(1, 7, -2);
    expect(listOf(weights, 1).at(-1)).toEqual([7, -2]);
    expect(listOf(weights, 0)).toEqual(expected.get(0));
  });

  it("stores weights at single precision, as the model always has", () => {
    const weights = new TermWeights(1);
    weights.keep(0, 3, 0.1);
    expect(listOf(weights, 0)).toEqual([[3, Math.fround(0.1)]]);
  });

  it("gives a full list's weakest weight (the first of equals) to a stronger one, and no weaker one", () => {
    const weights = new TermWeights(1);
    for (let c = 0; c < maxClassesPerTerm; c++) weights.keep(0, c, c % 5 === 2 ? 0.25 : 1 + c);
    const before = listOf(weights, 0);

    weights.keep(0, 900, -0.25);
    expect(listOf(weights, 0)).toEqual(before);

    weights.keep(0, 901, -0.5);
    const after = listOf(weights, 0);
    expect(after).toHaveLength(maxClassesPerTerm);
    expect(after[2]).toEqual([901, -0.5]);
    expect(after.filter((_, k) => k !== 2)).toEqual(before.filter((_, k) => k !== 2));
  });
});
