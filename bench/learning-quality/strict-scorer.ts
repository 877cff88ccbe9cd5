// Judges a proposed reply against what the operator actually sent, from the two texts alone, the way a scorer
// outside the product would: the product's own `matched` verdict is never consulted.

// Keywords are matched in any case, but names are told apart by their capital letter, so the patterns cannot use
// the `i` flag (with `u`, it would let \p{Lu} match lower-case letters too).
function anyCase(phrase: string): string {
  return phrase
    .split(" ")
    .map((word) =>
      [...word]
        .map((char) =>
          char.toLowerCase() === char.toUpperCase()
            ? char.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
            : `[${char.toLowerCase()}${char.toUpperCase()}]`,
        )
        .join(""),
    )
    .join("\\s+");
}

const oneOf = (phrases: readonly string[]) => `(?:${phrases.map(anyCase).join("|")})`;

// One or two capitalised words ("Sam", "Mary Ann", "O'Neil"), or a placeholder a template left unfilled.
const NAME = String.raw`(?:\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)?|\{\{?\s*[\w ]+?\s*\}\}?|\[[\w ]+\])`;

const greetingWords = [
  "hi",
  "hello",
  "hey",
  "hiya",
  "howdy",
  "greetings",
  "dear",
  "good morning",
  "good afternoon",
  "good evening",
  "good day",
  "morning",
  "afternoon",
  "evening",
];
const greetingAddressees = ["there", "all", "everyone", "team", "folks", "friend"];

// A greeting must end in punctuation, a dash or a line break: "Hello Cards usually arrive…" is left alone, since
// without one there is no telling where the greeting ends.
const leadingGreeting = new RegExp(
  String.raw`^\s*${oneOf(greetingWords)}(?:\s*,?\s+(?:${oneOf(greetingAddressees)}|${NAME}))?\s*(?:[!,.:;]+|[—–-]+|\n|$)\s*`,
  "u",
);

const closingPhrases = [
  "thanks",
  "thank you",
  "thanks again",
  "many thanks",
  "thanks so much",
  "cheers",
  "best",
  "best wishes",
  "best regards",
  "kind regards",
  "warm regards",
  "warmly",
  "regards",
  "all the best",
  "take care",
  "talk soon",
  "sincerely",
  "yours",
  ...["have a great", "have a good", "have a nice", "have a lovely", "have a wonderful"].flatMap(
    (start) => ["day", "one", "evening", "weekend"].map((end) => `${start} ${end}`),
  ),
];

// A sign-off starts a sentence or a line ("…suits you best." keeps its "best"); the sentence before keeps its
// full stop, which normalising drops anyway.
const trailingSignOffs = [
  new RegExp(
    String.raw`(^|[.!?…]\s+|\n\s*)${oneOf(closingPhrases)}(?:\s*[,!.]*\s*(?:[—–-]+\s*)?${NAME})?\s*[!.,]*\s*$`,
    "u",
  ),
  // "— Priya", "- Dana": a dash after a space (so not the one in "top-up") and a name to end the message.
  new RegExp(String.raw`(^|\s)[—–-]+\s*${NAME}\s*[!.]*\s*$`, "u"),
];

/** The text without a leading greeting ("Hi Sam!", "Hello there,") or a trailing sign-off ("Thanks, Dana"). */
export function stripGreetingAndSignOff(text: string): string {
  let body = text.trim();
  // Repeated, as one message may carry two ("Have a great day! — Priya").
  for (let round = 0; round < 3; round++) {
    const before = body;
    body = body.replace(leadingGreeting, "");
    for (const signOff of trailingSignOffs) body = body.replace(signOff, "$1").trim();
    if (body === before) break;
  }
  // A message that is nothing but a greeting or a sign-off is compared as it is.
  return body === "" ? text.trim() : body;
}

/** Lower case, apostrophes dropped ("don't" → "dont"), other punctuation and runs of white space as one space. */
export function normaliseText(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

export function replyTokens(text: string): string[] {
  const normalised = normaliseText(stripGreetingAndSignOff(text));
  return normalised === "" ? [] : normalised.split(" ");
}

/** Dice over token multisets: 2·|common| / (|a| + |b|); 1 for two empty texts. */
export function diceSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length + b.length === 0) return 1;
  const counts = new Map<string, number>();
  for (const token of a) counts.set(token, (counts.get(token) ?? 0) + 1);
  let common = 0;
  for (const token of b) {
    const left = counts.get(token) ?? 0;
    if (left > 0) {
      common += 1;
      counts.set(token, left - 1);
    }
  }
  return (2 * common) / (a.length + b.length);
}

export const SIMILARITY_THRESHOLD = 0.9;

export interface StrictScorer {
  /**
   * Whether `proposal` is the reply the operator sent to a message of `intent`: equal once greeting, sign-off,
   * case, punctuation and spacing are set aside; or at least 0.9 similar and closer to the operator's reply than
   * to the canned reply of any other intent. No proposal is never right.
   */
  isRight(proposal: string | null | undefined, operatorReply: string, intent: string): boolean;
  /**
   * Whether `proposal` holds `intent`'s canned reply word for word (once normalised), whatever surrounds it: not
   * part of the verdict, but it tells a wrong answer from a right one dressed differently from the operator's.
   */
  carriesCannedReply(proposal: string | null | undefined, intent: string): boolean;
}

/** A scorer that knows every intent's canned reply (its intent → reply), for the "closer than any other" check. */
export function createStrictScorer(cannedReplies: ReadonlyMap<string, string>): StrictScorer {
  const canned = [...cannedReplies].map(([intent, reply]) => ({
    intent,
    tokens: replyTokens(reply),
  }));
  const padded = (text: string) => ` ${normaliseText(text)} `;
  const cannedText = new Map([...cannedReplies].map(([intent, reply]) => [intent, padded(reply)]));
  return {
    carriesCannedReply(proposal, intent) {
      const reply = cannedText.get(intent);
      if (reply === undefined) throw new Error(`no canned reply for intent ${intent}`);
      return proposal !== null && proposal !== undefined && padded(proposal).includes(reply);
    },
    isRight(proposal, operatorReply, intent) {
      if (proposal === null || proposal === undefined) return false;
      if (!cannedReplies.has(intent)) throw new Error(`no canned reply for intent ${intent}`);
      const proposed = replyTokens(proposal);
      const sent = replyTokens(operatorReply);
      if (proposed.join(" ") === sent.join(" ")) return true;
      const similarity = diceSimilarity(proposed, sent);
      if (similarity < SIMILARITY_THRESHOLD) return false;
      return canned.every(
        (other) => other.intent === intent || diceSimilarity(proposed, other.tokens) < similarity,
      );
    },
  };
}
