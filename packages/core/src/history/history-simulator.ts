// Plays a business's message history through Playbook, message by message in time order, as if it were live:
// the same conversation grouping, the same decision for every customer message, the same feedback from the
// operator's actual reply, the same learning. State lives in memory; an import writes what changed after each
// batch (see import-writer.ts), a replay writes nothing and reports each decision against the real reply.
import { randomUUID } from "node:crypto";
import type { patterns } from "@playbook/db/schema";
import {
  confidenceAfterFeedback,
  isNegative,
  isSuccess,
  shouldDeactivateAfterRejection,
  type FeedbackKind,
} from "../confidence/apply-feedback";
import { conversationStep, rhythmSample } from "../learning/conversation-boundaries";
import { detectOptKeyword } from "../learning/detect-opt-keyword";
import { extractPatternLocally } from "../learning/extract-pattern-locally";
import type { ExtractedPattern } from "../learning/extracted-pattern";
import {
  answeredByHand,
  firstPatternVersion,
  judgedByOperatorAnswer,
  answerOnly,
  keptDefaults,
  newPatternValues,
  operatorAgreed,
  prepareExchange,
  shareableValues,
} from "../engine/learn-exchanges";
import type { PatternIndex } from "../engine/pattern-index";
import {
  decisionCandidateLimit,
  matchQueryFor,
  planFromMatch,
  type DecisionPlan,
} from "../engine/plan-decision";
import type { Settings } from "../settings/settings";

export type PatternRow = typeof patterns.$inferSelect;
type LearnState = "pending" | "learned" | "voided" | "no_question";

/** One message of the history, in the order it is played. */
export interface PlayedMessage {
  key: string;
  messageId: string | null;
  conversationRef: string | null;
  line: number;
  sentAt: Date;
  direction: "inbound" | "outbound";
  customerPhone: string;
  customerName: string | null;
  operator: string | null;
  body: string;
}

/** A message as the simulator keeps it while its exchange is open. */
export interface HeldMessage {
  id: string;
  direction: "inbound" | "outbound";
  body: string;
  sentAt: Date;
  learnState: LearnState | null;
  /** The row it came from; null for a message loaded from the database. */
  played: PlayedMessage | null;
}

export interface DecisionState {
  id: string;
  messageId: string;
  conversationId: string;
  patternId: string | null;
  mode: DecisionPlan["mode"];
  /** When it was decided: the message's own time. */
  createdAt: Date;
  /** What the pattern's template was when it was proposed; null when nothing matched. */
  template: string | null;
  /** The pattern's confidence, the match score and the rendered reply at the time of the decision. */
  confidence: number | null;
  matchScore: number | null;
  proposedReply: string | null;
  /** The best candidate's rendered reply, proposed or not, and the calibrated probability that it is right. */
  bestReply: string | null;
  probability: number | null;
  evidence: DecisionPlan["evidence"];
  /** Whether the best candidate's reply was what the operator sent (strict rule); null until answered. */
  correct: boolean | null;
  outcome: "none" | "answered";
  review: "approved" | "rejected" | null;
  reviewedAt: Date | null;
}

export interface ConversationState {
  id: string;
  customerId: string;
  providerConversationId: string | null;
  status: "open" | "closed";
  startedAt: Date;
  lastMessageAt: Date;
  endedAt: Date | null;
  endReason: "idle_timeout" | "closing_phrase" | "manual" | null;
  escalatedAt: Date | null;
  /** Its latest messages' times, oldest first, negative for outbound: enough for its reply rhythm. */
  rhythm: number[];
  lastOutbound: { body: string; sentAt: Date } | null;
  lastInboundAt: Date | null;
  /** The open exchange: the customer's question so far and the operator's reply run after it. */
  question: HeldMessage[];
  reply: HeldMessage[];
  questionDecision: DecisionState | null;
  /**
   * The exchange learned when its reply settled, until the customer writes again: an operator message sent
   * after it still belongs to that reply (as live), which is then learned again as a whole.
   */
  settled: SettledExchange | null;
}

export interface SettledExchange {
  question: HeldMessage[];
  reply: HeldMessage[];
  questionDecision: DecisionState | null;
  exampleId: string | null;
  patternId: string | null;
  createdPattern: boolean;
}

export interface CustomerState {
  id: string;
  phone: string;
  name: string | null;
  isVip: boolean;
  optedOut: boolean;
  optedOutAt: Date | null;
  conversation: ConversationState | null;
  /** Times of this customer's automatic decisions, for the rate-limit gate. */
  autoDecisionTimes: number[];
}

