// Where one SMS conversation ends and the next begins: an operator's closing words, or an adaptive idle timeout.
//
// The original (ORIGINALS.md) planned timeout = clamp(60, 1440, 5 × median reply gap) plus closing phrases, but
// its live webhook used a fixed one-hour window. What this module does differently, on purpose:
// - the adaptive timeout is a pure function the webhook and the worker both call, so there is one rule;
// - a closing phrase counts only as the whole message or its final sentence, and never when the message also asks
//   something ("Thanks! What time works for you?" keeps the conversation open), instead of a keyword anywhere;
// - it counts only when the operator's message is the conversation's last one, i.e. the customer is writing again
//   after being told "you're all set", not when the customer had already answered;
// - negative, NaN and infinite gaps are ignored instead of poisoning the median, and an even count takes the mean
//   of the two middle values.
import { normalizeText } from "../text/normalize-text";

// Each pattern runs on ONE normalised sentence (lower-case, no apostrophes, single spaces). Trailing words are
// bounded ("{0,5}") so a long sentence cannot match by accident and nothing backtracks far.
const closingPatterns: readonly RegExp[] = [
  /^(?:thanks|thank you|thank u|thx|ty|tysm)(?: so much| very much| again| a lot)?(?: for(?: \S+){1,5})?(?: \S+)?$/,
  /^(?:(?:youre|you are|you|ur|were|we are|your|ya|everything is|everythings) )?(?:all set|good to go)(?: \S+){0,6}$/,
  /^(?:youre|you are|ur) set(?: \S+){0,6}$/,
  /^(?:(?:ok|okay|great|perfect|awesome) )?see (?:you|ya|u|yall|you all|everyone)(?: \S+){0,4}$/,
  /^(?:have|enjoy) (?:a |an |the |your )?(?:(?:great|good|nice|wonderful|fantastic|awesome|fun|lovely|safe|great rest of your|good rest of your) )?(?:day|night|evening|afternoon|morning|time|weekend|round|game|one|session|rest of your \S+)(?: \S+){0,3}$/,
  /^(?:have fun|enjoy)(?: \S+){0,2}$/,
  /^(?:no problem|no problemo|no prob|no worries|not a problem)(?: at all)?(?: \S+)?$/,
  /^(?:(?:always|so|very) )?(?:glad|happy) (?:to|i could|we could) help(?: \S+){0,3}$/,
  /^take care(?: \S+)?$/,
  /^any ?time(?: \S+)?$/,
  /^(?:youre|you are|your) (?:very |so |most )?welcome(?: \S+)?$/,
  /^cheers(?: \S+)?$/,
];

const LINK = /\bhttps?:\/\/\S+|\bwww\.\S+/gi;

function isClosingSentence(text: string): boolean {
  const normalized = normalizeText(text);
  return normalized !== "" && closingPatterns.some((pattern) => pattern.test(normalized));
}

function lastNonEmpty(parts: readonly string[]): string | undefined {
  for (let i = parts.length - 1; i >= 0; i -= 1) {
    const part = parts[i] ?? "";
    if (normalizeText(part) !== "") return part;
  }
  return undefined;
}

/**
 * Whether an operator's message ends the conversation: "Thanks for coming in!", "You're all set.", "See you
 * at 7!", "Have a great night", "Enjoy your round", "No problem!", "Happy to help", "Take care", "Anytime",
 * as the whole message or its final sentence. A message that also asks a question never closes.
 */
export function isClosingPhrase(text: string): boolean {
  // A "?" inside a link ("...book?bay=3") is not a question.
  const withoutLinks = text.replace(LINK, " ");
  if (withoutLinks.includes("?")) return false;
  const lastSentence = lastNonEmpty(withoutLinks.split(/[.!\n]+/));
  const lastClause = lastNonEmpty(withoutLinks.split(/[.!,;\n]+/));
  return [withoutLinks, lastSentence, lastClause].some(
    (candidate) => candidate !== undefined && isClosingSentence(candidate),
  );
}

export type AdaptiveTimeoutOptions = {
  minMinutes?: number;
  maxMinutes?: number;
  factor?: number;
  fallbackMinutes?: number;
};

/** Median of finite, non-negative numbers; null when there are none. */
export function medianOf(values: readonly number[]): number | null {
  const valid = values.filter((v) => Number.isFinite(v) && v >= 0).sort((a, b) => a - b);
  if (valid.length === 0) return null;
  const mid = Math.floor(valid.length / 2);
  const upper = valid[mid] ?? 0;
  return valid.length % 2 === 1 ? upper : ((valid[mid - 1] ?? 0) + upper) / 2;
}

