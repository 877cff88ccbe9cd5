// Reads a customer's answer to the one-question satisfaction text: a 1-5 score, a thumb, or yes/no. Anything that
// does not say one thing clearly ("3 or 4", "yes and no", "not bad", "10", a long message) is not a score: a wrong
// score is worse than none.
import { normalizeText } from "../text/normalize-text";

export type SatisfactionAnswer = {
  kind: "scale" | "thumbs" | "yes_no";
  /** 1-5 for a scale, 1 (good) or 0 (bad) for thumbs and yes/no. */
  value: number;
  /** On one scale, 0 (worst) to 1 (best). */
  score: number;
};

const THUMB_UP = /\u{1F44D}/u;
const THUMB_DOWN = /\u{1F44E}/u;
const yesWords = new Set(["yes", "y", "yeah", "yep", "yup", "sure", "definitely", "absolutely"]);
const noWords = new Set(["no", "n", "nope", "nah"]);
const numberWords: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5 };
// An answer is a few words at most; a longer text is a new message, not an answer.
const MAX_WORDS = 6;

export function parseSatisfactionAnswer(text: string): SatisfactionAnswer | null {
  const up = THUMB_UP.test(text);
  const down = THUMB_DOWN.test(text);
  // "4/5", "4 out of 5", "4 of 5" name one score: the "of 5" is the scale, not a second number.
  const withoutScale = text.toLowerCase().replace(/\s*(?:\/|out of|of)\s*5\b/g, " ");
  let words = normalizeText(withoutScale).split(" ").filter(Boolean);
  if (words.length > MAX_WORDS) return null;
  let no = 0;
  if (words.join(" ").includes("not really")) {
    no += 1;
    words = words.filter((w) => w !== "not" && w !== "really");
  }
  // Any other negation ("not bad", "not 5") turns the meaning around in ways a word list cannot follow.
  if (words.includes("not")) return null;
  const numbers = words.filter((w) => /^\d+$/.test(w) || w in numberWords);
  const yes = words.filter((w) => yesWords.has(w)).length;
  no += words.filter((w) => noWords.has(w)).length;
  const signals = [up, down, numbers.length > 0, yes > 0, no > 0].filter(Boolean).length;
  if (signals !== 1) return null;
  if (up) return { kind: "thumbs", value: 1, score: 1 };
  if (down) return { kind: "thumbs", value: 0, score: 0 };
  if (yes > 0) return { kind: "yes_no", value: 1, score: 1 };
  if (no > 0) return { kind: "yes_no", value: 0, score: 0 };
  if (numbers.length !== 1) return null;
  const word = numbers[0]!;
  const value = numberWords[word] ?? Number(word);
  if (!Number.isInteger(value) || value < 1 || value > 5) return null;
  return { kind: "scale", value, score: (value - 1) / 4 };
}
