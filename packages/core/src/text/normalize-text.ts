// Text normalisation shared by learning, matching and signatures: one definition of "the same words".
import { createHash } from "node:crypto";

/**
 * Lower-cases, folds accents, turns every run of non-letter/non-digit characters into one space and trims.
 * `{{variable}}` placeholders survive as single words (`{{bay_number}}`), so templates normalise stably.
 */
export function normalizeText(text: string): string {
  const folded = text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    // "what's" and "whats" are the same word.
    .replace(/['\u2019]/g, "");
  // Placeholders are kept whole; everything between them loses its punctuation.
  return folded
    .split(/(\{\{\s*[a-z0-9_]+\s*\}\})/)
    .map((part) =>
      part.startsWith("{{") ? part.replace(/\s+/g, "") : part.replace(/[^\p{L}\p{N}]+/gu, " "),
    )
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
}

/** The words of a text after normalisation (placeholders included as words). */
export function tokenize(text: string): string[] {
  const normalized = normalizeText(text);
  return normalized === "" ? [] : normalized.split(" ");
}

/** Stable fingerprint of a text's normalised form: equal only for texts with the same words in the same order. */
export function textSignature(text: string): string {
  return createHash("sha256").update(normalizeText(text)).digest("hex").slice(0, 32);
}

// Words too common to say anything about what a message is about.
export const stopWords: ReadonlySet<string> = new Set(
  (
    "a an the and or but if then so to of in on at by for from with about as into over under up down out off " +
    "is am are was were be been being do does did have has had can could will would shall should may might must " +
    "i me my mine we us our ours you your yours he him his she her hers it its they them their theirs this that " +
    "these those there here what which who whom whose when where why how not no yes just also too very really " +
    "hi hello hey please thanks thank ok okay im i'm its it's any some all get got"
  ).split(" "),
);