/** One customer message that got an operator reply: what Playbook decided, and whether it was right. */
export interface AnsweredMessage {
  message: PlayedMessage | null;
  conversationId: string;
  decision: DecisionState;
  /** The operator's reply as they wrote it. */
  operatorReply: string;
  /** Whether the decided (or, for "none", the best) pattern says what the operator said. */
  matched: boolean;
}

/** Everything that changed since the last `takeChanges()`: what an import writes in one transaction. */
export interface HistoryChanges {
  messages: {
    id: string;
    conversationId: string;
    customerId: string;
    played: PlayedMessage;
  }[];
  learnStates: Map<string, { state: LearnState; note: string | null }>;
  conversations: Map<string, ConversationState>;
  newConversationIds: Set<string>;
  customers: Map<string, CustomerState>;
  /** New decisions with their full trace; their state is read when they are written. */
  newDecisions: { decision: DecisionState; plan: DecisionPlan }[];
  /** Decisions an operator's reply judged after they were written. */
  judgedDecisions: Map<string, DecisionState>;
  patterns: Map<string, PatternRow>;
  newPatternIds: Set<string>;
  versions: ReturnType<typeof firstPatternVersion>[];
  examples: {
    id: string;
    patternId: string;
    customerText: string;
    replyText: string;
    inboundMessageId: string | null;
    outboundMessageId: string | null;
    qualityScore: number;
  }[];
  confidenceEvents: {
    patternId: string;
    oldConfidence: number;
    newConfidence: number;
    reason: FeedbackKind;
    decisionId: string;
    note: string;
    createdAt: Date;
  }[];
  deactivated: { patternId: string; reason: string }[];
  /** Examples replaced by a longer version of their reply, and patterns that existed only for them. */
  removedExamples: string[];
  removedPatterns: string[];
}

function emptyChanges(): HistoryChanges {
  return {
    messages: [],
    learnStates: new Map(),
    conversations: new Map(),
    newConversationIds: new Set(),
    customers: new Map(),
    newDecisions: [],
    judgedDecisions: new Map(),
    patterns: new Map(),
    newPatternIds: new Set(),
    versions: [],
    examples: [],
    confidenceEvents: [],
    deactivated: [],
    removedExamples: [],
    removedPatterns: [],
  };
}

export interface HistorySimulatorOptions {
  settings: Settings;
  /** Every pattern that is not deleted, by id; the simulator updates these rows in place. */
  patterns: Map<string, PatternRow>;
  index: PatternIndex;
  /**
   * "import": decisions are taken in shadow (history is never answered again) and recorded.
   * "what-if": every pattern counts as active and auto-executable and automation as on, so thresholds and
   * gates alone decide. "real": the patterns' activation and the settings as they are.
   */
  policy: "import" | "what-if" | "real";
  onAnswered?: (answered: AnsweredMessage) => void;
}

const EXAMPLES_PER_INDEX_UPDATE = 32;

// A pattern that keeps matching is in use and must not decay; the hour is precise enough (as live).
const LAST_USED_RESOLUTION_MS = 3_600_000;

export class HistorySimulator {
  private readonly settings: Settings;
  private readonly decisionSettings: Settings;
  private readonly patterns: Map<string, PatternRow>;
  private readonly negativeFeedback = new Map<string, Date[]>();
  private changes = emptyChanges();
  // Open replies in the order their last message was sent; a reply is settled (and learned) once
  // replySettleSeconds passed without another operator message, as the live worker does.
  private settleQueue: { customer: CustomerState; at: number }[] = [];
  private settleHead = 0;
  // Learned examples on their way into the match index (see flushExamples).
  private pendingExamples: { id: string; patternId: string; text: string }[] = [];
  // Examples this run added to each pattern: a pattern made for one example that is taken back goes with it.
  private readonly examplesLearned = new Map<string, number>();

  constructor(private readonly opts: HistorySimulatorOptions) {
    this.settings = opts.settings;
    this.decisionSettings =
      opts.policy === "import"
        ? { ...opts.settings, shadowMode: true }
        : opts.policy === "what-if"
          ? { ...opts.settings, enabled: true, shadowMode: false }
          : opts.settings;
    this.patterns = opts.patterns;
  }

