// Spots customer messages that a human must handle: a person asked for, an angry customer, an emergency.
import { findPhrases, toPhraseHaystack } from "./match-phrases";

export type EscalationReason = "human_requested" | "angry" | "urgent";
export type EscalationResult = {
  escalate: boolean;
  reasons: EscalationReason[];
  /** What fired, as written in the rules (normalised) or, for shouting, the shouted words. */
  matched: string[];
};

const personWords = [
  "person",
  "human",
  "manager",
  "someone",
  "somebody",
  "real person",
  "live person",
  "actual person",
  "agent",
  "owner",
  "staff",
  "employee",
  "representative",
  "rep",
  "supervisor",
  "operator",
];
const articles = ["", "a ", "an ", "the ", "your ", "a real ", "an actual ", "some "];

// A person word alone names nobody ("Someone left their clubs in bay 2"); it counts only inside a request shape.
const requestShapes = [
  "speak to",
  "speak with",
  "talk to",
  "talk with",
  "chat with",
  "get me",
  "give me",
  "connect me to",
  "connect me with",
  "transfer me to",
  "want a",
  "want an",
  "need a",
  "need an",
  "want to speak to",
  "need to speak to",
  "want to talk to",
  "need to talk to",
];

function buildRequestPhrases(): string[] {
  const phrases = new Set<string>();
  for (const shape of requestShapes) {
    // "want a"/"need a" already carry their article.
    const ownArticle = / an?$/.test(shape);
    for (const person of personWords) {
      if (ownArticle) {
        phrases.add(`${shape} ${person}`);
        continue;
      }
      for (const article of articles) phrases.add(`${shape} ${article}${person}`);
    }
  }
  return [...phrases];
}

const humanRequestPhrases = [
  ...buildRequestPhrases(),
  "call me",
  "call me back",
  "give me a call",
  "is this a bot",
  "is this a robot",
  "are you a bot",
  "are you a robot",
  "is this automated",
  "am i talking to a bot",
  "am i talking to a robot",
];

// "human", "manager please", "REAL PERSON!": the whole message is the request.
const lonePersonWords: ReadonlySet<string> = new Set([
  "human",
  "manager",
  "real person",
  "live person",
  "agent",
  "representative",
  "operator",
  "person",
]);
const politeFillers: ReadonlySet<string> = new Set([
  "please",
  "pls",
  "plz",
  "now",
  "a",
  "an",
  "the",
  "i",
  "want",
  "need",
]);

function isLonePersonRequest(haystack: string): boolean {
  const words = haystack
    .trim()
    .split(" ")
    .filter((w) => w !== "" && !politeFillers.has(w));
  return words.length > 0 && words.length <= 2 && lonePersonWords.has(words.join(" "));
}

/** The words an admin can change (settings `escalationAngryWords` / `escalationUrgentWords`), normalised. */
export type EscalationWords = {
  escalationAngryWords: readonly string[];
  escalationUrgentWords: readonly string[];
};

/** The angry words out of the box: the default of the `escalationAngryWords` setting. */
export const defaultAngryWords: readonly string[] = [
  "fuck",
  "fucking",
  "fucked",
  "fck",
  "fk",
  "shit",
  "shitty",
  "bullshit",
  "bs",
  "damn",
  "dammit",
  "goddamn",
  "hell",
  "crap",
  "crappy",
  "ass",
  "asshole",
  "bitch",
  "pissed",
  "piss",
  "wtf",
  "ffs",
  "stfu",
  "furious",
  "livid",
  "ridiculous",
  "unacceptable",
  "pathetic",
  "disgusting",
  "useless",
  "terrible service",
  "horrible service",
  "awful service",
  "worst",
  "scam",
  "scammed",
  "rip off",
  "ripoff",
  "refund now",
  "want my money back",
  "give me my money back",
];

