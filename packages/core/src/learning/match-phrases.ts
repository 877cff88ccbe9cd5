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
  return phrases.filter((phrase) => haystack.includes(` ${phrase} `));
}
