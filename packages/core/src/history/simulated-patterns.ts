// The pattern side of a played history: the patterns as they stand, the feedback an operator's real reply gives
// them, and the examples each learned exchange adds (to a matching pattern, or a new one), with the changes an
// import writes. The simulator plays conversations and asks this for everything that touches a pattern.
import { randomUUID } from "node:crypto";
import {
  confidenceAfterFeedback,
  isNegative,
  isSuccess,
  shouldDeactivateAfterRejection,
  type FeedbackKind,
} from "../confidence/apply-feedback";
import {
  answeredByHand,
  handAnswerFeedback,
  judgedByOperatorAnswer,
  operatorAgreed,
} from "../engine/judge-operator-answer";
import type { PatternIndex } from "../engine/pattern-index";
import {
  firstPatternVersion,
  keptDefaults,
  newPatternValues,
  shareableValues,
} from "../engine/pattern-values";
import type { ExtractedPattern } from "../learning/extracted-pattern";
import type { Settings } from "../settings/settings";
import type { DecisionState, HistoryChanges, PatternRow, SettledExchange } from "./history-state";

const EXAMPLES_PER_INDEX_UPDATE = 32;

// A pattern that keeps matching is in use and must not decay; the hour is precise enough (as live).
const LAST_USED_RESOLUTION_MS = 3_600_000;

export class SimulatedPatterns {
  private readonly negativeFeedback = new Map<string, Date[]>();
  // Learned examples on their way into the match index (see flushExamples).
  private pendingExamples: { id: string; patternId: string; text: string }[] = [];
  // Examples this run added to each pattern: a pattern made for one example that is taken back goes with it.
  private readonly examplesLearned = new Map<string, number>();

  constructor(
    private readonly patterns: Map<string, PatternRow>,
    private readonly index: PatternIndex,
    private readonly settings: Settings,
    /** Where changes are collected now (the simulator starts afresh after each batch). */
    private readonly changes: () => HistoryChanges,
  ) {}

  markUsed(patternId: string, now: Date): void {
    const row = this.patterns.get(patternId);
    if (!row) return;
    if (now.getTime() - (row.lastUsedAt?.getTime() ?? 0) <= LAST_USED_RESOLUTION_MS) return;
    row.lastUsedAt = now;
    this.changes().patterns.set(row.id, row);
  }

  /** Takes back what an earlier part of a reply taught: its example, and a pattern made only for it. */
  supersede(earlier: SettledExchange): void {
    if (!earlier.exampleId || !earlier.patternId) return;
    const pending = this.pendingExamples.findIndex((e) => e.id === earlier.exampleId);
    if (pending >= 0) this.pendingExamples.splice(pending, 1);
    else this.index.removeExample(earlier.exampleId);
    this.changes().removedExamples.push(earlier.exampleId);
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
      this.index.removePattern(pattern.id);
      this.changes().removedPatterns.push(pattern.id);
    }
  }

  /**
   * Judges a decision by the reply the operator really sent: whether its proposal was right (a judgment the
   * calibration learns from) and, as live, what that says about the proposed pattern. Returns whether it was right.
   */
  judgeByReply(
    decision: DecisionState,
    reply: { replyText: string; customerName: string | null; learnable: boolean; now: Date },
  ): boolean {
    const { patternId } = decision;
    if (patternId === null) return false;
    const matched = operatorAgreed(
      this.index.answers,
      reply.replyText,
      patternId,
      reply.customerName,
    );
    if (!reply.learnable) return matched;
    decision.correct = matched;
    this.changes().judgedDecisions.set(decision.id, decision);
    if (decision.evidence)
      this.index.recordJudgment({ evidence: decision.evidence, correct: matched });
    // Nothing in a history was sent, so an "auto" proposal is judged by the operator's reply like the rest.
    const judged = judgedByOperatorAnswer({
      mode: decision.mode === "auto" ? "suggest" : decision.mode,
      outcome: decision.outcome,
      patternId,
    });
    const feedback = judged
      ? handAnswerFeedback(
          this.index.answers,
          reply.replyText,
          { patternId, evidence: decision.evidence },
          reply.customerName,
          matched,
        )
      : null;
    if (feedback) this.feedback(decision, feedback, reply.now);
    return matched;
  }

  feedback(decision: DecisionState, kind: FeedbackKind, now: Date): void {
    const row = decision.patternId ? this.patterns.get(decision.patternId) : undefined;
    if (!row) return;
    const change = confidenceAfterFeedback(row.confidence, kind, this.settings);
    this.changes().confidenceEvents.push({
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
        this.changes().deactivated.push({
          patternId: row.id,
          reason: `${times.length} rejections within ${this.settings.rejectionWindowDays} days`,
        });
      }
    }
    this.changes().patterns.set(row.id, row);

    const review = answeredByHand(kind === "operator_agreed", now);
    decision.outcome = review.outcome;
    decision.review = review.review;
    decision.reviewedAt = review.reviewedAt;
    this.changes().judgedDecisions.set(decision.id, decision);
  }

  /** Adds the example to the pattern whose reply says the same, or creates a new inactive one. */
  mergeOrCreate(
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
    const found = this.index.answers.find(extracted.responseTemplate, (id) => {
      const row = this.patterns.get(id);
      return row !== undefined && !row.deletedAt;
    });
    let pattern = found === undefined ? undefined : this.patterns.get(found);
    const createdPattern = !pattern;
    if (pattern) {
      // A value that differs in this example is not a constant of the pattern after all.
      pattern.variableDefaults = keptDefaults(pattern.variableDefaults, values);
      pattern.updatedAt = example.now;
      this.changes().patterns.set(pattern.id, pattern);
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
        importKey: null,
      };
      this.patterns.set(id, pattern);
      this.index.addTrigger(id, pattern.triggerText, pattern.responseTemplate);
      this.changes().patterns.set(id, pattern);
      this.changes().newPatternIds.add(id);
      this.changes().versions.push(firstPatternVersion(id, extracted));
    }

    const exampleId = randomUUID();
    this.changes().examples.push({
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
  flushExamples(): void {
    for (const example of this.pendingExamples) this.index.addExample(example);
    this.pendingExamples = [];
  }
}
