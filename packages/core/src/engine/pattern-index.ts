// The in-memory match index over every learned example, kept in step with the database.
//
// Each process holds one. It loads everything once, then before a search picks up rows that changed since its
// last look (a watermark in database time, read with an overlap so a transaction that committed late is not
// missed). Processes learn from each other through the database alone; no cluster messaging is needed.
import { and, gt, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { queryRows, type Executor } from "@playbook/db";
import { messages, patternExamples, patterns } from "@playbook/db/schema";
import {
  ProbabilityCalibrator,
  type Judgment,
  type ProposalEvidence,
} from "../matching/calibrate-probability";
import { MatchIndex } from "../matching/match-index";
import { ReplyClassifier, type AddOptions } from "../matching/reply-classifier";
import { PatternVocabulary } from "../matching/pattern-vocabulary";
import { analyzeText, type TextAnalysis } from "../matching/text-features";
import type { MatchResult } from "../matching/match-types";
import { AnswerRegistry } from "../learning/answer-registry";
import { inTurns } from "../runtime/in-turns";

const OVERLAP_MS = 5_000;

/**
 * Distinct phrasings searched per pattern. A busy pattern gathers thousands of examples that mostly repeat each
 * other; searching them all would slow every match for no better answer. Every example is still stored.
 */
export const indexedExamplesPerPattern = 200;

export type IndexedExample = { id: string; patternId: string; text: string };

/** One pattern a message may want, ranked by the classifier, with its nearest-example evidence. */
export type ProposalCandidate = {
  patternId: string;
  /** The classifier's probability for this pattern. */
  probability: number;
  /** Cosine of the message and this pattern's closest learned example or trigger (0 when none is close). */
  score: number;
  /** Every word of the message (two or more) is a word of this pattern's learned questions. */
  familiarWords: boolean;
  docId: string | null;
  docText: string | null;
};

export type Proposal = {
  /** Best first. */
  candidates: ProposalCandidate[];
  /** The best candidate's nearest-example similarity. */
  topScore: number;
  /** The best candidate's classifier probability minus the next one's. */
  margin: number;
  /** The calibrated probability that the best candidate's reply is what an operator would send; null until
   * enough of this business's proposals were judged to calibrate it. */
  probability: number | null;
  /** The precision kept by sending every proposal at least this sure (null until calibrated). */
  precisionAbove: number | null;
  /** What the calibration read; stored with the decision so its judgment can calibrate later ones. */
  evidence: ProposalEvidence | null;
};

// Judged decisions a process reads to calibrate (the newest first).
const JUDGMENTS_LOADED = 6_000;

/** The latest `limit` judged proposals, newest first (the index decisions_judged_idx serves it). */
export function latestJudgmentsQuery(limit: number): SQL {
  return sql`select evidence, correct from decisions
    where correct is not null and evidence is not null
    order by created_at desc, id desc limit ${limit}`;
}

/**
 * Everything a process knows to propose replies: the nearest-example index, the classifier over patterns, each
 * pattern's answer (for "is this the same answer?") and the calibration of proposals. Live traffic, the
 * playground, import and replay all propose, learn and judge through one of these.
 */
export class PatternIndex {
  private readonly index = new MatchIndex();
  private readonly classifier: ReplyClassifier;
  readonly answers = new AnswerRegistry();
  private readonly vocabulary = new PatternVocabulary();
  readonly calibrator: ProbabilityCalibrator;
  // What each pattern's trigger doc holds: a row touched for another reason (its confidence, its last use) must
  // not re-index it, since every change to the index invalidates its cached weights.
  private readonly triggers = new Map<string, string>();
  // The normalised phrasings indexed for each pattern: a repeat of one adds nothing to a search.
  private readonly phrasings = new Map<string, Set<string>>();
  private watermark: Date | null = null;
  private lastRefreshAt = 0;
  private refreshing: Promise<void> | null = null;

  /**
   * `refreshIntervalMs`: how long a refresh is trusted (searches within it use the index as it is).
   * `priorJudgments`: a track record that always counts in the calibration (tests).
   */
  constructor(
    private readonly refreshIntervalMs = 1_000,
    opts: {
      priorJudgments?: readonly Judgment[];
      /** Refit the classifier in slices between other work (live processes); inline is deterministic. */
      backgroundRefit?: boolean;
    } = {},
  ) {
    this.calibrator = new ProbabilityCalibrator(opts.priorJudgments);
    this.classifier = new ReplyClassifier({
      refit: opts.backgroundRefit ? "background" : "inline",
    });
  }

  /** Resolves once no background refit of the classifier is running. */
  settled(): Promise<void> {
    return this.classifier.settled();
  }

  get size(): number {
    return this.index.size;
  }

  /** Brings the index up to date; concurrent callers share one refresh. */
  async refresh(executor: Executor, opts: { force?: boolean } = {}): Promise<void> {
    // A load under way takes turns with other work: nobody proposes from an index it has half rebuilt.
    if (this.refreshing && !opts.force) return this.refreshing;
    if (!opts.force && Date.now() - this.lastRefreshAt < this.refreshIntervalMs) return;
    // Forced (after an import in this process): the judgments are read again too, not a minute later.
    if (opts.force) this.judgmentsLoadedAt = 0;
    this.refreshing ??= this.load(executor).finally(() => {
      this.refreshing = null;
    });
    await this.refreshing;
  }

  private async load(executor: Executor): Promise<void> {
    const [clock] = await queryRows<{ now: Date | string }>(executor, sql`select now() as now`);
    if (!clock) throw new Error("select now() returned no row");
    const since = this.watermark ? new Date(this.watermark.getTime() - OVERLAP_MS) : null;

    const changedPatterns = await executor
      .select({
        id: patterns.id,
        triggerText: patterns.triggerText,
        responseTemplate: patterns.responseTemplate,
        deletedAt: patterns.deletedAt,
        createdAt: patterns.createdAt,
      })
      .from(patterns)
      .where(since ? gt(patterns.updatedAt, since) : isNull(patterns.deletedAt))
      // Learned in the order the business first said them, whatever order the database returns them in and
      // whenever the rows were written (an import writes many in one transaction): the same history gives the
      // same classes in the same order, so the same model.
      .orderBy(patterns.firstSeenAt, patterns.triggerText, patterns.id);
    // A first load for import or replay ends in a full refit: stepping the classifier through every trigger and
    // example first (and refitting on the triggers alone as they pile up) would build models it throws away.
    const adding: AddOptions = this.classifier.refitFollowsBatch ? { skipStep: true } : {};
    // The process keeps answering webhooks while it loads (a first load of 10,000 patterns is seconds of work):
    // in turns. Callers wait for the whole load through refresh().
    // A restored pattern was removed from the index: its old examples must come back with it.
    const restored: string[] = [];
    await inTurns(changedPatterns, (row) => {
      if (row.deletedAt) {
        if (this.triggers.has(row.id)) this.removePattern(row.id);
        return;
      }
      const known = this.triggers.get(row.id);
      if (since && known === undefined) restored.push(row.id);
      if (known !== row.triggerText) this.addTrigger(row.id, row.triggerText, undefined, adding);
      this.answers.set(row.id, row.responseTemplate);
    });

    const examples = await executor
      .select({
        id: patternExamples.id,
        patternId: patternExamples.patternId,
        text: patternExamples.customerText,
        saidAt: messages.sentAt,
      })
      .from(patternExamples)
      .innerJoin(patterns, sql`${patterns.id} = ${patternExamples.patternId}`)
      .leftJoin(messages, sql`${messages.id} = ${patternExamples.inboundMessageId}`)
      .where(
        since
          ? and(
              isNull(patterns.deletedAt),
              restored.length > 0
                ? or(
                    gt(patternExamples.createdAt, since),
                    inArray(patternExamples.patternId, restored),
                  )
                : gt(patternExamples.createdAt, since),
            )
          : isNull(patterns.deletedAt),
      );
    // The overlap window reads recent examples again; they are already in. The classifier is refitted once
    // after a large load rather than stepping through it. In the order the customers said them (then by text;
    // ids are random): the phrasings kept per pattern are the ones an import of the same history keeps.
    const ordered = examples.sort(
      (a, b) =>
        (a.saidAt?.getTime() ?? 0) - (b.saidAt?.getTime() ?? 0) ||
        compareText(a.text, b.text) ||
        compareText(a.id, b.id),
    );
    await inTurns(ordered, (example) => this.addExample(example, { deferFit: true, ...adding }));
    this.classifier.refitIfDue();
    await this.loadJudgments(executor);

    this.watermark = new Date(clock.now);
    this.lastRefreshAt = Date.now();
  }

  // Judged proposals from every process, so each one calibrates on the whole business's history.
  private async loadJudgments(executor: Executor): Promise<void> {
    // A minute-old calibration is fine: it moves slowly, and this process records its own judgments at once.
    if (Date.now() - this.judgmentsLoadedAt < 60_000) return;
    this.judgmentsLoadedAt = Date.now();
    const rows = await queryRows<{ evidence: ProposalEvidence; correct: boolean }>(
      executor,
      latestJudgmentsQuery(JUDGMENTS_LOADED),
    );
    if (rows.length === this.loadedJudgments && rows.length < JUDGMENTS_LOADED) return;
    this.loadedJudgments = rows.length;
    this.calibrator.reset(
      rows.reverse().map((r) => ({ evidence: r.evidence, correct: r.correct })),
    );
  }

  private loadedJudgments = -1;
  private judgmentsLoadedAt = 0;

  /** Adds what this process just learned, so its next search sees it without waiting for a refresh. */
  addExample(example: IndexedExample, opts: AddOptions = {}): void {
    if (this.index.has(example.id)) return;
    let seen = this.phrasings.get(example.patternId);
    if (seen === undefined) {
      seen = new Set();
      this.phrasings.set(example.patternId, seen);
    }
    const analysis = analyzeText(example.text);
    const phrasing = analysis.normalized;
    if (seen.has(phrasing) || seen.size >= indexedExamplesPerPattern) return;
    seen.add(phrasing);
    this.index.add(example, analysis);
    this.vocabulary.add(example.patternId, analysis);
    this.classifier.add(example.id, example.patternId, analysis, opts);
  }

  /** Indexes a pattern's trigger and registers its answer. */
  addTrigger(
    patternId: string,
    triggerText: string,
    responseTemplate?: string,
    opts: AddOptions = {},
  ): void {
    const previous = this.triggers.get(patternId);
    if (previous !== undefined) this.vocabulary.remove(patternId, previous);
    const analysis = analyzeText(triggerText);
    this.vocabulary.add(patternId, analysis);
    this.triggers.set(patternId, triggerText);
    this.classifier.addClass(patternId);
    const id = `trigger:${patternId}`;
    this.index.add({ id, patternId, text: triggerText }, analysis);
    // The trigger is an example too: a pattern an admin wrote has no other until it is used.
    this.classifier.remove(id);
    this.classifier.add(id, patternId, analysis, opts);
    if (responseTemplate !== undefined) this.answers.set(patternId, responseTemplate);
  }

  removeExample(exampleId: string): void {
    const doc = this.index.get(exampleId);
    if (!doc) return;
    const analysis = analyzeText(doc.text);
    this.phrasings.get(doc.patternId)?.delete(analysis.normalized);
    this.vocabulary.remove(doc.patternId, analysis);
    this.index.remove(exampleId);
    this.classifier.remove(exampleId);
  }

  removePattern(patternId: string): void {
    this.triggers.delete(patternId);
    this.phrasings.delete(patternId);
    this.vocabulary.removePattern(patternId);
    this.index.removePattern(patternId);
    this.classifier.removeClass(patternId);
    this.answers.delete(patternId);
  }

  // The classifier's picks, each with its closest learned example; a pick none of whose examples shares anything
  // with the message is no candidate, however the probabilities fall (the classifier ranks every pattern).
  private classifierCandidates(
    analysis: TextAnalysis,
    ranked: readonly { patternId: string; probability: number }[],
    limit: number,
    words: readonly string[],
  ): ProposalCandidate[] {
    const wanted = new Set(ranked.map((r) => r.patternId));
    const near = this.index.search(analysis, { limit: Math.max(limit, wanted.size), only: wanted });
    const nearest = new Map(near.candidates.map((c) => [c.patternId, c]));
    return ranked.flatMap((r) => {
      const doc = nearest.get(r.patternId);
      if (!doc) return [];
      return [
        {
          patternId: r.patternId,
          probability: r.probability,
          score: doc.score,
          familiarWords: this.vocabulary.knows(r.patternId, words),
          docId: doc.docId,
          docText: doc.docText,
        },
      ];
    });
  }

  /** Records whether a proposal turned out right: the calibration learns from it. */
  recordJudgment(judgment: Judgment): void {
    this.calibrator.record(judgment);
  }

  /**
   * The patterns this message most likely wants, by the classifier (by the nearest-example index while the
   * classifier knows no pattern or has no opinion), with the calibrated probability that the best one's reply is
   * right.
   */
  propose(text: string, limit = 5): Proposal {
    const analysis = analyzeText(text);
    const ranked = this.classifier.predict(analysis, limit);
    const words = this.vocabulary.wordsOf(analysis);
    const opinion = (ranked[0]?.probability ?? 0) >= opinionFloor;
    let candidates = opinion ? this.classifierCandidates(analysis, ranked, limit, words) : [];
    // The classifier knows no pattern or has no opinion: the nearest learned examples order the candidates, each
    // with the classifier's probability beside it.
    let near: MatchResult | null = null;
    if (!opinion) {
      near = this.index.search(analysis, { limit });
      const ids = near.candidates.map((c) => c.patternId);
      const probabilities = this.classifier.probabilitiesOf(analysis, ids);
      candidates = near.candidates.map((c, i) => ({
        ...c,
        probability: probabilities[i] ?? 0,
        familiarWords: this.vocabulary.knows(c.patternId, words),
      }));
    }
    const top = candidates[0];
    if (!top) {
      return {
        candidates,
        topScore: 0,
        margin: 0,
        probability: null,
        precisionAbove: null,
        evidence: null,
      };
    }
    const margin = top.probability - (candidates[1]?.probability ?? 0);
    const evidence: ProposalEvidence | null =
      ranked.length > 0 && top.probability > 0
        ? {
            probability: top.probability,
            margin,
            similarity: top.score,
            rivalSimilarity: candidates.reduce(
              (best, c, i) => (i > 0 && c.score > best ? c.score : best),
              0,
            ),
            examples: this.classifier.examplesOf(top.patternId),
            trainedOn: this.classifier.exampleCount,
          }
        : null;
    const assessment = evidence ? this.calibrator.assess(evidence) : null;
    return {
      candidates,
      topScore: top.score,
      // Ordered by the nearest examples, the candidates' margin is theirs.
      margin: near ? near.margin : margin,
      probability: assessment?.probability ?? null,
      precisionAbove: assessment?.precisionAbove ?? null,
      evidence,
    };
  }
}

/**
 * The classifier's best probability below which it has no opinion. With thousands of patterns of a few examples
 * each, its softmax spreads thin: no pattern rises above the rest (the best is a few percent), and the nearest
 * learned example ranks far better (measured at 10,000 patterns × 3 examples: 30% against 91% top-1).
 */
const opinionFloor = 0.1;

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
