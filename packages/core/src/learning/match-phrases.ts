// Whole-word phrase lookup on normalised text: "hell" never matches inside "hello", and nothing backtracks.
import { normalizeText } from "../text/normalize-text";

/** A text prepared for repeated phrase lookups: its normalised words with a space on each side. */
export type PhraseHaystack = string;

export function toPhraseHaystack(text: string): PhraseHaystack {
  return ` ${normalizeText(text)} `;
}

/**
 * The phrases (written normalised: lower-case, no apostrophes, single spaces) that occur in the text as whole
 * words, in the order given.
 */
export function findPhrases(haystack: PhraseHaystack, phrases: readonly string[]): string[] {
  const list = phraseList(phrases);
  const grams = wordSequences(haystack, list.maxWords);
  return phrases.filter((phrase) => grams.has(phrase));
}

// The lists are module constants, checked for every message: measure each list once, not on every call.
const lists = new WeakMap<readonly string[], { maxWords: number }>();
function phraseList(phrases: readonly string[]): { maxWords: number } {
  let list = lists.get(phrases);
  if (!list) {
    list = { maxWords: Math.max(1, ...phrases.map((phrase) => phrase.split(" ").length)) };
    lists.set(phrases, list);
  }
  return list;
}

// Every run of up to n consecutive words of the haystacks looked at last: one text is checked against many lists
// in a row (and an exchange's two texts in turns, list by list), and a set lookup per phrase beats a scan of the
// text per phrase. A few are kept, so two texts checked in turns do not rebuild each other's sets every time.
type Grams = { text: string; maxWords: number; grams: Set<string> };
const recentHaystacks: Grams[] = [];
const recentKept = 4;
function wordSequences(haystack: PhraseHaystack, maxWords: number): Set<string> {
  const at = recentHaystacks.findIndex((entry) => entry.text === haystack);
  const cached = at >= 0 ? recentHaystacks[at]! : null;
  if (cached && cached.maxWords >= maxWords) return cached.grams;
  const words = haystack.trim().split(" ").filter(Boolean);
  const n = Math.max(maxWords, cached?.maxWords ?? 0);
  const grams = new Set<string>();
  for (let start = 0; start < words.length; start += 1) {
    let gram = "";
    for (let end = start; end < Math.min(words.length, start + n); end += 1) {
      gram = end === start ? words[end]! : `${gram} ${words[end]}`;
      grams.add(gram);
    }
  }
  if (at >= 0) recentHaystacks.splice(at, 1);
  recentHaystacks.unshift({ text: haystack, maxWords: n, grams });
  if (recentHaystacks.length > recentKept) recentHaystacks.pop();
  return grams;
}