/**
 * How long (minutes) a conversation may be idle before the next message starts a new one:
 * clamp(min 60, max 1440, 5 × median of the reply gaps in minutes); the fallback (60, also clamped) when no gap
 * is valid.
 */
export function adaptiveTimeoutMinutes(
  replyGapsMinutes: readonly number[],
  opts: AdaptiveTimeoutOptions = {},
): number {
  const min = opts.minMinutes ?? 60;
  const max = Math.max(min, opts.maxMinutes ?? 1440);
  const factor = opts.factor ?? 5;
  const median = medianOf(replyGapsMinutes);
  const raw = median === null ? (opts.fallbackMinutes ?? 60) : factor * median;
  return Math.min(max, Math.max(min, raw));
}

export type ConversationBoundaryInput = {
  lastMessageAt: Date;
  now: Date;
  lastOutboundText: string | null;
  lastOutboundAt: Date | null;
  lastInboundAt: Date | null;
  timeoutMinutes: number;
};

export type ConversationBoundary = {
  newConversation: boolean;
  reason: "idle_timeout" | "closing_phrase" | null;
};

const defaultTimeoutMinutes = 60;

/**
 * Whether a message arriving `now` starts a new conversation: the conversation was idle longer than
 * `timeoutMinutes` (a non-finite or non-positive timeout falls back to 60), or its last message is the operator's
 * and closed it.
 */
export function shouldStartNewConversation(input: ConversationBoundaryInput): ConversationBoundary {
  const timeout =
    Number.isFinite(input.timeoutMinutes) && input.timeoutMinutes > 0
      ? input.timeoutMinutes
      : defaultTimeoutMinutes;
  const idleMinutes = (input.now.getTime() - input.lastMessageAt.getTime()) / 60_000;
  if (idleMinutes > timeout) return { newConversation: true, reason: "idle_timeout" };

  const { lastOutboundText, lastOutboundAt, lastInboundAt } = input;
  const operatorSpokeLast =
    lastOutboundAt !== null &&
    (lastInboundAt === null || lastOutboundAt.getTime() > lastInboundAt.getTime());
  if (operatorSpokeLast && lastOutboundText !== null && isClosingPhrase(lastOutboundText)) {
    return { newConversation: true, reason: "closing_phrase" };
  }
  return { newConversation: false, reason: null };
}

/** How many of a conversation's latest messages its reply rhythm is estimated from. */
export const rhythmSample = 50;

/** Where an open conversation stands when its customer's next message arrives. */
export interface OpenConversation {
  lastMessageAt: Date;
  /** Its latest messages (at most `rhythmSample`), oldest first. */
  chronological: readonly { direction: "inbound" | "outbound"; sentAt: Date }[];
  lastOutbound: { body: string; sentAt: Date } | null;
  lastInboundAt: Date | null;
}

/**
 * Whether the next message continues an open conversation or starts a new one: the rule live messages and
 * imported history both follow. The idle timeout adapts to the conversation's reply rhythm when the setting
 * says so, and an operator's own follow-up after a closing message ("...see you then!" "Oh, and bring your
 * clubs") stays in the conversation: only the customer writing again starts a new one.
 */
export function conversationStep(
  conversation: OpenConversation,
  next: { direction: "inbound" | "outbound"; sentAt: Date },
  settings: { conversationIdleMinutes: number; adaptiveConversationTimeout: boolean },
): ConversationBoundary {
  const timeoutMinutes = settings.adaptiveConversationTimeout
    ? adaptiveTimeoutMinutes(replyGapsMinutes(conversation.chronological), {
        minMinutes: settings.conversationIdleMinutes,
        fallbackMinutes: settings.conversationIdleMinutes,
      })
    : settings.conversationIdleMinutes;
  const boundary = shouldStartNewConversation({
    lastMessageAt: conversation.lastMessageAt,
    now: next.sentAt,
    lastOutboundText: conversation.lastOutbound?.body ?? null,
    lastOutboundAt: conversation.lastOutbound?.sentAt ?? null,
    lastInboundAt: conversation.lastInboundAt,
    timeoutMinutes,
  });
  const closedByOperator = boundary.reason === "closing_phrase" && next.direction === "outbound";
  return closedByOperator ? { newConversation: false, reason: null } : boundary;
}

/** Minutes from each customer message to the operator's next reply: the rhythm of a conversation. */
export function replyGapsMinutes(
  chronological: readonly { direction: "inbound" | "outbound"; sentAt: Date }[],
): number[] {
  const gaps: number[] = [];
  let waitingSince: Date | null = null;
  for (const message of chronological) {
    if (message.direction === "inbound") waitingSince ??= message.sentAt;
    else if (waitingSince) {
      gaps.push((message.sentAt.getTime() - waitingSince.getTime()) / 60_000);
      waitingSince = null;
    }
  }
  return gaps;
}