  /** Plays one message for its customer (whose state the caller loaded). */
  play(customer: CustomerState, message: PlayedMessage): void {
    this.settleUpTo(message.sentAt.getTime());
    if (message.customerName && message.customerName !== customer.name) {
      customer.name = message.customerName;
      this.changes.customers.set(customer.id, customer);
    }
    const conversation = this.conversationFor(customer, message);
    const held: HeldMessage = {
      id: randomUUID(),
      direction: message.direction,
      body: message.body,
      sentAt: message.sentAt,
      learnState: message.direction === "outbound" ? "pending" : null,
      played: message,
    };
    this.changes.messages.push({
      id: held.id,
      conversationId: conversation.id,
      customerId: customer.id,
      played: message,
    });
    this.addToConversation(conversation, held);

    if (message.direction === "outbound") {
      // Consecutive operator messages are one reply, even when its first part had settled and been learned.
      if (conversation.reply.length === 0 && conversation.settled) {
        conversation.question = conversation.settled.question;
        conversation.reply = [...conversation.settled.reply];
        conversation.questionDecision = conversation.settled.questionDecision;
      }
      conversation.reply.push(held);
      this.awaitSettling(customer, held.sentAt);
      return;
    }
    // The customer wrote again: the reply before it is settled and is learned now, before this message is
    // decided, so the decision sees what that reply taught (as live, where the reply was learned long before).
    this.closeExchange(customer, conversation);
    conversation.question.push(held);
    conversation.questionDecision = this.decide(customer, conversation, held);
  }

  /** Learns every reply still open: the history has ended, so they are settled. */
  finish(customers: Iterable<CustomerState>): void {
    this.settleUpTo(Number.POSITIVE_INFINITY);
    for (const customer of customers) {
      if (customer.conversation) this.closeExchange(customer, customer.conversation);
    }
  }

  /** Queues a reply loaded from the database, still open, to settle like the others. */
  awaitSettling(customer: CustomerState, lastReplyAt: Date): void {
    const entry = { customer, at: lastReplyAt.getTime() };
    // Played messages come in time order; a reply loaded from the database may be older than those queued.
    let at = this.settleQueue.length;
    while (at > this.settleHead && this.settleQueue[at - 1]!.at > entry.at) at -= 1;
    this.settleQueue.splice(at, 0, entry);
  }

  private settleUpTo(now: number): void {
    const settleMs = this.settings.replySettleSeconds * 1000;
    while (this.settleHead < this.settleQueue.length) {
      const entry = this.settleQueue[this.settleHead]!;
      if (entry.at + settleMs > now) break;
      this.settleHead += 1;
      const conversation = entry.customer.conversation;
      const last = conversation?.reply[conversation.reply.length - 1];
      // A later operator message queued the reply again; only its last message's entry settles it.
      if (conversation && last && last.sentAt.getTime() === entry.at) {
        this.closeExchange(entry.customer, conversation, { settledByTime: true });
      }
    }
    if (this.settleHead > 4096 && this.settleHead * 2 > this.settleQueue.length) {
      this.settleQueue = this.settleQueue.slice(this.settleHead);
      this.settleHead = 0;
    }
  }

  /** Hands over what changed since the last call and starts collecting afresh. */
  takeChanges(): HistoryChanges {
    this.flushExamples();
    const taken = this.changes;
    this.changes = emptyChanges();
    return taken;
  }

  private conversationFor(customer: CustomerState, message: PlayedMessage): ConversationState {
    const current = customer.conversation;
    if (current && current.status === "open") {
      const step = conversationStep(
        {
          lastMessageAt: current.lastMessageAt,
          chronological: current.rhythm.map((t) => ({
            direction: t < 0 ? ("outbound" as const) : ("inbound" as const),
            sentAt: new Date(Math.abs(t)),
          })),
          lastOutbound: current.lastOutbound,
          lastInboundAt: current.lastInboundAt,
        },
        message,
        this.settings,
      );
      if (!step.newConversation) return current;
      // A reply that ended the conversation is settled by its end.
      this.closeExchange(customer, current);
      current.status = "closed";
      current.endedAt = current.lastMessageAt;
      current.endReason = step.reason;
      this.changes.conversations.set(current.id, current);
    } else if (current) {
      this.closeExchange(customer, current);
    }
    const created: ConversationState = {
      id: randomUUID(),
      customerId: customer.id,
      providerConversationId: message.conversationRef,
      status: "open",
      startedAt: message.sentAt,
      lastMessageAt: message.sentAt,
      endedAt: null,
      endReason: null,
      escalatedAt: null,
      rhythm: [],
      lastOutbound: null,
      lastInboundAt: null,
      question: [],
      reply: [],
      questionDecision: null,
      settled: null,
    };
    customer.conversation = created;
    this.changes.conversations.set(created.id, created);
    this.changes.newConversationIds.add(created.id);
    return created;
  }

