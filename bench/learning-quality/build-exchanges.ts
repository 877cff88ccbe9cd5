// Turns labelled examples into message history: a seeded split per intent with some intents kept out of the
// learning part, then one exchange per example, the reply dressed the way operators write.
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

export interface ScopedSplit extends SplitExamples {
  /** Intents with no example in the learning part: their test examples are out-of-scope traffic. */
  outOfScopeIntents: string[];
}

/**
 * Takes a seeded `share` of the intents (rounded; at least one when the share is above 0, and never all of them)
 * out of the learning part altogether. Their test examples stay, as messages no learned reply answers.
 */
export function holdOutIntents(split: SplitExamples, share: number, seed: number): ScopedSplit {
  if (!(share >= 0 && share < 1)) throw new Error("out-of-scope share: at least 0 and under 1");
  const intents = [...new Set([...split.learn, ...split.test].map((example) => example.intent))];
  const count =
    share === 0 || intents.length < 2
      ? 0
      : Math.min(intents.length - 1, Math.max(1, Math.round(intents.length * share)));
  // Sorted first, so the choice depends on the seed and not on the order of the examples.
  const held = new Set(shuffled(intents.sort(), createRandom(seed)).slice(0, count));
  return {
    learn: split.learn.filter((example) => !held.has(example.intent)),
    test: split.test,
    outOfScopeIntents: [...held].sort(),
  };
}

const MINUTE = 60_000;
// Exchange k starts k × 2 minutes in and goes to customer k mod 40: a customer's exchanges are 80 minutes apart,
// at least 75 after their last reply, so each is a conversation of its own (the importer splits after 60).
export const EXCHANGE_SPACING_MS = 2 * MINUTE;
/**
 * Exchanges a day: 180 × 2 minutes is six hours from the start's time of day, so a history that starts at 14:00
 * UTC stays within the default working hours (09:00–21:00): automatic replies are measured, not the clock.
 */
export const EXCHANGES_PER_DAY = 180;
const DAY = 24 * 60 * MINUTE;

/** When exchange `index` starts: in the day's window, the next day's window once one is full. */
export function exchangeTime(start: number, index: number): number {
  return (
    start +
    Math.floor(index / EXCHANGES_PER_DAY) * DAY +
    (index % EXCHANGES_PER_DAY) * EXCHANGE_SPACING_MS
  );
}
export const CUSTOMER_POOL = 40;

const operators = ["Dana", "Priya", "Marcus"];

// The business's generic sentence, in every reply of every intent: a learner must not take it for the answer, nor
// let it join two answers. (Always present, as the held-out data describes; the strict scorer only sets aside
// greetings and sign-offs, so a sentence that came and went at random would fail right answers under ~22 words.)
const boilerplate = "Thanks for reaching out.";

/**
 * The canned answer as operators send it: a greeting with or without the customer's first name (or none), the
 * business's generic sentence, the answer, and the operator's sign-off (or none).
 */
function dressReply(
  answer: string,
  firstName: string | null,
  operator: string,
  random: Random,
): string {
  const greeting = pick(
    random,
    firstName === null
      ? ["Hi there! ", "Hello! ", ""]
      : [`Hi ${firstName}! `, `Hello ${firstName},\n`, "Hi there! ", ""],
  );
  const body = `${boilerplate} ${answer}`;
  const signOff = pick(random, [
    ` — ${operator}`,
    `\nThanks, ${operator}`,
    ` Cheers, ${operator}`,
    "",
  ]);
  return `${greeting}${body}${signOff}`;
}

/** The id of example `index`'s question, as results.jsonl reports it. */
export function questionMessageId(idPrefix: string, index: number): string {
  return `${idPrefix}-${index}-q`;
}

/** The id of the operator's reply to example `index`. */
export function replyMessageId(idPrefix: string, index: number): string {
  return `${idPrefix}-${index}-a`;
}

