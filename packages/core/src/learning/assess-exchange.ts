// Decides whether an exchange is worth learning from, and how good an example it is.
import { normalizeText, tokenize } from "../text/normalize-text";
import { checkReplyTemplate } from "./check-template";

export type VoidReason =
  | "empty_customer_text"
  | "empty_reply"
  | "reply_too_long"
  | "test_message"
  | "acknowledgement_only"
  | "trivial_exchange"
  // The text holds `{{…}}` that is not one of Playbook's variables (or a stray brace): learned, it would become
  // a placeholder nobody can fill, or one that names something other than a value ("{{__proto__}}").
  | "unsafe_template";

export type ExchangeAssessment = {
  learnable: boolean;
  reason: VoidReason | null;
  /** 0..1; 0 for a voided exchange. */
  qualityScore: number;
};

/** OpenPhone refuses messages over 1,600 characters, so a longer reply can never be a template. */
export const maxLearnableReplyChars = 1600;

// Whole messages (normalised) that people send to try the line. Matched as the WHOLE message only: the original
// matched substrings, so "hello" (contains "hell") and anything with "123" were voided.
const testMessages: ReadonlySet<string> = new Set([
  "test",
  "tests",
  "testing",
  "test test",
  "test test test",
  "testing testing",
  "test 123",
  "testing 123",
  "test 1 2 3",
  "testing 1 2 3",
  "test 1",
  "test 2",
  "test message",
  "test msg",
  "this is a test",
  "this is only a test",
  "just a test",
  "just testing",
  "ignore",
  "ignore this",
  "ignore me",
  "please ignore",
  "pls ignore",
  "ignore this message",
  "sorry ignore",
  "asdf",
  "asdfgh",
  "qwerty",
  "qwer",
  "jkl",
  "sdf",
  "hjkl",
  "zxcv",
]);

const keyboardRows = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];

// "asdfg", "jkl", "aaaa": a word typed by running a finger along one keyboard row, or one key held down.
function isKeyboardMash(word: string): boolean {
  if (word.length < 3 || !/^[a-z]+$/.test(word)) return false;
  if (/^(.)\1{3,}$/.test(word)) return true;
  const reversed = [...word].reverse().join("");
  return keyboardRows.some((row) => row.includes(word) || row.includes(reversed));
}

/** Whether the whole message is a test ("test 123", "ignore this", "asdf"); real questions never are. */
export function isTestMessage(text: string): boolean {
  const normalized = normalizeText(text);
  if (normalized === "") return false;
  if (testMessages.has(normalized)) return true;
  const words = normalized.split(" ");
  return words.every(isKeyboardMash);
}

// Replies that only acknowledge. Matched as sequences of whole phrases ("ok thanks", "sounds good, will do").
const acknowledgementPhrases: readonly string[] = [
  "ok",
  "okay",
  "okey",
  "k",
  "kk",
  "okie",
  "sure",
  "thanks",
  "thank you",
  "thank u",
  "thanx",
  "thx",
  "ty",
  "tysm",
  "np",
  "no problem",
  "no prob",
  "no worries",
  "sounds good",
  "will do",
  "got it",
  "gotcha",
  "youre welcome",
  "your welcome",
  "welcome",
  "cheers",
  "noted",
  "you too",
  "so much",
  "very much",
  "again",
  "a lot",
];
const acknowledgementEmoji: ReadonlySet<string> = new Set([
  "👍",
  "👌",
  "🙏",
  "✅",
  "🙂",
  "😊",
  "🤙",
]);

// "👍🏽!" is an acknowledgement: skin tones and variation selectors are dropped before comparing.
function isAcknowledgementEmojiOnly(text: string): boolean {
  const symbols = [...text.replace(/\p{Emoji_Modifier}|\u{FE0F}/gu, "")].filter(
    (c) => !/[\s!.]/.test(c),
  );
  return symbols.length > 0 && symbols.every((c) => acknowledgementEmoji.has(c));
}