  private addToConversation(conversation: ConversationState, message: HeldMessage): void {
    const at = message.sentAt.getTime();
    conversation.rhythm.push(message.direction === "outbound" ? -at : at);
    if (conversation.rhythm.length > rhythmSample) conversation.rhythm.shift();
    if (message.direction === "outbound") {
      conversation.lastOutbound = { body: message.body, sentAt: message.sentAt };
    } else conversation.lastInboundAt = message.sentAt;
    if (message.sentAt > conversation.lastMessageAt) conversation.lastMessageAt = message.sentAt;
    conversation.providerConversationId ??= message.played?.conversationRef ?? null;
    this.changes.conversations.set(conversation.id, conversation);
  }

  private decide(
    customer: CustomerState,
    conversation: ConversationState,
    message: HeldMessage,
  ): DecisionState {
    const now = message.sentAt;
    this.applyOptKeyword(customer, message.body, now);
    const found = this.opts.index.propose(matchQueryFor(message.body), decisionCandidateLimit);
    const patternsById = new Map<string, PatternRow>();
    for (const candidate of found.candidates) {
      const row = this.patterns.get(candidate.patternId);
      if (!row) continue;
      patternsById.set(
        row.id,
        this.opts.policy === "what-if" ? { ...row, isActive: true, autoExecutable: true } : row,
      );
    }
    const windowStart = now.getTime() - this.settings.autoReplyWindowMinutes * 60_000;
    customer.autoDecisionTimes = customer.autoDecisionTimes.filter((t) => t >= windowStart);
    const plan = planFromMatch({
      settings: this.decisionSettings,
      text: message.body,
      customer,
      now,
      sentAt: message.sentAt,
      proposal: found,
      patternsById,
      automatedRepliesInWindow: customer.autoDecisionTimes.length,
    });
    if (plan.mode === "auto") customer.autoDecisionTimes.push(now.getTime());
    if (plan.mode === "escalate" && !conversation.escalatedAt) conversation.escalatedAt = now;

    const best = plan.pattern ?? plan.bestPattern;
    if (plan.pattern) this.markUsed(plan.pattern.id, now);
    const decision: DecisionState = {
      id: randomUUID(),
      messageId: message.id,
      conversationId: conversation.id,
      patternId: best?.id ?? null,
      mode: plan.mode,
      createdAt: now,
      template: best?.responseTemplate ?? null,
      confidence: best?.confidence ?? null,
      matchScore: plan.matchScore,
      proposedReply: plan.proposedReply,
      bestReply: plan.bestReply,
      probability: plan.probability,
      evidence: plan.evidence,
      correct: null,
      outcome: "none",
      review: null,
      reviewedAt: null,
    };
    this.changes.newDecisions.push({ decision, plan });
    return decision;
  }

  private applyOptKeyword(customer: CustomerState, body: string, now: Date): void {
    const keyword = detectOptKeyword(body);
    if (keyword === "stop" && !customer.optedOut) {
      customer.optedOut = true;
      customer.optedOutAt = now;
    } else if (keyword === "start" && customer.optedOut) {
      customer.optedOut = false;
      customer.optedOutAt = null;
    } else return;
    this.changes.customers.set(customer.id, customer);
  }

  private markUsed(patternId: string, now: Date): void {
    const row = this.patterns.get(patternId);
    if (!row) return;
    if (now.getTime() - (row.lastUsedAt?.getTime() ?? 0) <= LAST_USED_RESOLUTION_MS) return;
    row.lastUsedAt = now;
    this.changes.patterns.set(row.id, row);
  }

  /**
   * Judges and learns the open exchange when it has a reply. A reply that settled by time stays open to the
   * operator's follow-ups until the customer writes; anything else closes it for good.
   */
  private closeExchange(
    customer: CustomerState,
    conversation: ConversationState,
    opts: { settledByTime?: boolean } = {},
  ): void {
    const { question, reply } = conversation;
    const decision = conversation.questionDecision;
    const earlier = conversation.settled;
    conversation.settled = null;
    if (reply.length > 0) {
      const learned = this.learn(customer, conversation, question, reply, decision, earlier);
      if (opts.settledByTime) {
        conversation.settled = { question, reply, questionDecision: decision, ...learned };
      }
    }
    if (reply.length > 0 || conversation.status !== "open") {
      conversation.question = [];
      conversation.reply = [];
      conversation.questionDecision = null;
    }
  }