/** The urgent words out of the box: the default of the `escalationUrgentWords` setting. */
export const defaultUrgentWords: readonly string[] = [
  "emergency",
  "urgent",
  "urgently",
  "asap",
  "immediately",
  "injured",
  "injury",
  "hurt",
  "hurts",
  "bleeding",
  "fire",
  "smoke",
  "police",
  "ambulance",
  "911",
  "flooding",
  "flooded",
  "flood",
  "stuck inside",
  "stuck in the building",
  "locked in",
  "locked inside",
  "trapped",
];
// Ordinary phrases that contain an urgent word (as a whole word: each must include it) but are not emergencies.
const notUrgent = [
  { word: "fire", unless: ["fire up", "fire it up"] },
  { word: "hurt", unless: ["wouldnt hurt", "doesnt hurt", "cant hurt", "wont hurt"] },
  { word: "hurts", unless: ["never hurts"] },
  // "we're locked in for 7pm" confirms a booking.
  { word: "locked in", unless: ["locked in for", "locked in at"] },
];

const exclaimed = /!{3,}/;

// Three or more consecutive shouted words ("THIS IS RIDICULOUS"); one-letter words and numbers inside a shouted
// run are neutral. Linear: the run is tracked by indexes, never copied.
function findShouting(text: string): string | null {
  const words = text.split(/\s+/).map((raw) => raw.replace(/[^\p{L}\p{N}'’]/gu, ""));
  let runStart = -1;
  let shouted = 0;
  let best: [number, number] | null = null;
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] ?? "";
    const letters = word.replace(/[^\p{L}]/gu, "");
    const neutral = letters.length === 0 || (letters.length === 1 && runStart >= 0);
    if (neutral) continue;
    const isShouted =
      letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
    if (!isShouted) {
      runStart = -1;
      shouted = 0;
      continue;
    }
    if (runStart < 0) runStart = i;
    shouted += 1;
    if (shouted >= 3 && (!best || i + 1 - runStart > best[1] - best[0])) best = [runStart, i + 1];
  }
  if (!best) return null;
  const [from, to] = best;
  return words
    .slice(from, to)
    .filter((w) => w !== "")
    .join(" ");
}

function countPhrase(haystack: string, phrase: string): number {
  const needle = ` ${phrase} `;
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1))
    count += 1;
  return count;
}

/**
 * Whether a customer message needs a human now, and why: asks for a person ("can I speak to a manager",
 * "human"), is angry (one of the angry words such as "unacceptable" or "refund now", three shouted words, "!!!"),
 * or is urgent (one of the urgent words: "emergency", "locked in", "someone is hurt"). Words match whole: "hello"
 * never fires "hell". The angry and urgent words are the admin's settings, passed by every caller.
 */
export function detectEscalation(text: string, words: EscalationWords): EscalationResult {
  const haystack = toPhraseHaystack(text);
  const reasons: EscalationReason[] = [];
  const matched: string[] = [];

  const human = findPhrases(haystack, humanRequestPhrases);
  if (human.length === 0 && isLonePersonRequest(haystack)) human.push(haystack.trim());
  if (human.length > 0) {
    reasons.push("human_requested");
    matched.push(...human);
  }

  const angry = findPhrases(haystack, words.escalationAngryWords);
  const shouting = findShouting(text);
  if (shouting) angry.push(shouting);
  if (exclaimed.test(text)) angry.push("!!!");
  if (angry.length > 0) {
    reasons.push("angry");
    matched.push(...angry);
  }

  const urgent = findPhrases(haystack, words.escalationUrgentWords).filter((phrase) => {
    const rule = notUrgent.find((r) => r.word === phrase);
    if (!rule) return true;
    // Urgent only if some occurrence is not one of the harmless phrases.
    const harmless = rule.unless.reduce((n, p) => n + countPhrase(haystack, p), 0);
    return countPhrase(haystack, phrase) > harmless;
  });
  if (urgent.length > 0) {
    reasons.push("urgent");
    matched.push(...urgent);
  }

  return { escalate: reasons.length > 0, reasons, matched: [...new Set(matched)] };
}
