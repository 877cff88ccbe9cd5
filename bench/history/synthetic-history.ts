// A synthetic golf-simulator SMS history in the import format, streamed to disk so a million rows cost no memory:
// customers text questions (paraphrases of intents from the core's synthetic corpus), operators answer with the
// intent's canned reply, sometimes followed by a thank-you or a second question.
import { buildSyntheticCorpus, createRandom, paraphraseText } from "@playbook/core/testing";
import { answerForIntent, type IntentAnswer } from "./golf-operator-replies";
import { openHistoryCsv, type HistoryCsvRow } from "./history-csv";
import { pick } from "./seeded-choice";
import { syntheticCustomer } from "./synthetic-customers";

export interface SyntheticHistoryOptions {
  /** Rows (messages) to write. */
  messages: number;
  customers: number;
  /** Drives who asks what and when; the intents and their replies are the same for every seed. */
  seed: number;
  /** When the first conversation starts (default 2025-03-01T13:00:00Z, 9am in Nova Scotia). */
  startAt?: Date;
  /** How many distinct intents customers ask about (default 400). */
  intents?: number;
}

export interface SyntheticHistorySummary {
  rows: number;
  inbound: number;
  outbound: number;
  conversations: number;
  firstSentAt: Date | null;
  lastSentAt: Date | null;
}

// Fixed so that a learning file and a replay file written with different seeds ask about the same intents.
const CORPUS_SEED = 7;
const EXAMPLES_PER_INTENT = 8;
const MINUTE = 60_000;
// Mean time between new conversations while the business is open (from 9am to 11pm, UTC-4).
const MEAN_GAP_MS = 40_000;
const OPEN_UTC_HOUR = 13;
const CLOSE_UTC_HOUR = 3;
// A customer's next conversation starts more than the importer's 60-minute idle gap after their last message.
const CONVERSATION_GAP_MS = 61 * MINUTE;

const operators = ["Dana", "Priya", "Marcus", "Ellie"];
const thanks = [
  "thanks!",
  "perfect, thank you",
  "great see you then",
  "awesome thx",
  "ok cool thanks",
];
const welcomes = ["You're welcome!", "Anytime, enjoy your round!", "No problem!"];

interface Intent {
  examples: readonly string[];
  answer: IntentAnswer;
}

function buildIntents(count: number): Intent[] {
  return buildSyntheticCorpus(count, EXAMPLES_PER_INTENT, CORPUS_SEED).map((entry, index) => ({
    examples: entry.examples,
    answer: answerForIntent(entry.examples, createRandom(CORPUS_SEED * 100_003 + index)),
  }));
}

/** Closed hours skip to the next opening: nobody texts at 4am in this history. */
function withinOpeningHours(ms: number): number {
  const date = new Date(ms);
  const hour = date.getUTCHours();
  if (hour >= CLOSE_UTC_HOUR && hour < OPEN_UTC_HOUR) date.setUTCHours(OPEN_UTC_HOUR, 0, 0, 0);
  return date.getTime();
}