export interface ExchangeRowsOptions {
  /** Prefix of message ids, e.g. "banking77-learn". */
  idPrefix: string;
  startAt: Date;
  seed: number;
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
    const askedAt = exchangeTime(start, index);
    const repliedAt = askedAt + Math.round((1 + random() * 4) * MINUTE);
    const operator = pick(random, operators);
    const shared = {
      conversationId: who.threadId,
      customerPhone: who.phone,
      customerName: who.fullName,
    };
    return [
      {
        ...shared,
        messageId: questionMessageId(options.idPrefix, index),
        sentAt: new Date(askedAt),
        direction: "inbound",
        operator: null,
        body: example.text,
      },
      {
        ...shared,
        messageId: replyMessageId(options.idPrefix, index),
        sentAt: new Date(repliedAt),
        direction: "outbound",
        operator,
        body: dressReply(example.reply, who.firstName, operator, random),
      },
    ];
  });
  // A reply may come after the next customer's question; exports list messages in time order (the sort is stable).
  return rows.sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
}

/**
 * When the part after `rows` may start: the day after its last message, at the time of day `fallback` (the first
 * part's start) has, past any conversation gap and inside the same daily window.
 */
export function startAfter(rows: readonly HistoryCsvRow[], fallback: Date): Date {
  const last = rows.at(-1)?.sentAt.getTime();
  if (last === undefined) return fallback;
  const timeOfDay = fallback.getTime() % DAY;
  return new Date(Math.floor(last / DAY) * DAY + DAY + timeOfDay);
}

/** The pseudo-intent of another business's questions mixed into a dataset (see mixInForeign). */
export const FOREIGN_INTENT = "(another business's question)";
/** What the operator answers a question the business has no answer for: a holding reply, never an answer. */
export const HOLDING_REPLY = "Let me check on that and get back to you shortly.";

export interface ForeignTraffic {
  /** Another dataset's questions: traffic no reply of this business answers (out of its domain). */
  examples: readonly LabeledExample[];
  /** How many of them go into the learning part, and how many into the test part. */
  learn: number;
  test: number;
}

/**
 * Mixes a seeded sample of another business's questions into both parts, each answered with the holding reply:
 * real history holds questions the business does not answer, and the reply operators give them must never become
 * an automatic answer for everything unknown. They keep their own pseudo-intent, so they are scored apart.
 */
export function mixInForeign(
  split: ScopedSplit,
  foreign: ForeignTraffic,
  seed: number,
): ScopedSplit {
  const wanted = foreign.learn + foreign.test;
  if (wanted === 0) return split;
  const random = createRandom(seed + 7);
  const taken = sampleExamples(foreign.examples, wanted, seed + 7).map(
    (example): LabeledExample => ({
      text: example.text,
      intent: FOREIGN_INTENT,
      reply: HOLDING_REPLY,
    }),
  );
  return {
    ...split,
    learn: shuffled([...split.learn, ...taken.slice(0, foreign.learn)], random),
    test: shuffled([...split.test, ...taken.slice(foreign.learn)], random),
  };
}

/** The day the learning part starts. */
export const learnFrom = new Date("2025-01-06T14:00:00Z");

/** A dataset as two history files' rows: the part to learn from, then the part replayed after it. */
export interface HistorySplit extends ScopedSplit {
  learnRows: HistoryCsvRow[];
  testRows: HistoryCsvRow[];
  /** Prefix of the test part's message ids (see questionMessageId, replyMessageId). */
  testPrefix: string;
}

/**
 * The seeded split of a dataset (`limit` examples of it, or all), its held-out intents, and both parts as message
 * history: what the learning-quality and history-speed benchmarks import and replay.
 */
export function splitHistory(
  name: string,
  all: readonly LabeledExample[],
  options: {
    learnShare: number;
    oosShare: number;
    seed: number;
    limit?: number | undefined;
    foreign?: ForeignTraffic | undefined;
  },
): HistorySplit {
  const examples =
    options.limit === undefined ? all : sampleExamples(all, options.limit, options.seed);
  const held = holdOutIntents(
    splitByIntent(examples, options.learnShare, options.seed),
    options.oosShare,
    options.seed,
  );
  const scoped = options.foreign ? mixInForeign(held, options.foreign, options.seed) : held;
  const learnRows = exchangeRows(scoped.learn, {
    idPrefix: `${name}-learn`,
    startAt: learnFrom,
    seed: options.seed,
  });
  const testPrefix = `${name}-test`;
  const testRows = exchangeRows(scoped.test, {
    idPrefix: testPrefix,
    startAt: startAfter(learnRows, learnFrom),
    seed: options.seed + 1,
  });
  return { ...scoped, learnRows, testRows, testPrefix };
}
