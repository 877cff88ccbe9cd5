// The words each pattern's learned questions use. A message every word of which a pattern's questions already use
// is asking in that pattern's own terms, however its words are put together (a cosine to one example can be low
// for a question a dozen examples cover between them); a question nobody has answered yet borrows words from
// several patterns and is fully covered by none.
import { analyzeText, type TextAnalysis } from "./text-features";

/** Fewer words than this say too little for "every word is familiar" to mean anything. */
const minWords = 2;

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

  /** Whether the pattern's questions use every one of these words (and there are enough of them to tell). */
  knows(patternId: string, words: readonly string[]): boolean {
    if (words.length < minWords) return false;
    const counts = this.words.get(patternId);
    return counts !== undefined && words.every((word) => counts.has(word));
  }
}
