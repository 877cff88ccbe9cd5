// Feature names as numbers. A message has a couple of hundred features ("c:<doo", "b:door cod", "door"), and
// looking each name up in a vocabulary of tens of thousands was most of the cost of reading it. Every name gets one
// process-wide number instead, and each vocabulary (the match index's, the classifier's) keeps its own numbering
// in an array indexed by that number: a name is hashed once, when first seen, not once per message.
//
// The process-wide numbers start afresh (a new generation) once there are too many, so words seen only once in
// a long-lived process do not pile up; each vocabulary then re-reads its numbers through its own names.

/** Names numbered before the numbering starts afresh (a few tens of MB of names at most). */
const maxFeatures = 300_000;

const featureIds = new Map<string, number>();
const featureNames: string[] = [];
let generation = 0;
const resetListeners: (() => void)[] = [];

/** The current generation: numbers from an earlier one mean nothing now. */
export function featureGeneration(): number {
  return generation;
}

/** The number of a feature name in the current generation. */
export function featureId(name: string): number {
  let id = featureIds.get(name);
  if (id === undefined) {
    id = featureNames.length;
    featureIds.set(name, id);
    featureNames.push(name);
  }
  return id;
}

export function featureName(id: number): string {
  const name = featureNames[id];
  if (name === undefined) throw new Error(`feature ${id} is not numbered`);
  return name;
}

/** Starts a new generation when the numbering grew too large; call only between two texts' features. */
export function renumberIfFull(limit = maxFeatures): void {
  if (featureNames.length < limit) return;
  featureIds.clear();
  featureNames.length = 0;
  generation++;
  for (const listener of resetListeners) listener();
}

/** Called whenever a new generation starts (caches of numbers must be dropped). */
export function onRenumber(listener: () => void): void {
  resetListeners.push(listener);
}

/**
 * One vocabulary's own numbering of features (0, 1, 2… in the order it first learned them), with the names as
 * the lasting record and an array from process-wide numbers to its own as the fast path.
 */
export class TermNumbers {
  private readonly byName = new Map<string, number>();
  // Per process-wide number: own number + 1, 0 not looked up yet, -1 known to be absent.
  private byFeature = new Int32Array(1024);
  private seenGeneration = generation;

  get size(): number {
    return this.byName.size;
  }

  /** This vocabulary's number for a feature, or -1 when it has none. */
  lookup(feature: number): number {
    const known = this.slot(feature);
    if (known !== 0) return known > 0 ? known - 1 : -1;
    const term = this.byName.get(featureName(feature));
    this.byFeature[feature] = term === undefined ? -1 : term + 1;
    return term ?? -1;
  }

  /** This vocabulary's number for a feature, numbering it now if it is new. */
  intern(feature: number): number {
    const known = this.slot(feature);
    if (known > 0) return known - 1;
    const name = featureName(feature);
    let term = this.byName.get(name);
    if (term === undefined) {
      term = this.byName.size;
      this.byName.set(name, term);
    }
    this.byFeature[feature] = term + 1;
    return term;
  }

  private slot(feature: number): number {
    if (this.seenGeneration !== generation) {
      this.byFeature.fill(0);
      this.seenGeneration = generation;
    }
    if (feature >= this.byFeature.length) {
      let length = this.byFeature.length;
      while (length <= feature) length *= 2;
      const grown = new Int32Array(length);
      grown.set(this.byFeature);
      this.byFeature = grown;
    }
    return this.byFeature[feature]!;
  }
}
