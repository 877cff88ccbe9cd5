// TF-IDF features of short messages for the baseline classifier: word 1-2 grams and character 3-5 grams, sublinear
// term frequency, smoothed inverse document frequency, each kind scaled to unit length (as scikit-learn's
// TfidfVectorizer does, with the two kinds side by side as in a FeatureUnion).

export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
}

export interface TfidfFeatures {
  /** Number of features: n-grams seen in the texts it was fitted on. */
  size: number;
  /** Unseen n-grams are left out; a text with none it knows gives an empty vector. */
  vectorise(text: string): SparseVector;
}

function normalise(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

function wordGrams(text: string): string[] {
  const words = text.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? [];
  const grams = words.map((word) => `w ${word}`);
  for (let index = 1; index < words.length; index++) {
    grams.push(`w ${words[index - 1]} ${words[index]}`);
  }
  return grams;
}

function charGrams(text: string): string[] {
  // Padded, so that a word at either end gets its own start and end grams like the rest.
  const padded = ` ${text} `;
  const grams: string[] = [];
  for (let length = 3; length <= 5; length++) {
    for (let start = 0; start + length <= padded.length; start++) {
      grams.push(`c ${padded.slice(start, start + length)}`);
    }
  }
  return grams;
}

const kinds = [wordGrams, charGrams];

function countGrams(grams: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const gram of grams) counts.set(gram, (counts.get(gram) ?? 0) + 1);
  return counts;
}

export function fitTfidfFeatures(texts: readonly string[]): TfidfFeatures {
  const vocabulary = new Map<string, number>();
  const documentFrequency: number[] = [];
  for (const text of texts) {
    const normalised = normalise(text);
    for (const kind of kinds) {
      for (const gram of new Set(kind(normalised))) {
        let index = vocabulary.get(gram);
        if (index === undefined) {
          index = vocabulary.size;
          vocabulary.set(gram, index);
          documentFrequency.push(0);
        }
        documentFrequency[index] = (documentFrequency[index] ?? 0) + 1;
      }
    }
  }
  const idf = Float64Array.from(
    documentFrequency,
    (frequency) => Math.log((1 + texts.length) / (1 + frequency)) + 1,
  );
  // Each kind gets unit length, then both are scaled so that the whole vector has unit length too.
  const kindScale = 1 / Math.sqrt(kinds.length);

  return {
    size: vocabulary.size,
    vectorise(text) {
      const normalised = normalise(text);
      const indices: number[] = [];
      const values: number[] = [];
      for (const kind of kinds) {
        const first = values.length;
        for (const [gram, count] of countGrams(kind(normalised))) {
          const index = vocabulary.get(gram);
          if (index === undefined) continue;
          indices.push(index);
          values.push((1 + Math.log(count)) * (idf[index] ?? 0));
        }
        let squares = 0;
        for (let at = first; at < values.length; at++) squares += values[at]! ** 2;
        const scale = squares === 0 ? 0 : kindScale / Math.sqrt(squares);
        for (let at = first; at < values.length; at++) values[at] = values[at]! * scale;
      }
      return { indices: Int32Array.from(indices), values: Float64Array.from(values) };
    },
  };
}
