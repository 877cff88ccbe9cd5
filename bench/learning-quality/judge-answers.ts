// Every test message judged once per system with the strict scorer: what was decided, whether a reply was proposed
// and whether it was the operator's, so that Playbook and the baseline are summed up by the same code.
import type { TDecision, TReplayResult } from "../history/playbook-cli";
import type { BaselineDecision, IntentBaseline } from "./intent-baseline";
import type { StrictScorer } from "./strict-scorer";

export interface TestMessage {
  /** The question's id in test.csv and results.jsonl. */
  messageId: string;
  question: string;
  intent: string;
  /** The operator's reply as written to test.csv. */
  operatorReply: string;
  /** Its intent had no example in the learning part. */
  outOfScope: boolean;
  /** Another business's question, answered with a holding reply (see mixInForeign); absent: false. */
  foreign?: boolean;
}

export interface JudgedAnswer {
  messageId: string;
  outOfScope: boolean;
  foreign: boolean;
  decision: TDecision | BaselineDecision;
  /** A reply was proposed, right or wrong. */
  proposed: boolean;
  /** The proposed reply is the operator's, by the strict scorer. */
  right: boolean;
  /** The best candidate's reply is the operator's, whatever was decided. */
  top1Right: boolean;
  /** The proposal holds the right canned reply word for word; when not `right`, only its dressing differs. */
  carriesAnswer: boolean;
  /** The system's probability that its proposal is right; null when it gives none. */
  score: number | null;
  /** Playbook's own signals, kept for threshold sweeps in hindsight; null for the baseline. */
  matchScore: number | null;
  confidence: number | null;
}

export type PlaybookResult = Pick<
  TReplayResult,
  | "message_id"
  | "decision"
  | "proposed_reply"
  | "operator_reply"
  | "best_reply"
  | "score"
  | "match_score"
  | "confidence"
>;

export interface JudgedPlaybook {
  answers: JudgedAnswer[];
  /** Test messages results.jsonl has no line for: judged as nothing proposed. */
  unreported: number;
}

/**
 * Playbook's results judged from their texts: the proposal (`proposed_reply`) and the best candidate (`best_reply`,
 * else the proposal) against `operator_reply`. The product's own `matched` is not read.
 */
export function judgePlaybookResults(
  messages: readonly TestMessage[],
  results: Iterable<PlaybookResult>,
  scorer: StrictScorer,
): JudgedPlaybook {
  const byId = new Map(messages.map((message) => [message.messageId, message]));
  const judged = new Map<string, JudgedAnswer>();
  for (const result of results) {
    const message = byId.get(result.message_id);
    if (message === undefined) throw new Error(`results: unknown message ${result.message_id}`);
    if (judged.has(result.message_id)) {
      throw new Error(`results: message ${result.message_id} reported twice`);
    }
    const best = result.best_reply ?? result.proposed_reply;
    judged.set(result.message_id, {
      messageId: message.messageId,
      outOfScope: message.outOfScope,
      foreign: message.foreign === true,
      decision: result.decision,
      proposed: result.proposed_reply !== null,
      right: scorer.isRight(result.proposed_reply, result.operator_reply, message.intent),
      top1Right: scorer.isRight(best, result.operator_reply, message.intent),
      carriesAnswer: scorer.carriesCannedReply(result.proposed_reply, message.intent),
      score: result.score ?? null,
      matchScore: result.match_score,
      confidence: result.confidence,
    });
  }
  const answers = messages.map(
    (message): JudgedAnswer =>
      judged.get(message.messageId) ?? {
        messageId: message.messageId,
        outOfScope: message.outOfScope,
        foreign: message.foreign === true,
        decision: "none",
        proposed: false,
        right: false,
        top1Right: false,
        carriesAnswer: false,
        score: null,
        matchScore: null,
        confidence: null,
      },
  );
  return { answers, unreported: messages.length - judged.size };
}

export interface JudgedBaseline {
  answers: JudgedAnswer[];
  /** Share of in-scope messages whose intent the classifier got right, whatever the scorer says of the reply. */
  intentAccuracy: number | null;
}

/** The baseline's answers: always the predicted intent's canned reply, decided by its top probability. */
export function judgeBaselineAnswers(
  messages: readonly TestMessage[],
  baseline: IntentBaseline,
  cannedReplies: ReadonlyMap<string, string>,
  scorer: StrictScorer,
): JudgedBaseline {
  let inScope = 0;
  let intentsRight = 0;
  const answers = messages.map((message): JudgedAnswer => {
    const prediction = baseline.classifier.predict(message.question);
    const reply = cannedReplies.get(prediction.intent);
    if (reply === undefined) throw new Error(`no canned reply for intent ${prediction.intent}`);
    const right = scorer.isRight(reply, message.operatorReply, message.intent);
    if (!message.outOfScope && message.foreign !== true) {
      inScope += 1;
      if (prediction.intent === message.intent) intentsRight += 1;
    }
    return {
      messageId: message.messageId,
      outOfScope: message.outOfScope,
      foreign: message.foreign === true,
      decision: baseline.decide(prediction.probability),
      proposed: true,
      right,
      top1Right: right,
      carriesAnswer: prediction.intent === message.intent,
      score: prediction.probability,
      matchScore: null,
      confidence: null,
    };
  });
  return { answers, intentAccuracy: inScope === 0 ? null : intentsRight / inScope };
}

/**
 * How often the true intent's bare canned reply passes the strict scorer against the operator's dressed one: what
 * a classifier that never errs, like the baseline, would get right at best.
 */
export function cannedReplyCeiling(
  messages: readonly TestMessage[],
  cannedReplies: ReadonlyMap<string, string>,
  scorer: StrictScorer,
): number | null {
  if (messages.length === 0) return null;
  const right = messages.filter((message) =>
    scorer.isRight(cannedReplies.get(message.intent), message.operatorReply, message.intent),
  ).length;
  return right / messages.length;
}
