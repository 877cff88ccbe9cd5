// How a customer answered a reply: with thanks, with anger, or neither. Anger is what escalation already calls
// angry (the admin's angry words and shouting), so the two never disagree; thanks is a short list of phrases.
import { detectEscalation, type EscalationWords } from "../learning/detect-escalation";
import { findPhrases, toPhraseHaystack } from "../learning/match-phrases";

export type CustomerReaction = "thanks" | "anger";

const thanksPhrases = [
  "thanks",
  "thank you",
  "thank u",
  "thx",
  "ty",
  "tysm",
  "cheers",
  "appreciate it",
  "much appreciated",
  "perfect",
  "awesome",
  "great",
  "you rock",
  "legend",
];
// "no thanks" and "thanks for nothing" are not gratitude.
const notThanks = ["no thanks", "no thank you", "thanks for nothing", "not great", "not perfect"];

export function detectReaction(text: string, words: EscalationWords): CustomerReaction | null {
  if (detectEscalation(text, words).reasons.includes("angry")) return "anger";
  const haystack = toPhraseHaystack(text);
  if (findPhrases(haystack, notThanks).length > 0) return null;
  return findPhrases(haystack, thanksPhrases).length > 0 ? "thanks" : null;
}
