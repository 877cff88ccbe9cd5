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
  const padded = paddedPhrases(phrases);
  const found: string[] = [];
  for (let i = 0; i < padded.length; i += 1) {
    if (haystack.includes(padded[i]!)) found.push(phrases[i]!);
  }
  return found;
}

// The lists are module constants, checked for every message: pad each phrase once, not on every call.
const padding = new WeakMap<readonly string[], string[]>();
function paddedPhrases(phrases: readonly string[]): string[] {
  let padded = padding.get(phrases);
  if (!padded) {
    padded = phrases.map((phrase) => ` ${phrase} `);
    padding.set(phrases, padded);
  }
  return padded;
}
