// Learns from what operators wrote: each customer question and the operator's reply to it (consecutive operator
// messages are one reply) becomes an example of a pattern, merged into one that says the same or a new one.
// Before that, if Playbook had matched the question, the reply is feedback: did the operator say what the
// pattern would have said?
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Tx } from "@playbook/db";
import {
  approvalQueue,
  customers,
  decisions,
  imports,
  messages,
  patternExamples,
  patternVersions,
  patterns,
} from "@playbook/db/schema";
import { assessExchange } from "../learning/assess-exchange";
import type { ExtractedPattern } from "../learning/extracted-pattern";
import { piiKinds } from "../learning/mask-pii";
import { maskPersonalData, templatizeText } from "../learning/templatize-reply";
import type { AnswerRegistry } from "../learning/answer-registry";
import { splitReplyFrame } from "../learning/reply-framing";
import { getSettings, type Settings } from "../settings/settings";
import { textSignature } from "../text/normalize-text";
import { applyPatternFeedback } from "./apply-pattern-feedback";
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
    prepareExchange(exchange);

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
  const variableValues = templatizeText(replyText, { customerName: exchange.customerName }).values;
  return { customerText, replyText, assessment, variableValues, lastQuestion, firstReply };
}

/**
 * Whether an operator's own reply (PII-masked) says the pattern's answer, by the strict rule: greeting and
 * sign-off aside, the same text or nearly so, and closer to it than to any other pattern's answer.
 */
export function operatorAgreed(
  answers: AnswerRegistry,
  maskedReply: string,
  patternId: string,
  customerName: string | null,
): boolean {
  return answers.says(templatizeText(maskedReply, { customerName }).template, patternId);
}

/** A pattern is one answer: its template keeps the answer, not the greeting or sign-off it was written with. */
export function answerOnly(extracted: ExtractedPattern): ExtractedPattern {
  const { core } = splitReplyFrame(extracted.responseTemplate);
  return core === extracted.responseTemplate ? extracted : { ...extracted, responseTemplate: core };
}

/** The review an operator's hand-written answer gives the decision it answered. */
export function answeredByHand(agreed: boolean, now: Date) {
  return {
    outcome: "answered" as const,
    outcomeAt: now,
    review: agreed ? ("approved" as const) : ("rejected" as const),
    reviewReason: agreed ? "answered by hand: same reply" : "answered by hand: different reply",
    reviewedAt: now,
  };
}