export async function writeSyntheticHistory(
  path: string,
  options: SyntheticHistoryOptions,
): Promise<SyntheticHistorySummary> {
  const { messages, customers, seed } = options;
  if (!Number.isInteger(messages) || messages < 0) throw new Error("messages: a whole number ≥ 0");
  if (!Number.isInteger(customers) || customers < 1)
    throw new Error("customers: a whole number ≥ 1");
  const random = createRandom(seed);
  const intents = buildIntents(options.intents ?? 400);
  // When each customer may start a new conversation (0: any time).
  const freeAt = new Float64Array(customers);
  let clock = withinOpeningHours((options.startAt ?? new Date("2025-03-01T13:00:00Z")).getTime());
  let sequence = 0;

  // Conversations overlap, so their rows wait here, sorted by time, until no later conversation can precede them.
  const pending: HistoryCsvRow[] = [];
  const enqueue = (row: Omit<HistoryCsvRow, "messageId">) => {
    const at = row.sentAt.getTime();
    let low = 0;
    let high = pending.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((pending[middle]?.sentAt.getTime() ?? 0) <= at) low = middle + 1;
      else high = middle;
    }
    pending.splice(low, 0, { ...row, messageId: `SYN${seed}-${++sequence}` });
  };

  const writer = openHistoryCsv(path);
  const summary: SyntheticHistorySummary = {
    rows: 0,
    inbound: 0,
    outbound: 0,
    conversations: 0,
    firstSentAt: null,
    lastSentAt: null,
  };
  const writeUpTo = async (until: number) => {
    while (summary.rows < messages && (pending[0]?.sentAt.getTime() ?? Infinity) <= until) {
      const row = pending.shift()!;
      await writer.write(row);
      summary.rows += 1;
      summary[row.direction] += 1;
      summary.firstSentAt ??= row.sentAt;
      summary.lastSentAt = row.sentAt;
    }
  };

  // Popular questions come up far more often than rare ones, as in a real inbox.
  const askedIntent = () => intents[Math.floor(random() * random() * intents.length)]!;

  try {
    while (sequence < messages) {
      clock = withinOpeningHours(clock - Math.log(1 - random()) * MEAN_GAP_MS);
      // A customer still in a conversation is skipped; when every try finds one busy, the clock waits.
      let customerIndex = Math.floor(random() * customers);
      for (let tries = 1; (freeAt[customerIndex] ?? 0) > clock && tries < 5; tries++) {
        customerIndex = Math.floor(random() * customers);
      }
      clock = Math.max(clock, freeAt[customerIndex] ?? 0);
      await writeUpTo(clock);

      const customer = syntheticCustomer(customerIndex);
      const operator = pick(random, operators);
      const message = (at: number, direction: "inbound" | "outbound", body: string) =>
        enqueue({
          conversationId: customer.threadId,
          sentAt: new Date(at),
          direction,
          customerPhone: customer.phone,
          customerName: customer.fullName,
          operator: direction === "outbound" ? operator : null,
          body,
        });
      const exchange = (at: number) => {
        const intent = askedIntent();
        const question = paraphraseText(
          pick(random, intent.examples),
          Math.floor(random() * 2 ** 32),
        );
        message(at, "inbound", question);
        const repliedAt = at + (1 + random() * 4) * MINUTE;
        message(repliedAt, "outbound", intent.answer.render(random, { ...customer, operator }));
        return repliedAt;
      };

      let last = exchange(clock);
      const followUp = random();
      if (followUp < 0.1) {
        last = exchange(last + (2 + random() * 13) * MINUTE);
      } else if (followUp < 0.35) {
        last += (1 + random() * 9) * MINUTE;
        message(last, "inbound", pick(random, thanks));
        if (random() < 0.5) {
          last += (1 + random() * 2) * MINUTE;
          message(last, "outbound", pick(random, welcomes));
        }
      }
      freeAt[customerIndex] = last + CONVERSATION_GAP_MS;
      summary.conversations += 1;
    }
    await writeUpTo(Infinity);
  } finally {
    await writer.close();
  }
  return summary;
}

/**
 * A file to learn from and a file to replay that continues the same venue's history (same intents, same customers)
 * after a quiet night: what the replay benchmarks measure with.
 */
export async function writeLearnAndReplayHistories(
  files: { learn: string; replay: string },
  options: { learnRows: number; rows: number; customers: number; seed: number },
): Promise<void> {
  const learned = await writeSyntheticHistory(files.learn, {
    messages: options.learnRows,
    customers: options.customers,
    seed: options.seed,
  });
  await writeSyntheticHistory(files.replay, {
    messages: options.rows,
    customers: options.customers,
    seed: options.seed + 1,
    startAt: new Date((learned.lastSentAt?.getTime() ?? Date.UTC(2025, 2, 1)) + 12 * 3_600_000),
  });
}
