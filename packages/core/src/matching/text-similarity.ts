// Similarity of two short texts without any corpus: do two replies (or a reply and a proposal) say the same thing?
import { textFeatures } from "./text-features";

/**
 * Tuned on the reply pairs in text-similarity.test.ts: close rephrasings score 0.5-0.9, different answers that
 * share words and variables reach 0.46. Set on the cautious side: an edited reply wrongly counted as "the same"
 * would inflate a pattern's confidence, while a rephrasing counted as "different" only costs a little learning.
 */
export const sameMeaningThreshold = 0.5;

/** Cosine of two feature vectors; 0 when either is empty. Clamped so rounding never leaves [0, 1]. */
export function cosineSimilarity(
  a: ReadonlyMap<string, number>,
  b: ReadonlyMap<string, number>,
): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [key, value] of small) {
    const other = large.get(key);
    if (other !== undefined) dot += value * other;
  }
  if (dot === 0) return 0;
  let normA = 0;
  for (const value of a.values()) normA += value * value;
  let normB = 0;
  for (const value of b.values()) normB += value * value;
  return Math.min(1, Math.max(0, dot / Math.sqrt(normA * normB)));
}

/** How alike two texts are in [0, 1], by their words, word pairs and character n-grams (no IDF). */
export function textSimilarity(a: string, b: string): number {
  return cosineSimilarity(textFeatures(a), textFeatures(b));
}

/** True when two texts say the same thing closely enough to count as one reply. */
export function sameMeaning(a: string, b: string, threshold = sameMeaningThreshold): boolean {
  return textSimilarity(a, b) >= threshold;
}
