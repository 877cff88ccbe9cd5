// Recognises carrier opt-out / opt-in keywords (STOP, START, ...) sent as a whole SMS.

export type OptKeyword = "stop" | "start";

const stopKeywords: ReadonlySet<string> = new Set([
  "STOP",
  "STOPALL",
  "STOP ALL",
  "UNSUBSCRIBE",
  "CANCEL",
  "END",
  "QUIT",
  "OPTOUT",
  "OPT OUT",
  "REVOKE",
]);
const startKeywords: ReadonlySet<string> = new Set(["START", "UNSTOP", "SUBSCRIBE", "YES"]);

/**
 * "stop" or "start" when the WHOLE message (trimmed, case-insensitive, trailing punctuation ignored, "OPT-OUT"
 * read as "OPT OUT") is a carrier keyword; otherwise null, so "Please stop by at 5" or "don't stop the sim" are
 * ordinary messages. "YES" is returned as "start" for every message: callers must honour it only when the number
 * is currently opted out, because "Yes" is mostly an answer to a question.
 */
export function detectOptKeyword(text: string): OptKeyword | null {
  // Strip trailing punctuation and symbols with a loop (no backtracking on long input).
  let end = text.length;
  while (end > 0 && /[\s\p{P}\p{S}]/u.test(text.charAt(end - 1))) end -= 1;
  const candidate = text.slice(0, end).trim();
  // Keywords are at most two short words; anything longer is a sentence.
  if (candidate.length === 0 || candidate.length > 20) return null;
  const keyword = candidate.replace(/[\s-]+/g, " ").toUpperCase();
  if (stopKeywords.has(keyword)) return "stop";
  if (startKeywords.has(keyword)) return "start";
  return null;
}
