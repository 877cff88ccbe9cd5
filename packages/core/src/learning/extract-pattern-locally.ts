// Learns a pattern from one exchange with local rules only: works with no network and no OpenAI key.
import type { patternTypes } from "@playbook/db/schema";
import { badRequest } from "../errors";
import { stopWords, tokenize } from "../text/normalize-text";
import {
  ZExtractedPattern,
  type ExchangeInput,
  type ExtractedPattern,
  type TemplateVariable,
} from "./extracted-pattern";
import { checkReplyTemplate } from "./check-template";
import { findPhrases, toPhraseHaystack } from "./match-phrases";
import { templatizeText } from "./templatize-reply";

type PatternType = (typeof patternTypes)[number];
type RuledType = Exclude<PatternType, "faq" | "general">;

const maxTriggerChars = 2000;
const maxResponseChars = 1600;
const maxKeywords = 8;

/**
 * Words and phrases (normalised: lower-case, no apostrophes) that point to a type. The order of the entries is
 * the tie-break: "the door won't open" is access before hours.
 */
const typeRules: readonly (readonly [RuledType, readonly string[]])[] = [
  [
    "booking",
    [
      "book",
      "booking",
      "booked",
      "bookings",
      "reserve",
      "reserved",
      "reservation",
      "reservations",
      "tee time",
      "tee times",
      "available",
      "availability",
      "bay for",
      "sim for",
    ],
  ],
  [
    "access",
    [
      "door",
      "doors",
      "code",
      "codes",
      "locked",
      "locked out",
      "get in",
      "let me in",
      "key fob",
      "fob",
      "gate",
      "keypad",
    ],
  ],
  [
    "tech_issue",
    [
      "frozen",
      "froze",
      "freezing",
      "not working",
      "isnt working",
      "doesnt work",
      "wont work",
      "stopped working",
      "broken",
      "screen",
      "simulator down",
      "sim down",
      "simulator is down",
      "sim is down",
      "projector",
      "ball tracking",
      "not tracking",
      "error",
      "crash",
      "crashed",
      "crashing",
      "glitch",
      "wont turn on",
      "wont start",
      "not loading",
    ],
  ],
  ["hours", ["open", "opens", "close", "closes", "closing", "closed", "hours", "what time"]],
  [
    "gift_cards",
    ["gift card", "gift cards", "giftcard", "giftcards", "gift certificate", "voucher", "vouchers"],
  ],
  ["pricing", ["price", "prices", "pricing", "cost", "costs", "how much", "rate", "rates"]],
  [
    "membership",
    ["member", "members", "membership", "memberships", "subscription", "subscriptions"],
  ],
  [
    "feedback",
    ["great", "awesome", "loved", "love", "amazing", "complaint", "complain", "complaining"],
  ],
];

// The customer's words say what the exchange is about; the reply only confirms it.
const customerWeight = 2;
const replyWeight = 1;

/** The pattern type by keyword score over both texts, the customer's words weighted higher. */
export function classifyExchange(customerText: string, replyText: string): PatternType {
  const customer = toPhraseHaystack(customerText);
  const reply = toPhraseHaystack(replyText);
  let best: RuledType | null = null;
  let bestScore = 0;
  for (const [type, phrases] of typeRules) {
    const score =
      customerWeight * findPhrases(customer, phrases).length +
      replyWeight * findPhrases(reply, phrases).length;
    // Strictly greater: on a tie the earlier rule wins.
    if (score > bestScore) {
      best = type;
      bestScore = score;
    }
  }
  if (best) return best;
  return endsWithQuestionMark(customerText) ? "faq" : "general";
}

function endsWithQuestionMark(text: string): boolean {
  // Trailing emoji or spaces after the "?" do not change that it is a question.
  let end = text.length;
  while (end > 0 && !/[\p{L}\p{N}?]/u.test(text.charAt(end - 1))) end -= 1;
  return text.charAt(end - 1) === "?";
}

const confirmationWords: ReadonlySet<string> = new Set(["booked", "confirmed", "reserved"]);
const negations: ReadonlySet<string> = new Set(
  "not never cant cannot couldnt isnt wasnt arent werent havent hasnt dont didnt wont unable no".split(
    " ",
  ),
);
// "fully booked", "booked up", "booked solid" say there is no room: the opposite of a confirmation.
const noRoomBefore: ReadonlySet<string> = new Set(["fully", "all", "completely", "totally"]);
const noRoomAfter: ReadonlySet<string> = new Set(["up", "solid"]);

/** Whether a reply confirms a booking ("You're booked", "confirmed for 7pm"), not denies one. */
export function confirmsBooking(replyText: string): boolean {
  const words = tokenize(replyText);
  return words.some((word, i) => {
    if (!confirmationWords.has(word)) return false;
    const before = words.slice(Math.max(0, i - 3), i);
    if (before.some((w) => negations.has(w) || noRoomBefore.has(w))) return false;
    return !noRoomAfter.has(words[i + 1] ?? "");
  });
}

/** Up to eight informative words of a (templatized) text: no stop words, placeholders or bare numbers. */
export function pickTriggerKeywords(template: string): string[] {
  const keywords: string[] = [];
  for (const word of tokenize(template)) {
    if (keywords.length >= maxKeywords) break;
    if (word.length < 3 || word.length > 60 || word.includes("{{") || /^\d+$/.test(word)) continue;
    if (stopWords.has(word) || keywords.includes(word)) continue;
    keywords.push(word);
  }
  return keywords;
}

// Cuts a long trigger without leaving half a placeholder at the end.
function truncateTemplate(template: string, max: number): string {
  if (template.length <= max) return template;
  const cut = template.slice(0, max);
  const open = cut.lastIndexOf("{{");
  return (open > cut.lastIndexOf("}}") ? cut.slice(0, open) : cut).trimEnd();
}

/**
 * Builds a pattern from one customer message and the operator's reply: masked, templatized trigger and reply,
 * keywords, a rule-based type and, for confirmed bookings, a booking action. Throws a BAD_REQUEST AppError when
 * either text is empty or the reply is too long to be one SMS template.
 */
export function extractPatternLocally(input: ExchangeInput): ExtractedPattern {
  const ctx = { customerName: input.customerName ?? null };
  const trigger = templatizeText(input.customerText, ctx).template.trim();
  const reply = templatizeText(input.replyText, ctx);
  const responseTemplate = reply.template.trim();
  if (tokenize(trigger).length === 0)
    throw badRequest("The customer message has no words to learn");
  if (tokenize(responseTemplate).length === 0) throw badRequest("The reply has no words to learn");
  // The one template check, with the reason an operator can act on (assessExchange voids such exchanges first).
  for (const [what, text] of [
    ["customer message", trigger],
    ["reply", responseTemplate],
  ] as const) {
    const checked = checkReplyTemplate(text);
    if (!checked.ok) throw badRequest(`The ${what} cannot be learned: ${checked.reason}`);
  }
  if (responseTemplate.length > maxResponseChars) {
    throw badRequest(`The reply template is longer than ${maxResponseChars} characters`);
  }
  const type = classifyExchange(input.customerText, input.replyText);
  const variables: TemplateVariable[] = reply.variables;
  return ZExtractedPattern.parse({
    type,
    triggerText: truncateTemplate(trigger, maxTriggerChars),
    triggerKeywords: pickTriggerKeywords(trigger),
    responseTemplate,
    variables,
    actionTemplate:
      type === "booking" && confirmsBooking(input.replyText)
        ? { kind: "booking_request", params: {} }
        : null,
  });
}