/** Whether the text is nothing but acknowledgement phrases ("ok", "Thanks!", "sounds good 👍"). */
export function isAcknowledgementOnly(text: string): boolean {
  const words = tokenize(text);
  if (words.length === 0) return isAcknowledgementEmojiOnly(text);
  // Cover the words left to right with whole phrases (longest first); a word no phrase covers means content.
  const phrases = acknowledgementPhrases
    .map((p) => p.split(" "))
    .sort((a, b) => b.length - a.length);
  let i = 0;
  while (i < words.length) {
    const phrase = phrases.find((p) => p.every((w, j) => words[i + j] === w));
    if (!phrase) return false;
    i += phrase.length;
  }
  return true;
}

// Words or marks that show the operator did not understand the customer.
const confusionPatterns: readonly RegExp[] = [
  /\bnot sure what you mean\b/i,
  /\bwhat do you mean\b/i,
  /\bdon'?t understand\b/i,
  /\bdidn'?t (?:understand|get that)\b/i,
  /\bcould you clarify\b|\bcan you clarify\b|\bplease clarify\b/i,
  /\bsorry\s{0,3}\?/i,
  /\?\?/,
  /^\s{0,3}(?:what|huh|pardon)\s{0,3}\?/i,
  /\bhuh\b/i,
];

/** Whether a reply says the operator did not understand ("not sure what you mean", "sorry?", "??"). */
export function expressesConfusion(text: string): boolean {
  return confusionPatterns.some((pattern) => pattern.test(text));
}

const questionStarts: ReadonlySet<string> = new Set(
  "what whats when where which who whos why how hows can could is are do does did will would should may any".split(
    " ",
  ),
);

function isQuestionShaped(text: string): boolean {
  return text.includes("?") || questionStarts.has(tokenize(text)[0] ?? "");
}

const minutes = 60;
const hours = 60 * minutes;

/**
 * Quality of a learnable exchange, 0..1, starting from 0.5. Reply length matters most: a few words rarely make
 * a reusable answer. A question-shaped customer message and a reply sent 10 s to 30 min later score higher;
 * a reply sent within 10 s (likely automatic) or after more than 6 hours, and a confused reply, score lower.
 */
export function scoreExchange(input: {
  customerText: string;
  replyText: string;
  replyDelaySeconds?: number | null;
}): number {
  let score = 0.5;
  const replyWords = tokenize(input.replyText).length;
  if (replyWords < 3) score -= 0.25;
  else if (replyWords < 6) score -= 0.05;
  else if (replyWords <= 80) score += 0.2;
  else if (replyWords > 150) score -= 0.1;

  if (isQuestionShaped(input.customerText)) score += 0.15;

  const delay = input.replyDelaySeconds;
  if (typeof delay === "number" && Number.isFinite(delay) && delay >= 0) {
    if (delay < 10) score -= 0.05;
    else if (delay <= 30 * minutes) score += 0.15;
    else if (delay > 6 * hours) score -= 0.2;
  }

  if (expressesConfusion(input.replyText)) score -= 0.3;
  return Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000;
}

function voided(reason: VoidReason): ExchangeAssessment {
  return { learnable: false, reason, qualityScore: 0 };
}

/**
 * Voids exchanges with nothing to learn (empty or emoji-only texts, test messages, one-word exchanges,
 * acknowledgement-only replies, replies too long to be an SMS, texts with braces that are not Playbook's
 * variables) and scores the rest.
 */
export function assessExchange(input: {
  customerText: string;
  replyText: string;
  replyDelaySeconds?: number | null;
}): ExchangeAssessment {
  const customerWords = tokenize(input.customerText);
  const replyWords = tokenize(input.replyText);
  if (customerWords.length === 0) return voided("empty_customer_text");
  // A test is a test whatever the answer ("test" → "ok" is a test, not an acknowledgement).
  if (isTestMessage(input.customerText) || isTestMessage(input.replyText))
    return voided("test_message");
  if (isAcknowledgementOnly(input.replyText)) return voided("acknowledgement_only");
  if (replyWords.length === 0) return voided("empty_reply");
  if (input.replyText.trim().length > maxLearnableReplyChars) return voided("reply_too_long");
  if (customerWords.length === 1 && replyWords.length === 1) return voided("trivial_exchange");
  if (!checkReplyTemplate(input.customerText).ok || !checkReplyTemplate(input.replyText).ok) {
    return voided("unsafe_template");
  }
  return { learnable: true, reason: null, qualityScore: scoreExchange(input) };
}
