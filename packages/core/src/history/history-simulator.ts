// Plays a business's message history through Playbook, message by message in time order, as if it were live:
// the same conversation grouping, the same decision for every customer message, the same feedback from the
// operator's actual reply, the same learning. State lives in memory; an import writes what changed after each
// batch (see import-writer.ts), a replay writes nothing and reports each decision against the real reply.
import { randomUUID } from "node:crypto";
import { conversationStep, rhythmSample } from "../learning/conversation-boundaries";
import { detectOptKeyword } from "../learning/detect-opt-keyword";
import { extractPatternLocally } from "../learning/extract-pattern-locally";
import { prepareExchange } from "../engine/learn-exchanges";
import { answerOnly } from "../engine/pattern-values";
import type { PatternIndex } from "../engine/pattern-index";
import { decisionCandidateLimit, matchQueryFor, planFromMatch } from "../engine/plan-decision";
import type { Settings } from "../settings/settings";
import { SimulatedPatterns } from "./simulated-patterns";
import {
  emptyChanges,
  type AnsweredMessage,
  type ConversationState,
  type CustomerState,
  type DecisionState,
  type HeldMessage,
  type HistoryChanges,
  type LearnState,
  type PatternRow,
  type PlayedMessage,
  type SettledExchange,
} from "./history-state";

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

export class HistorySimulator {
  private readonly settings: Settings;
  private readonly decisionSettings: Settings;
  private readonly patterns: Map<string, PatternRow>;
  private changes = emptyChanges();
  private readonly learned: SimulatedPatterns;
  // Open replies in the order their last message was sent; a reply is settled (and learned) once
  // replySettleSeconds passed without another operator message, as the live worker does.
  private settleQueue: { customer: CustomerState; at: number }[] = [];
  private settleHead = 0;

  constructor(private readonly opts: HistorySimulatorOptions) {
    this.settings = opts.settings;
    this.decisionSettings =
      opts.policy === "import"
        ? { ...opts.settings, shadowMode: true }
        : opts.policy === "what-if"
          ? { ...opts.settings, enabled: true, shadowMode: false }
          : opts.settings;
    this.patterns = opts.patterns;
    this.learned = new SimulatedPatterns(
      opts.patterns,
      opts.index,
      opts.settings,
      () => this.changes,
    );
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
    this.learned.flushExamples();
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
    if (plan.pattern) this.learned.markUsed(plan.pattern.id, now);
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
      failedGates: plan.gates.filter((gate) => !gate.passed).map((gate) => gate.gate),
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
    if (superseding) this.learned.supersede(earlier);
    const prepared = prepareExchange({
      question,
      reply,
      customerName: customer.name,
      customerKey: customer.id,
    });
    const { customerText, replyText, assessment, variableValues, lastQuestion, firstReply } =
      prepared;
    const now = firstReply.sentAt;

    if (!superseding && lastQuestion && decision && decision.messageId === lastQuestion.id) {
      const matched = this.learned.judgeByReply(decision, {
        replyText,
        customerName: customer.name,
        learnable: assessment.learnable,
        now,
      });
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
      learned = this.learned.mergeOrCreate(extracted, {
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
}
