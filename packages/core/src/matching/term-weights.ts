// The classifier's weights: per term, the classes it holds a weight for, in the order they were added. Every
// term's list lives in one pair of shared arrays (an arena), so reading a term's weights is an offset away instead
// of a chain of objects and buffers scattered over the heap: a fit reads tens of millions of term lists, and the
// chain's cache misses, not the arithmetic, were most of its cost.

/**
 * Classes one term keeps weights for. A word every pattern uses would otherwise hold a weight for each of them,
 * and every message containing it would scan them all; the strongest few carry what the word says.
 */
export const maxClassesPerTerm = 48;
const firstCapacity = 4;

export class TermWeights {
  /** Per term: where its list starts in the arena (meaningless while its capacity is 0). */
  offsets: Int32Array;
  /** Per term: how many classes it holds. */
  lengths: Int32Array;
  private capacities: Int32Array;
  /** The arena: class numbers and their weights, each term's list a slice of them. */
  classes: Int32Array;
  weights: Float32Array;
  private used = 0;

  /** `entries`: how many the arena should hold before it grows (a refit expects about what the last model held). */
  constructor(termCount: number, entries = termCount * firstCapacity) {
    const slots = Math.max(8, termCount);
    this.offsets = new Int32Array(slots);
    this.lengths = new Int32Array(slots);
    this.capacities = new Int32Array(slots);
    this.classes = new Int32Array(Math.max(64, entries));
    this.weights = new Float32Array(this.classes.length);
  }

  /** Arena entries taken (lists and the slices they outgrew). */
  get entries(): number {
    return this.used;
  }

  /** Terms that have a slot (those beyond it hold no weights). */
  get termSlots(): number {
    return this.lengths.length;
  }

  /** Gives terms up to `termCount` a slot. */
  ensureTerms(termCount: number): void {
    if (termCount <= this.lengths.length) return;
    let slots = this.lengths.length;
    while (slots < termCount) slots *= 2;
    this.offsets = grownInt32(this.offsets, slots);
    this.lengths = grownInt32(this.lengths, slots);
    this.capacities = grownInt32(this.capacities, slots);
  }

  /**
   * Adds a class's weight to a term's list; a full list gives up its weakest weight (the first of the weakest) for
   * a stronger one.
   */
  keep(term: number, classIndex: number, weight: number): void {
    this.ensureTerms(term + 1);
    const length = this.lengths[term]!;
    if (length < maxClassesPerTerm) {
      if (length === this.capacities[term]!) this.grow(term);
      const at = this.offsets[term]! + length;
      this.classes[at] = classIndex;
      this.weights[at] = weight;
      this.lengths[term] = length + 1;
      return;
    }
    const weights = this.weights;
    const start = this.offsets[term]!;
    const end = start + length;
    let weakest = start;
    let weakestSize = Math.abs(weights[start]!);
    for (let k = start + 1; k < end; k++) {
      const size = Math.abs(weights[k]!);
      if (size < weakestSize) {
        weakest = k;
        weakestSize = size;
      }
    }
    if (Math.abs(weight) <= weakestSize) return;
    this.classes[weakest] = classIndex;
    this.weights[weakest] = weight;
  }

  /** Copies every list into a fresh arena without the slices lists outgrew (after a fit, which leaves many). */
  compact(): void {
    let size = 0;
    for (let term = 0; term < this.capacities.length; term++) size += this.capacities[term]!;
    const classes = new Int32Array(Math.max(64, size));
    const weights = new Float32Array(classes.length);
    let used = 0;
    for (let term = 0; term < this.capacities.length; term++) {
      const capacity = this.capacities[term]!;
      if (capacity === 0) continue;
      const from = this.offsets[term]!;
      const length = this.lengths[term]!;
      for (let k = 0; k < length; k++) {
        classes[used + k] = this.classes[from + k]!;
        weights[used + k] = this.weights[from + k]!;
      }
      this.offsets[term] = used;
      used += capacity;
    }
    this.classes = classes;
    this.weights = weights;
    this.used = used;
  }

  // Moves a full list to a larger slice at the end of the arena; the slice it leaves is not reused (a model is
  // rebuilt from nothing at every refit, so the waste never outlives one model).
  private grow(term: number): void {
    const capacity = this.capacities[term]!;
    const next = capacity === 0 ? firstCapacity : Math.min(capacity * 2, maxClassesPerTerm);
    if (this.used + next > this.classes.length) {
      let size = this.classes.length;
      while (size < this.used + next) size *= 2;
      const classes = new Int32Array(size);
      classes.set(this.classes.subarray(0, this.used));
      this.classes = classes;
      const weights = new Float32Array(size);
      weights.set(this.weights.subarray(0, this.used));
      this.weights = weights;
    }
    const from = this.offsets[term]!;
    const length = this.lengths[term]!;
    const { classes, weights, used } = this;
    for (let k = 0; k < length; k++) {
      classes[used + k] = classes[from + k]!;
      weights[used + k] = weights[from + k]!;
    }
    this.offsets[term] = this.used;
    this.capacities[term] = next;
    this.used += next;
  }
}

function grownInt32(array: Int32Array, length: number): Int32Array {
  const grown = new Int32Array(length);
  grown.set(array);
  return grown;
}
