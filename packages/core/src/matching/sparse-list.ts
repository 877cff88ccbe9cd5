// A growable list of (id, weight) pairs in typed arrays: compact and fast to scan. The match index keeps its
// postings in these, the classifier each term's class weights.
export class SparseList {
  ids = new Int32Array(4);
  weights = new Float32Array(4);
  length = 0;

  push(id: number, weight: number): void {
    if (this.length === this.ids.length) {
      const ids = new Int32Array(this.length * 2);
      ids.set(this.ids);
      this.ids = ids;
      const weights = new Float32Array(this.length * 2);
      weights.set(this.weights);
      this.weights = weights;
    }
    this.ids[this.length] = id;
    this.weights[this.length] = weight;
    this.length++;
  }

  /** Keeps only the pairs whose id passes, in order. */
  retain(keep: (id: number) => boolean): void {
    let kept = 0;
    for (let index = 0; index < this.length; index++) {
      const id = this.ids[index] ?? -1;
      if (!keep(id)) continue;
      this.ids[kept] = id;
      this.weights[kept] = this.weights[index] ?? 0;
      kept++;
    }
    this.length = kept;
  }
}

// Postings: removed docs stay as tombstones until compaction.
export class PostingList extends SparseList {
  dead = 0;

  compact(isAlive: (doc: number) => boolean): void {
    this.retain(isAlive);
    this.dead = 0;
  }
}
