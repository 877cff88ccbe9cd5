// The state a history is played over, in memory: customers with their open conversation and exchange, decisions
// waiting for the operator's reply, and what changed since an import last wrote.
import type { patterns } from "@playbook/db/schema";
import type { FeedbackKind } from "../confidence/apply-feedback";
import type { firstPatternVersion } from "../engine/pattern-values";
import type { DecisionPlan } from "../engine/plan-decision";

export type PatternRow = typeof patterns.$inferSelect;
export type LearnState = "pending" | "learned" | "voided" | "no_question";

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
  /** The gates that did not pass, by name (why it was not sent automatically); empty when every gate passed. */
  failedGates: string[];
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

export function emptyChanges(): HistoryChanges {
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
