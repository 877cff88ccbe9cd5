// Turns labelled examples into message history: a seeded split per intent, then one exchange per example.
import { createRandom } from "@playbook/core/testing";
import type { HistoryCsvRow } from "../history/history-csv";
import { pick, shuffled, type Random } from "../history/seeded-choice";
import { syntheticCustomer } from "../history/synthetic-customers";
import type { LabeledExample } from "./datasets";

/** `limit` examples drawn at random (all of them when there are fewer). */
export function sampleExamples(
  examples: readonly LabeledExample[],
  limit: number,
  seed: number,
): LabeledExample[] {
  return shuffled(examples, createRandom(seed)).slice(0, limit);
}

export interface SplitExamples {
  learn: LabeledExample[];
  test: LabeledExample[];
}

/**
 * Within each intent, `learnShare` of its examples (at random, rounded) go to the learning part and the rest to the
 * test part; an intent with two or more examples keeps at least one on each side. Both parts are then shuffled so
 * that intents take turns. The same seed gives the same split.
 */
export function splitByIntent(
  examples: readonly LabeledExample[],
  learnShare: number,
  seed: number,
): SplitExamples {
  if (!(learnShare > 0 && learnShare < 1)) throw new Error("learnShare: between 0 and 1");
  const random = createRandom(seed);
  const byIntent = new Map<string, LabeledExample[]>();
  for (const example of examples) {
    const group = byIntent.get(example.intent);
    if (group) group.push(example);
    else byIntent.set(example.intent, [example]);
  }
  const learn: LabeledExample[] = [];
  const test: LabeledExample[] = [];
  // Sorted before shuffling, so the split does not depend on the order of the file.
  const byText = (a: LabeledExample, b: LabeledExample) =>
    a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
  for (const intent of [...byIntent.keys()].sort()) {
    const group = shuffled((byIntent.get(intent) ?? []).sort(byText), random);
    const learnCount =
      group.length < 2
        ? group.length
        : Math.min(group.length - 1, Math.max(1, Math.round(group.length * learnShare)));
    learn.push(...group.slice(0, learnCount));
    test.push(...group.slice(learnCount));
  }
  return { learn: shuffled(learn, random), test: shuffled(test, random) };
}

const MINUTE = 60_000;
// Exchange k starts k × 2 minutes in and goes to customer k mod 40: a customer's exchanges are 80 minutes apart,
// at least 75 after their last reply, so each is a conversation of its own (the importer splits after 60).
export const EXCHANGE_SPACING_MS = 2 * MINUTE;
export const CUSTOMER_POOL = 40;

const operators = ["Dana", "Priya", "Marcus"];

/** The canned reply in one of the ways operators dress it: with or without the customer's name and a sign-off. */
function dressReply(reply: string, firstName: string | null, random: Random): string {
  const greeting =
    firstName === null
      ? pick(random, ["Hi! ", "Hello! "])
      : pick(random, [
          `Hi ${firstName}! `,
          `Hello ${firstName}! `,
          `Hi ${firstName}, thanks for your message. `,
        ]);
  const signOff = pick(random, ["", " Have a great day!", " Anything else, just let us know."]);
  return `${greeting}${reply}${signOff}`;
}

export interface ExchangeRowsOptions {
  /** Prefix of message ids, e.g. "banking77-learn". */
  idPrefix: string;
  startAt: Date;
  seed: number;
  /** Whether to add greetings and sign-offs around the reply (BANKING77's replies are ours and bare). */
  dressReplies: boolean;
}

/**
 * Two rows per example, the customer's question and, 1-5 minutes later, the operator's reply. Customers are
 * recycled, but their exchanges are far enough apart to be separate conversations.
 */
export function exchangeRows(
  examples: readonly LabeledExample[],
  options: ExchangeRowsOptions,
): HistoryCsvRow[] {
  const random = createRandom(options.seed);
  const start = options.startAt.getTime();
  const rows = examples.flatMap((example, index): HistoryCsvRow[] => {
    const who = syntheticCustomer(index % CUSTOMER_POOL);
    const askedAt = start + index * EXCHANGE_SPACING_MS;
    const shared = {
      conversationId: who.threadId,
      customerPhone: who.phone,
      customerName: who.fullName,
    };
    return [
      {
        ...shared,
        messageId: `${options.idPrefix}-${index}-q`,
        sentAt: new Date(askedAt),
        direction: "inbound",
        operator: null,
        body: example.text,
      },
      {
        ...shared,
        messageId: `${options.idPrefix}-${index}-a`,
        sentAt: new Date(askedAt + Math.round((1 + random() * 4) * MINUTE)),
        direction: "outbound",
        operator: pick(random, operators),
        body: options.dressReplies
          ? dressReply(example.reply, who.firstName, random)
          : example.reply,
      },
    ];
  });
  // A reply may come after the next customer's question; exports list messages in time order (the sort is stable).
  return rows.sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
}

/** When the part after `rows` may start: two hours after its last message, past any conversation gap. */
export function startAfter(rows: readonly HistoryCsvRow[], fallback: Date): Date {
  const last = rows.at(-1)?.sentAt.getTime();
  return last === undefined ? fallback : new Date(last + 120 * MINUTE);
}
