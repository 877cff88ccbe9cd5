// Numbers cached per slot (a term's IDF, a doc's exact norm) under one version of the match index: any add or
// remove moves every IDF, so a value read under another version than it was computed under is computed again.

export class VersionedValues {
  private values = new Float64Array(64);
  private versions = new Float64Array(64).fill(-1);

  /** Whether the slot holds a value computed under `version`. */
  has(slot: number, version: number): boolean {
    return this.versions[slot] === version;
  }

  /** The slot's value (check `has` first). */
  get(slot: number): number {
    return this.values[slot]!;
  }

  set(slot: number, version: number, value: number): void {
    this.values[slot] = value;
    this.versions[slot] = version;
  }

  /** Room for slots up to `count`, new ones holding no value. */
  ensure(count: number): void {
    if (count <= this.values.length) return;
    this.values = growFloat64(this.values, count);
    const versions = growFloat64(this.versions, count);
    versions.fill(-1, this.versions.length);
    this.versions = versions;
  }
}

/** A copy at least `needed` long, doubling, with the old values first. */
export function growFloat64(array: Float64Array, needed: number): Float64Array<ArrayBuffer> {
  let length = array.length;
  while (length < needed) length *= 2;
  const grown = new Float64Array(length);
  grown.set(array);
  return grown;
}
