// What a reply says, apart from how it is framed: a leading greeting and a trailing sign-off are the writer's
// style, not the answer. One pattern is one answer, so answers are compared (and judged) without them.
import { normalizeText } from "../text/normalize-text";

export type ReplyFrame = { greeting: string; core: string; signOff: string };

// A name after a greeting or a sign-off: one to three capitalised words, or a placeholder.
const NAME = String.raw`(?:\{\{\s{0,3}[a-z_]{1,40}\s{0,3}\}\}|\p{Lu}[\p{L}'’.-]{0,30}(?:\s{1,3}\p{Lu}[\p{L}'’.-]{0,30}){0,2})`;
const GREETING_WORDS = String.raw`hi|hello|hey|hiya|howdy|greetings|dear|good\s{1,3}(?:morning|afternoon|evening|day)`;
const GREETING = new RegExp(
  String.raw`^\s{0,5}(?:${GREETING_WORDS})(?:\s{1,3}(?:there|all|team|everyone))?(?:\s{0,3},?\s{0,3}${NAME})?\s{0,3}(?:[,!.:;—–-]{1,3}|$)\s{0,5}`,
  "iu",
);
const SIGN_OFF_WORDS = String.raw`thanks|thank\s{1,3}you|many\s{1,3}thanks|cheers|best|best\s{1,3}regards|kind\s{1,3}regards|regards|warmly|sincerely|talk\s{1,3}soon|take\s{1,3}care|all\s{1,3}the\s{1,3}best|have\s{1,3}a\s{1,3}(?:great|good|nice|lovely|wonderful)\s{1,3}(?:day|one|evening|night|weekend)`;
// "Thanks, Priya", "Cheers!", "Have a great day!", "— Priya", "-Dana": at the very end, after the answer.
const SIGN_OFF = new RegExp(
  String.raw`(?:^|[\s.!?])\s{0,5}(?:(?:${SIGN_OFF_WORDS})(?:\s{0,3}[,!.]{0,3}\s{0,3}${NAME})?|[—–~-]{1,2}\s{0,3}${NAME})\s{0,3}[!.]{0,3}\s{0,5}$`,
  "iu",
);

/**
 * Splits a reply into its greeting, its answer and its sign-off. Each is taken off only when something is left:
 * a reply that is nothing but "Thanks!" is its own answer.
 */
export function splitReplyFrame(text: string): ReplyFrame {
  let core = text;
  let greeting = "";
  const opening = GREETING.exec(core);
  if (opening && opening[0].length < core.length && hasWords(core.slice(opening[0].length))) {
    greeting = opening[0].trim();
    core = core.slice(opening[0].length);
  }
  let signOff = "";
  // Two passes: "Thanks! — Priya" is a thank-you and a signature.
  for (let pass = 0; pass < 2; pass++) {
    const closing = SIGN_OFF.exec(core);
    if (!closing) break;
    const start = closing.index + (/^[\s.!?]/.test(closing[0]) ? 1 : 0);
    const rest = core.slice(0, start);
    if (!hasWords(rest)) break;
    signOff = `${core.slice(start).trim()}${signOff ? ` ${signOff}` : ""}`;
    core = rest;
  }
  return { greeting, core: core.trim(), signOff };
}

const hasWords = (text: string) => /[\p{L}\p{N}]/u.test(text);

/** The answer of a reply, normalised (case, punctuation, spaces): two replies with equal cores say the same. */
export function answerCore(text: string): string {
  return normalizeText(splitReplyFrame(text).core);
}

/** Dice coefficient over token multisets: 2·|common| / (|a| + |b|), in [0, 1]. */
export function tokenSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const token of a) counts.set(token, (counts.get(token) ?? 0) + 1);
  let common = 0;
  for (const token of b) {
    const left = counts.get(token) ?? 0;
    if (left > 0) {
      common++;
      counts.set(token, left - 1);
    }
  }
  return (2 * common) / (a.length + b.length);
}

/** Near-identical answers: token similarity of their cores at least this (and closest to each other). */
export const sameAnswerSimilarity = 0.9;

/** An answer as the strict rule compares it: its normalised core and that core's tokens. */
export type AnswerKey = { core: string; tokens: string[] };

/**
 * The strict rule, for learning ("is this the same answer as a pattern's?") and for judging ("did the operator
 * send what was proposed?") alike: equal cores, or token similarity ≥ 0.9 and higher than to any other answer.
 * `others` are the other patterns' answers; the best of them must be strictly less similar.
 */
export function isSameAnswer(
  reply: AnswerKey,
  answer: AnswerKey,
  others: Iterable<AnswerKey> = [],
): boolean {
  if (reply.core === answer.core) return true;
  const similarity = tokenSimilarity(reply.tokens, answer.tokens);
  if (similarity < sameAnswerSimilarity) return false;
  for (const other of others) {
    if (other.core === answer.core) continue;
    if (tokenSimilarity(reply.tokens, other.tokens) >= similarity) return false;
  }
  return true;
}

// "Let me check and get back to you": said to questions the operator cannot answer yet, so it is learned from
// every kind of unknown question and would otherwise become an automatic answer to all of them.
const HOLDING =
  /\b(?:let me (?:check|find out|look|ask|see)|ill (?:check|find out|look into|ask|get back)|(?:get|getting|be) back to you|find out for you|look(?:ing)? into (?:it|this|that)|check with (?:the|my|our)|someone will (?:reach out|contact|be in touch|get)|well be in touch|be in touch shortly|one moment|give me a (?:minute|moment|sec))\b/;

/** Whether a reply only promises an answer later rather than giving one. */
export function isHoldingReply(text: string): boolean {
  return HOLDING.test(answerCore(text));
}
