// Scratch structures one search of the match index reuses: a heap of the best docs, and the query's term weights
// in a table small enough to stay in the CPU's cache.

/** Fixed-size min-heap of (score, doc): keeps the best `capacity` docs seen. */
export class TopDocs {
  readonly scores: Float64Array;
  readonly docs: Int32Array;
  size = 0;

  constructor(readonly capacity: number) {
    this.scores = new Float64Array(capacity);
    this.docs = new Int32Array(capacity);
  }

  offer(score: number, doc: number): void {
    if (this.size < this.capacity) {
      let index = this.size++;
      while (index > 0) {
        const parent = (index - 1) >> 1;
        const parentScore = this.scores[parent] ?? 0;
        if (parentScore <= score) break;
        this.scores[index] = parentScore;
        this.docs[index] = this.docs[parent] ?? 0;
        index = parent;
      }
      this.scores[index] = score;
      this.docs[index] = doc;
      return;
    }
    if (score <= (this.scores[0] ?? 0)) return;
    let index = 0;
    for (;;) {
      const left = index * 2 + 1;
      if (left >= this.size) break;
      const right = left + 1;
      const leftScore = this.scores[left] ?? 0;
      const rightScore = right < this.size ? (this.scores[right] ?? 0) : Infinity;
      const child = rightScore < leftScore ? right : left;
      const childScore = Math.min(leftScore, rightScore);
      if (childScore >= score) break;
      this.scores[index] = childScore;
      this.docs[index] = this.docs[child] ?? 0;
      index = child;
    }
    this.scores[index] = score;
    this.docs[index] = doc;
  }
}

/**
 * A query's term weights by term number, open-addressed with linear probing. Scoring a doc looks up each of its
 * terms: in an array with a slot for every term the index has seen (megabytes, once the index is large) nearly
 * every lookup misses the cache; this table holds a few hundred slots.
 */
export class QueryTable {
  private keys = new Int32Array(256).fill(-1);
  private values = new Float64Array(256);
  private mask = 255;
  private readonly used: number[] = [];

  /** Empties the table and makes room for `count` terms at most half full. */
  reset(count: number): void {
    for (const slot of this.used) this.keys[slot] = -1;
    this.used.length = 0;
    if (count * 2 > this.keys.length) {
      let size = this.keys.length;
      while (count * 2 > size) size *= 2;
      this.keys = new Int32Array(size).fill(-1);
      this.values = new Float64Array(size);
      this.mask = size - 1;
    }
  }

  /** Sets a term's weight (a term set twice keeps the last). */
  set(term: number, value: number): void {
    let slot = Math.imul(term, 0x9e3779b1) & this.mask;
    for (;;) {
      const key = this.keys[slot]!;
      if (key === term || key === -1) break;
      slot = (slot + 1) & this.mask;
    }
    if (this.keys[slot] === -1) this.used.push(slot);
    this.keys[slot] = term;
    this.values[slot] = value;
  }

  /** The term's weight; 0 when it is not in the query. */
  get(term: number): number {
    let slot = Math.imul(term, 0x9e3779b1) & this.mask;
    for (;;) {
      const key = this.keys[slot]!;
      if (key === term) return this.values[slot]!;
      if (key === -1) return 0;
      slot = (slot + 1) & this.mask;
    }
  }
}
