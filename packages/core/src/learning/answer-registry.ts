// Each pattern's answer, kept to decide by the strict rule whether a reply says one of them: when learning
// (which pattern does this reply belong to?) and when judging (did the operator send what was proposed?).
import { normalizeText } from "../text/normalize-text";
import {
  isSameAnswer,
  sameAnswerSimilarity,
  tokenSimilarity,
  splitReplyFrame,
  type AnswerKey,
} from "./reply-framing";

/** A sentence written in the answers of this many patterns is the business's boilerplate, not an answer. */
export const boilerplatePatterns = 3;

const sentencesOf = (core: string) =>
  core
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => normalizeText(sentence))
    .filter((sentence) => sentence !== "");

// Dice ≥ 0.9 needs the shorter text to have at least 0.9 / 1.1 of the longer one's tokens.
const lengthRatio = sameAnswerSimilarity / (2 - sameAnswerSimilarity);

export class AnswerRegistry {
  // Each pattern's answer as sentences; its key drops the sentences that are boilerplate.
  private readonly sentences = new Map<string, string[]>();
  private readonly sentenceOwners = new Map<string, Set<string>>();
  private readonly boilerplate = new Set<string>();
  private keys = new Map<string, AnswerKey>();
  private byCore = new Map<string, string[]>();
  private stale = false;

  get size(): number {
    return this.sentences.size;
  }

  set(patternId: string, template: string): void {
    const sentences = sentencesOf(splitReplyFrame(template).core);
    const known = this.sentences.get(patternId);
    if (known && known.join("\n") === sentences.join("\n")) return;
    if (known) this.delete(patternId);
    this.sentences.set(patternId, sentences);
    for (const sentence of new Set(sentences)) {
      const owners = this.sentenceOwners.get(sentence) ?? new Set<string>();
      owners.add(patternId);
      this.sentenceOwners.set(sentence, owners);
      if (owners.size >= boilerplatePatterns && !this.boilerplate.has(sentence)) {
        this.boilerplate.add(sentence);
        this.stale = true;
      }
    }
    if (!this.stale) this.index(patternId, this.keyOf(sentences));
  }

  delete(patternId: string): void {
    const sentences = this.sentences.get(patternId);
    if (!sentences) return;
    this.sentences.delete(patternId);
    for (const sentence of new Set(sentences)) {
      const owners = this.sentenceOwners.get(sentence);
      owners?.delete(patternId);
      if (owners?.size === 0) this.sentenceOwners.delete(sentence);
    }
    // Boilerplate stays boilerplate: one pattern fewer does not make a sentence an answer again.
    this.stale = true;
  }

  get(patternId: string): AnswerKey | undefined {
    this.refreshKeys();
    return this.keys.get(patternId);
  }

  /** The answer of a reply as compared: normalised, greeting, sign-off and known boilerplate set aside. */
  keyFor(template: string): AnswerKey {
    return this.keyOf(sentencesOf(splitReplyFrame(template).core));
  }

  /**
   * The pattern whose answer this reply (a template, greeting and sign-off included or not) says: the same core,
   * or the closest answer at token similarity ≥ 0.9 when no other is as close. Undefined: a new answer.
   */
  find(template: string, accept: (patternId: string) => boolean = () => true): string | undefined {
    this.refreshKeys();
    const reply = this.keyFor(template);
    const exact = this.byCore.get(reply.core)?.find(accept);
    if (exact) return exact;
    let best: string | undefined;
    let bestSimilarity = 0;
    let tied = false;
    for (const [id, key] of this.nearInLength(reply)) {
      const similarity = tokenSimilarity(reply.tokens, key.tokens);
      if (similarity < sameAnswerSimilarity) continue;
      if (similarity > bestSimilarity) {
        best = accept(id) ? id : undefined;
        bestSimilarity = similarity;
        tied = false;
      } else if (similarity === bestSimilarity) tied = true;
    }
    // Equally close to two answers: it is neither of them.
    return tied ? undefined : best;
  }

  /** Whether a reply says this pattern's answer by the strict rule (closer to it than to any other). */
  says(template: string, patternId: string): boolean {
    this.refreshKeys();
    const answer = this.keys.get(patternId);
    if (!answer) return false;
    const reply = this.keyFor(template);
    if (reply.core === answer.core) return true;
    const others = [...this.nearInLength(reply)]
      .filter(([id]) => id !== patternId)
      .map(([, key]) => key);
    return isSameAnswer(reply, answer, others);
  }

  private keyOf(sentences: readonly string[]): AnswerKey {
    const kept = sentences.filter((sentence) => !this.boilerplate.has(sentence));
    // An answer that is nothing but boilerplate is still its own answer.
    const core = (kept.length > 0 ? kept : sentences).join(" ");
    return { core, tokens: core === "" ? [] : core.split(" ") };
  }

  private index(patternId: string, key: AnswerKey): void {
    this.keys.set(patternId, key);
    const same = this.byCore.get(key.core);
    if (same) same.push(patternId);
    else this.byCore.set(key.core, [patternId]);
  }

  // Boilerplate changed (or a pattern went): every key is computed again, in the order patterns were added.
  private refreshKeys(): void {
    if (!this.stale) return;
    this.keys = new Map();
    this.byCore = new Map();
    for (const [id, sentences] of this.sentences) this.index(id, this.keyOf(sentences));
    this.stale = false;
  }

  private *nearInLength(reply: AnswerKey): Generator<[string, AnswerKey]> {
    const length = reply.tokens.length;
    for (const entry of this.keys) {
      const other = entry[1].tokens.length;
      if (Math.min(length, other) >= lengthRatio * Math.max(length, other)) yield entry;
    }
  }
}
