// Learns from what operators wrote: each customer question and the operator's reply to it (consecutive operator
// messages are one reply) becomes an example of a pattern, merged into one that says the same or a new one.
// Before that, if Playbook had matched the question, the reply is feedback: did the operator say what the
// pattern would have said?
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "@playbook/db";
import { customers, imports, messages, patternExamples, patterns } from "@playbook/db/schema";
import { assessExchange } from "../learning/assess-exchange";
import { maskPersonalData, templatizeText } from "../learning/templatize-reply";
import { getSettings, type Settings } from "../settings/settings";
import { judgeOperatorAnswer } from "./judge-operator-answer";
import { mergeOrCreatePattern } from "./merge-pattern";
import { answerOnly, businessConstantCandidates } from "./pattern-values";
import type { ReplyEngine } from "./reply-engine";

type MessageRow = typeof messages.$inferSelect;

/** One customer question and the operator reply to it, as stored messages. */
export interface Exchange {
  question: MessageRow[];
  reply: MessageRow[];
  customerName: string | null;
}

export type LearnOutcome =
  | { state: "learned"; patternId: string; exampleId: string; created: boolean }
  | { state: "voided" | "no_question"; reason: string };

// How many learned messages of one conversation are looked at to find its question/reply runs.
const CONVERSATION_WINDOW = 500;

/**
 * Learns every settled reply waiting in the given conversation (or in all of them). A reply is settled when the
 * conversation moved on after it, or when `replySettleSeconds` passed without another operator message.
 */
export async function learnPendingExchanges(
  engine: ReplyEngine,
  opts: { conversationId?: string; limit?: number } = {},
): Promise<{ learned: number; voided: number; created: number }> {
  const { db } = engine.database;
  const settings = await getSettings(db);
  const pending = await db
    .selectDistinct({ conversationId: messages.conversationId })
    .from(messages)
    .where(
      and(
        eq(messages.learnState, "pending"),
        opts.conversationId ? eq(messages.conversationId, opts.conversationId) : undefined,
        // An import holds its replies until they settle in the history's own time; while one runs, its
        // replies are its to learn. One a stopped import left behind is learned here once no import runs.
        sql`(${messages.importKey} is null or not exists (
          select 1 from ${imports} where ${imports.status} = 'processing'))`,
      ),
    )
    .limit(opts.limit ?? 200);

  const totals = { learned: 0, voided: 0, created: 0 };
  for (const { conversationId } of pending) {
    const exchanges = await settledExchanges(engine, conversationId, settings);
    for (const exchange of exchanges) {
      const outcome = await learnExchange(engine, settings, exchange);
      if (outcome?.state === "learned") {
        totals.learned += 1;
        if (outcome.created) totals.created += 1;
      } else if (outcome) totals.voided += 1;
    }
  }
  return totals;
}

async function settledExchanges(
  engine: ReplyEngine,
  conversationId: string,
  settings: Settings,
): Promise<Exchange[]> {
  // The conversation's latest messages with the customer's name, in one query; put in time order below.
  const rows = await engine.database.db
    .select({ message: messages, customerName: customers.name })
    .from(messages)
    .innerJoin(customers, eq(customers.id, messages.customerId))
    .where(eq(messages.conversationId, conversationId))
    .orderBy(desc(messages.sentAt), desc(messages.createdAt))
    .limit(CONVERSATION_WINDOW);
  const history = rows.map((r) => r.message).reverse();
  const customerName = rows[0]?.customerName ?? null;
  const settleBefore = engine.now().getTime() - settings.replySettleSeconds * 1000;
  return findExchanges(history, settleBefore).map((e) => ({ ...e, customerName }));
}

/**
 * Splits a conversation into question/reply exchanges: a reply is a run of consecutive operator messages, its
 * question the customer messages since the previous outbound message. Only runs with a message still pending
 * and settled (followed by anything, or older than `settleBefore`) are returned.
 */
export function findExchanges(
  history: readonly MessageRow[],
  settleBefore: number,
): Omit<Exchange, "customerName">[] {
  const exchanges: Omit<Exchange, "customerName">[] = [];
  let question: MessageRow[] = [];
  let reply: MessageRow[] = [];
  const close = (followed: boolean) => {
    if (reply.length === 0) return;
    const last = reply[reply.length - 1]!;
    const settled = followed || last.sentAt.getTime() <= settleBefore;
    if (settled && reply.some((m) => m.learnState === "pending")) {
      exchanges.push({ question, reply });
    }
    question = [];
    reply = [];
  };
  for (const message of history) {
    const byOperator = message.direction === "outbound" && !message.sentByPlaybook;
    if (byOperator) {
      reply.push(message);
      continue;
    }
    close(true);
    if (message.direction === "inbound") question.push(message);
    // A message Playbook sent answers the question before it: the next question starts after it.
    else question = [];
  }
  close(false);
  return exchanges;
}