  /** Takes back what an earlier part of a reply taught: its example, and a pattern made only for it. */
  private supersede(earlier: SettledExchange): void {
    if (!earlier.exampleId || !earlier.patternId) return;
    const pending = this.pendingExamples.findIndex((e) => e.id === earlier.exampleId);
    if (pending >= 0) this.pendingExamples.splice(pending, 1);
    else this.opts.index.removeExample(earlier.exampleId);
    this.changes.removedExamples.push(earlier.exampleId);
    const left = (this.examplesLearned.get(earlier.patternId) ?? 1) - 1;
    this.examplesLearned.set(earlier.patternId, left);
    const pattern = this.patterns.get(earlier.patternId);
    if (
      earlier.createdPattern &&
      left === 0 &&
      pattern &&
      !pattern.isActive &&
      pattern.version === 1
    ) {
      this.patterns.delete(pattern.id);
      this.opts.index.removePattern(pattern.id);
      this.changes.removedPatterns.push(pattern.id);
    }
  }

  private learn(
    customer: CustomerState,
    conversation: ConversationState,
    question: HeldMessage[],
    reply: HeldMessage[],
    decision: DecisionState | null,
    earlier: SettledExchange | null,
  ): Pick<SettledExchange, "exampleId" | "patternId" | "createdPattern"> {
    // The whole reply replaces what its first part taught; the verdict on the decision was given then.
    const superseding = earlier !== null && earlier.reply[0] === reply[0];
    if (superseding) this.supersede(earlier);
    const prepared = prepareExchange({ question, reply, customerName: customer.name });
    const { customerText, replyText, assessment, variableValues, lastQuestion, firstReply } =
      prepared;
    const now = firstReply.sentAt;

    if (!superseding && lastQuestion && decision && decision.messageId === lastQuestion.id) {
      const matched =
        decision.patternId !== null &&
        operatorAgreed(this.opts.index.answers, replyText, decision.patternId, customer.name);
      if (decision.patternId !== null && assessment.learnable) {
        decision.correct = matched;
        this.changes.judgedDecisions.set(decision.id, decision);
        if (decision.evidence) {
          this.opts.index.recordJudgment({ evidence: decision.evidence, correct: matched });
        }
      }
      // Nothing in a history was sent, so an "auto" proposal is judged by the operator's reply like the rest.
      const judged =
        assessment.learnable &&
        judgedByOperatorAnswer({
          mode: decision.mode === "auto" ? "suggest" : decision.mode,
          outcome: decision.outcome,
          patternId: decision.patternId,
        });
      if (judged && decision.patternId) {
        this.feedback(decision, matched ? "operator_agreed" : "operator_disagreed", now);
      }
      this.opts.onAnswered?.({
        message: lastQuestion.played,
        conversationId: conversation.id,
        decision,
        operatorReply: reply.map((m) => m.body).join("\n"),
        matched,
      });
    }

    let state: LearnState;
    let note: string | null;
    let learned: Pick<SettledExchange, "exampleId" | "patternId" | "createdPattern"> = {
      exampleId: null,
      patternId: null,
      createdPattern: false,
    };
    if (!lastQuestion) {
      state = "no_question";
      note = "no customer message before it";
    } else if (!assessment.learnable) {
      state = "voided";
      note = assessment.reason ?? "voided";
    } else {
      const extracted = answerOnly(
        extractPatternLocally({ customerText, replyText, customerName: customer.name }),
      );
      learned = this.mergeOrCreate(extracted, {
        customerText,
        variableValues,
        qualityScore: assessment.qualityScore,
        inboundMessageId: lastQuestion.id,
        outboundMessageId: firstReply.id,
        now,
      });
      state = "learned";
      note = `example:${learned.exampleId}`;
    }
    for (const message of reply) {
      message.learnState = state;
      this.changes.learnStates.set(message.id, { state, note });
    }
    return learned;
  }