/** The decision modes whose pattern an operator's hand-written answer judges. */
export function judgedByOperatorAnswer(decision: {
  mode: string;
  outcome: string;
  patternId: string | null;
}): boolean {
  if (!decision.patternId) return false;
  if (!(decision.outcome === "pending" || decision.outcome === "none")) return false;
  // Escalations are for a person whatever the pattern says; an operator's different answer is no verdict on it.
  return !(decision.mode === "auto" || decision.mode === "none" || decision.mode === "escalate");
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

/**
 * An operator answered by hand a message Playbook had matched: the answer is feedback on the pattern, and the
 * suggestion or queue item it made is settled as answered.
 */
async function judgeOperatorAnswer(
  tx: Tx,
  engine: ReplyEngine,
  settings: Settings,
  inboundMessageId: string,
  maskedReply: string,
  customerName: string | null,
): Promise<void> {
  const [decision] = await tx
    .select({
      id: decisions.id,
      patternId: decisions.patternId,
      bestPatternId: sql<string | null>`(${decisions.candidates} -> 0 ->> 'patternId')`,
      mode: decisions.mode,
      outcome: decisions.outcome,
      evidence: decisions.evidence,
    })
    .from(decisions)
    .where(and(eq(decisions.messageId, inboundMessageId), isNull(decisions.review)))
    .for("update", { of: decisions });
  if (!decision) return;
  // Whatever was done with it, the best candidate is judged by what the operator really sent: the judgments
  // the probability is calibrated on.
  const best = decision.patternId ?? decision.bestPatternId;
  if (best) {
    const correct = operatorAgreed(engine.index.answers, maskedReply, best, customerName);
    await tx.update(decisions).set({ correct }).where(eq(decisions.id, decision.id));
    if (decision.evidence) engine.index.recordJudgment({ evidence: decision.evidence, correct });
  }
  if (!decision.patternId || !judgedByOperatorAnswer(decision)) return;

  const agreed = operatorAgreed(
    engine.index.answers,
    maskedReply,
    decision.patternId,
    customerName,
  );
  const now = engine.now();
  await applyPatternFeedback(tx, settings, {
    patternId: decision.patternId,
    kind: agreed ? "operator_agreed" : "operator_disagreed",
    decisionId: decision.id,
    actorUserId: null,
    note: agreed ? "operator replied by hand with the same answer" : "operator replied differently",
    now,
  });
  await tx.update(decisions).set(answeredByHand(agreed, now)).where(eq(decisions.id, decision.id));
  await tx
    .update(approvalQueue)
    .set({ status: "answered", resolvedAt: now, reason: "answered by hand" })
    .where(and(eq(approvalQueue.decisionId, decision.id), eq(approvalQueue.status, "pending")));
}

/** Adds the exchange to the pattern whose reply says the same thing, or creates a new inactive pattern. */
export async function mergeOrCreatePattern(
  tx: Tx,
  engine: ReplyEngine,
  extracted: ExtractedPattern,
  example: {
    inboundMessageId: string | null;
    outboundMessageId: string | null;
    source: "learned" | "imported" | "manual";
    qualityScore: number;
    /** What each variable stood for in this reply. */
    variableValues: Partial<Record<string, string>>;
    /** The customer's words, PII-masked: what the match index searches. */
    customerText: string;
  },
): Promise<Extract<LearnOutcome, { state: "learned" }>> {
  const values = shareableValues(example.variableValues, extracted.variables);
  // The index knows every pattern's answer (refreshed by the caller): the one this reply says, if any. The
  // database confirms it still exists.
  const found = engine.index.answers.find(extracted.responseTemplate);
  const rows =
    found === undefined
      ? []
      : await tx
          .select({ id: patterns.id, defaults: patterns.variableDefaults })
          .from(patterns)
          .where(and(eq(patterns.id, found), isNull(patterns.deletedAt)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const match = rows[0]?.id;

  let patternId = match;
  if (!patternId) {
    const [created] = await tx
      .insert(patterns)
      .values(newPatternValues(extracted, values, example, engine.now()))
      .returning({ id: patterns.id });
    if (!created) throw new Error("pattern insert returned no row");
    patternId = created.id;
    await tx.insert(patternVersions).values(firstPatternVersion(patternId, extracted));
  } else {
    // A value that differs in this example is not a constant of the pattern after all.
    const kept = keptDefaults(byId.get(patternId)?.defaults ?? {}, values);
    await tx
      .update(patterns)
      .set({ updatedAt: engine.now(), variableDefaults: kept })
      .where(eq(patterns.id, patternId));
  }

  const [row] = await tx
    .insert(patternExamples)
    .values({
      patternId,
      customerText: example.customerText,
      replyText: extracted.responseTemplate,
      inboundMessageId: example.inboundMessageId,
      outboundMessageId: example.outboundMessageId,
      source: example.source,
      qualityScore: example.qualityScore,
    })
    .returning({ id: patternExamples.id });
  if (!row) throw new Error("example insert returned no row");
  return { state: "learned", patternId, exampleId: row.id, created: !match };
}

/** A pattern learned from its first example: untrusted and off until a human turns it on. */
export function newPatternValues(
  extracted: ExtractedPattern,
  defaults: Record<string, string>,
  example: { source: "learned" | "imported" | "manual"; qualityScore: number },
  now: Date,
) {
  return {
    type: extracted.type,
    signature: textSignature(extracted.triggerText),
    triggerText: extracted.triggerText,
    triggerKeywords: extracted.triggerKeywords,
    responseTemplate: extracted.responseTemplate,
    responseSignature: textSignature(extracted.responseTemplate),
    variables: extracted.variables,
    actionTemplate: extracted.actionTemplate,
    variableDefaults: defaults,
    confidence: 0.5,
    isActive: false,
    createdFrom: example.source === "imported" ? ("imported" as const) : ("learned" as const),
    qualityScore: example.qualityScore,
    firstSeenAt: now,
  };
}

export function firstPatternVersion(patternId: string, extracted: ExtractedPattern) {
  return {
    patternId,
    version: 1,
    snapshot: {
      type: extracted.type,
      triggerText: extracted.triggerText,
      triggerKeywords: extracted.triggerKeywords,
      responseTemplate: extracted.responseTemplate,
      variables: extracted.variables,
      actionTemplate: extracted.actionTemplate,
      tags: [],
      notes: null,
    },
    changeReason: "learned from an operator reply",
  };
}

/** The defaults a pattern keeps after another example: only values this example repeats. */
export function keptDefaults(
  defaults: Readonly<Record<string, string>>,
  values: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(defaults).filter(([name, value]) => values[name] === value),
  );
}

// Masked personal data never becomes a default, and neither does the customer's name.
const personalVariables: ReadonlySet<string> = new Set(["customer_name", ...piiKinds]);

export function shareableValues(
  values: Partial<Record<string, string>>,
  variables: readonly string[],
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of variables) {
    const value = values[name];
    if (value !== undefined && !personalVariables.has(name)) kept[name] = value;
  }
  return kept;
}