/** Learns one exchange; null when another process learned it first. */
export async function learnExchange(
  engine: ReplyEngine,
  settings: Settings,
  exchange: Exchange,
  opts: {
    source?: "learned" | "imported";
    /**
     * False for a reply that is not an operator's pending message (an edit sent through the dashboard): nothing
     * is claimed or marked, and the decision it answered was already judged by its review.
     */
    trackMessages?: boolean;
  } = {},
): Promise<LearnOutcome | null> {
  const trackMessages = opts.trackMessages ?? true;
  const { customerText, replyText, assessment, variableValues, lastQuestion, firstReply } =
    prepareExchange({ ...exchange, customerKey: exchange.question[0]?.customerId ?? "" });

  // The extractor may call OpenAI: never inside a transaction.
  const extraction =
    lastQuestion && assessment.learnable
      ? await engine.extract({ customerText, replyText, customerName: exchange.customerName })
      : null;

  const result = await engine.database.db.transaction(async (tx) => {
    await engine.index.refresh(tx);
    const replyIds = exchange.reply.map((m) => m.id);
    if (trackMessages) {
      const stillPending = await tx
        .select({ id: messages.id })
        .from(messages)
        .where(and(inArray(messages.id, replyIds), eq(messages.learnState, "pending")))
        .for("update");
      if (stillPending.length === 0) return null;
    }

    // With a short settle time, the first messages of a reply may have been learned on their own; the whole
    // reply replaces what they taught.
    const superseded = trackMessages ? await supersedeEarlierExamples(tx, exchange.reply) : [];

    if (trackMessages && lastQuestion && assessment.learnable && superseded.length === 0) {
      // The pattern index knows every answer as of now: it judges the operator's reply.
      await judgeOperatorAnswer(
        tx,
        engine,
        settings,
        lastQuestion.id,
        replyText,
        exchange.customerName,
      );
    }

    let outcome: LearnOutcome;
    if (!lastQuestion) outcome = { state: "no_question", reason: "no customer message before it" };
    else if (!extraction) outcome = { state: "voided", reason: assessment.reason ?? "voided" };
    else {
      outcome = await mergeOrCreatePattern(tx, engine, answerOnly(extraction.pattern), {
        inboundMessageId: lastQuestion.id,
        outboundMessageId: firstReply.id,
        source: opts.source ?? "learned",
        qualityScore: assessment.qualityScore,
        variableValues,
        customerText,
      });
    }
    if (trackMessages) {
      await tx
        .update(messages)
        .set({
          learnState:
            outcome.state === "learned"
              ? "learned"
              : outcome.state === "no_question"
                ? "no_question"
                : "voided",
          learnNote: outcome.state === "learned" ? `example:${outcome.exampleId}` : outcome.reason,
        })
        .where(inArray(messages.id, replyIds));
    }
    return {
      outcome,
      pattern: extraction ? answerOnly(extraction.pattern) : null,
      superseded,
    };
  });

  for (const gone of result?.superseded ?? []) {
    if (gone.patternDeleted) engine.index.removePattern(gone.patternId);
    else engine.index.removeExample(gone.exampleId);
  }
  if (result?.outcome.state === "learned" && result.pattern) {
    const { patternId, exampleId, created } = result.outcome;
    engine.index.addExample({ id: exampleId, patternId, text: customerText });
    if (created) {
      engine.index.addTrigger(
        patternId,
        result.pattern.triggerText,
        result.pattern.responseTemplate,
      );
    }
  }
  return result?.outcome ?? null;
}

/** What one exchange teaches, before anything is stored: masked texts, its assessment and its values. */
export function prepareExchange<M extends { body: string; sentAt: Date }>(exchange: {
  question: readonly M[];
  reply: readonly M[];
  customerName: string | null;
  /** Who the customer is (an id): a business constant must be seen with two different customers. */
  customerKey: string;
}) {
  // Nothing that identifies the customer goes into a pattern or to an LLM: PII and their name are masked.
  const who = { customerName: exchange.customerName };
  const customerText = maskPersonalData(exchange.question.map((m) => m.body).join("\n"), who);
  const replyText = maskPersonalData(exchange.reply.map((m) => m.body).join("\n"), who);
  const lastQuestion = exchange.question[exchange.question.length - 1];
  const firstReply = exchange.reply[0];
  if (!firstReply) throw new Error("an exchange without a reply");
  const assessment = assessExchange({
    customerText,
    replyText,
    replyDelaySeconds: lastQuestion
      ? (firstReply.sentAt.getTime() - lastQuestion.sentAt.getTime()) / 1000
      : null,
  });
  const variableValues = {
    ...templatizeText(replyText, { customerName: exchange.customerName }).values,
    ...businessConstantCandidates(
      exchange.reply.map((m) => m.body).join("\n"),
      exchange.question.map((m) => m.body).join("\n"),
      exchange.customerKey,
    ),
  };
  return { customerText, replyText, assessment, variableValues, lastQuestion, firstReply };
}

/**
 * Removes the examples that earlier parts of this reply were learned as. A pattern that existed only because of
 * such an example (still inactive and unchanged) goes with it.
 */
async function supersedeEarlierExamples(tx: Tx, reply: readonly MessageRow[]) {
  const exampleIds = reply
    .filter((m) => m.learnState === "learned" && m.learnNote?.startsWith("example:"))
    .map((m) => m.learnNote!.slice("example:".length));
  if (exampleIds.length === 0) return [];
  const removed = await tx
    .delete(patternExamples)
    .where(inArray(patternExamples.id, exampleIds))
    .returning({ exampleId: patternExamples.id, patternId: patternExamples.patternId });
  const result: { exampleId: string; patternId: string; patternDeleted: boolean }[] = [];
  for (const { exampleId, patternId } of removed) {
    const deleted = await tx
      .delete(patterns)
      .where(
        and(
          eq(patterns.id, patternId),
          eq(patterns.isActive, false),
          eq(patterns.version, 1),
          sql`not exists (select 1 from ${patternExamples} e where e.pattern_id = ${patterns.id})`,
        ),
      )
      .returning({ id: patterns.id });
    result.push({ exampleId, patternId, patternDeleted: deleted.length > 0 });
  }
  return result;
}
