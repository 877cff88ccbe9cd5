// The words each pattern's learned questions use. A message every word of which a pattern's questions already use
// is asking in that pattern's own terms, however its words are put together (a cosine to one example can be low
// for a question a dozen examples cover between them); a question nobody has answered yet borrows words from
// several patterns and is fully covered by none.
import { analyzeText, type TextAnalysis } from "./text-features";

/** Fewer words than this say too little for "every word is familiar" to mean anything. */
const minWords = 2;
/**
 * A word one typing slip away from a word of the pattern's questions ("accout", "lonmg", "guafantee") is that
 * word: customers type on phones. Only words this long: among short words one letter makes another word ("card",
 * "hard").
 */
const minTypoLength = 5;
const HAS_DIGIT = /\d/;

export class PatternVocabulary {
  // Per pattern, each word with the number of its questions that use it (so removing one keeps the others').
  private readonly words = new Map<string, Map<string, number>>();

  add(patternId: string, text: string | TextAnalysis): void {
    let counts = this.words.get(patternId);
    if (counts === undefined) {
      counts = new Map();
      this.words.set(patternId, counts);
    }
    for (const word of this.wordsOf(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }

  remove(patternId: string, text: string | TextAnalysis): void {
    const counts = this.words.get(patternId);
    if (counts === undefined) return;
    for (const word of this.wordsOf(text)) {
      const left = (counts.get(word) ?? 0) - 1;
      if (left > 0) counts.set(word, left);
      else counts.delete(word);
    }
  }

  removePattern(patternId: string): void {
    this.words.delete(patternId);
  }

  /** The distinct words of a text as compared here (stemmed, stop words aside). */
  wordsOf(text: string | TextAnalysis): string[] {
    return [...new Set(analyzeText(text).contentWords())];
  }

  /**
   * Whether the pattern's questions use every one of these words, or a word one slip away (and there are enough
   * of them to tell).
   */
  knows(patternId: string, words: readonly string[]): boolean {
    // Numbers (an order number, an amount, a time) are values that differ from customer to customer, not the
    // words a question is asked in.
    const asked = words.filter((word) => !HAS_DIGIT.test(word));
    if (asked.length < minWords) return false;
    const counts = this.words.get(patternId);
    return (
      counts !== undefined &&
      asked.every(
        (word) => counts.has(word) || (word.length >= minTypoLength && nearWord(word, counts)),
      )
    );
  }
}

function nearWord(word: string, known: ReadonlyMap<string, number>): boolean {
  for (const candidate of known.keys()) {
    if (candidate.length >= minTypoLength - 1 && withinOneEdit(word, candidate)) return true;
  }
  return false;
}

/** One letter added, dropped or changed, or two neighbours swapped, turns one into the other (or they are equal). */
export function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  // What differs is a[start, endA) against b[start, endB).
  const left = endA - start;
  const right = endB - start;
  if (left + right <= 1) return true;
  if (left === 1 && right === 1) return true;
  return left === 2 && right === 2 && a[start] === b[start + 1] && a[start + 1] === b[start];
}