  private feedback(decision: DecisionState, kind: FeedbackKind, now: Date): void {
    const row = decision.patternId ? this.patterns.get(decision.patternId) : undefined;
    if (!row) return;
    const change = confidenceAfterFeedback(row.confidence, kind, this.settings);
    this.changes.confidenceEvents.push({
      patternId: row.id,
      oldConfidence: row.confidence,
      newConfidence: change.next,
      reason: kind,
      decisionId: decision.id,
      note:
        kind === "operator_agreed"
          ? "imported history: the operator replied with the same answer"
          : "imported history: the operator replied differently",
      createdAt: now,
    });
    row.confidence = change.next;
    if (isSuccess(kind)) row.successCount += 1;
    if (isNegative(kind)) {
      row.failureCount += 1;
      const times = [...(this.negativeFeedback.get(row.id) ?? []), now].slice(
        -this.settings.rejectionsToDeactivate,
      );
      this.negativeFeedback.set(row.id, times);
      if (row.isActive && shouldDeactivateAfterRejection(times, now, this.settings)) {
        row.isActive = false;
        row.autoExecutable = false;
        this.changes.deactivated.push({
          patternId: row.id,
          reason: `${times.length} rejections within ${this.settings.rejectionWindowDays} days`,
        });
      }
    }
    this.changes.patterns.set(row.id, row);

    const review = answeredByHand(kind === "operator_agreed", now);
    decision.outcome = review.outcome;
    decision.review = review.review;
    decision.reviewedAt = review.reviewedAt;
    this.changes.judgedDecisions.set(decision.id, decision);
  }

  /** Adds the example to the pattern whose reply says the same, or creates a new inactive one. */
  private mergeOrCreate(
    extracted: ExtractedPattern,
    example: {
      customerText: string;
      variableValues: Partial<Record<string, string>>;
      qualityScore: number;
      inboundMessageId: string;
      outboundMessageId: string;
      now: Date;
    },
  ): { exampleId: string; patternId: string; createdPattern: boolean } {
    const values = shareableValues(example.variableValues, extracted.variables);
    const found = this.opts.index.answers.find(extracted.responseTemplate, (id) => {
      const row = this.patterns.get(id);
      return row !== undefined && !row.deletedAt;
    });
    let pattern = found === undefined ? undefined : this.patterns.get(found);
    const createdPattern = !pattern;
    if (pattern) {
      // A value that differs in this example is not a constant of the pattern after all.
      const kept = keptDefaults(pattern.variableDefaults, values);
      if (Object.keys(kept).length !== Object.keys(pattern.variableDefaults).length) {
        pattern.variableDefaults = kept;
      }
      pattern.updatedAt = example.now;
      this.changes.patterns.set(pattern.id, pattern);
    } else {
      const id = randomUUID();
      pattern = {
        ...newPatternValues(extracted, values, { source: "imported", ...example }, example.now),
        id,
        actionTemplate: extracted.actionTemplate,
        autoExecutable: false,
        requiresConfirmation: true,
        executionCount: 0,
        successCount: 0,
        failureCount: 0,
        overrideCount: 0,
        isGoldStandard: false,
        tags: [],
        notes: null,
        version: 1,
        createdBy: null,
        lastUsedAt: null,
        createdAt: example.now,
        updatedAt: example.now,
        deletedAt: null,
      };
      this.patterns.set(id, pattern);
      this.opts.index.addTrigger(id, pattern.triggerText, pattern.responseTemplate);
      this.changes.patterns.set(id, pattern);
      this.changes.newPatternIds.add(id);
      this.changes.versions.push(firstPatternVersion(id, extracted));
    }

    const exampleId = randomUUID();
    this.changes.examples.push({
      id: exampleId,
      patternId: pattern.id,
      customerText: example.customerText,
      replyText: extracted.responseTemplate,
      inboundMessageId: example.inboundMessageId,
      outboundMessageId: example.outboundMessageId,
      qualityScore: example.qualityScore,
    });
    this.pendingExamples.push({ id: exampleId, patternId: pattern.id, text: example.customerText });
    if (this.pendingExamples.length >= EXAMPLES_PER_INDEX_UPDATE) this.flushExamples();
    this.examplesLearned.set(pattern.id, (this.examplesLearned.get(pattern.id) ?? 0) + 1);
    return { exampleId, patternId: pattern.id, createdPattern };
  }

  /**
   * Adds the learned examples to the match index. Every change to the index makes its next search recompute
   * weights, so a history (where nearly every message is followed by a learned reply) adds them in groups: a
   * new example is searchable a few exchanges later, much as a live reply is only learned once it settled. A new
   * pattern's trigger is indexed at once, so the next exchange that says the same joins it.
   */
  private flushExamples(): void {
    for (const example of this.pendingExamples) this.opts.index.addExample(example);
    this.pendingExamples = [];
  }
}
