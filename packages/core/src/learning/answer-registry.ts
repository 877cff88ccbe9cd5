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

// Dice ≥ 0.9 needs the shorter text to have at least 0.9 / 1.1 of the longer one's tokens, and any two such texts
// to share at least that share of the longer one's tokens.
const lengthRatio = sameAnswerSimilarity / (2 - sameAnswerSimilarity);

/**
 * A key's tokens as a set (the k-th "the" is its own element, so sets intersect as the multisets do) in the
 * registry's global order. Two keys with Dice ≥ 0.9 share at least ⌈0.818·n⌉ of the n elements of each, so the
 * first n − ⌈0.818·n⌉ + 1 elements of each (the prefix) share one (prefix filtering): only answers sharing a prefix
 * element are compared, instead of every answer.
 */
function prefixLength(size: number): number {
  if (size === 0) return 0;
  return size - Math.ceil(lengthRatio * size - 1e-9) + 1;
}
function elementsOf(key: AnswerKey): string[] {
  const seen = new Map<string, number>();
  return key.tokens.map((token) => {
    const k = seen.get(token) ?? 0;
    seen.set(token, k + 1);
    return `${token}\u0001${k}`;
  });
}

export class AnswerRegistry {
  // Each pattern's answer as sentences; its key drops the sentences that are boilerplate.
  private readonly sentences = new Map<string, string[]>();
  private readonly sentenceOwners = new Map<string, Set<string>>();
  private readonly boilerplate = new Set<string>();
  private keys = new Map<string, AnswerKey>();
  private byCore = new Map<string, string[]>();
  private stale = false;
  // Prefix elements → the answers whose prefix holds them. The order is by how many answers held an element when
  // the keys were last computed (rarest first: short posting lists), frozen until then so every prefix in the
  // index was cut in the same order; an element unknown then comes first of all, by its text.
  private readonly postings = new Map<string, string[]>();
  private rank = new Map<string, number>();
  private rankedAt = 0;

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
    for (const element of this.prefixOf(key)) {
      const holders = this.postings.get(element);
      if (holders) holders.push(patternId);
      else this.postings.set(element, [patternId]);
    }
    // Twice as many answers as when the order was set: set it again (amortised, like a growing array).
    if (this.keys.size > 2 * Math.max(this.rankedAt, 64)) this.stale = true;
  }

  private prefixOf(key: AnswerKey): string[] {
    const elements = elementsOf(key);
    const rankOf = (element: string) => this.rank.get(element) ?? -1;
    elements.sort((a, b) => rankOf(a) - rankOf(b) || (a < b ? -1 : a > b ? 1 : 0));
    return elements.slice(0, prefixLength(elements.length));
  }

  // Boilerplate changed, a pattern went or the registry doubled: every key is computed again, in the order
  // patterns were added, and the prefix order is set from how often each element occurs now.
  private refreshKeys(): void {
    if (!this.stale) return;
    this.keys = new Map();
    this.byCore = new Map();
    this.postings.clear();
    const keys = [...this.sentences].map(([id, sentences]) => [id, this.keyOf(sentences)] as const);
    const counts = new Map<string, number>();
    for (const [, key] of keys) {
      for (const element of elementsOf(key)) counts.set(element, (counts.get(element) ?? 0) + 1);
    }
    this.rank = counts;
    this.rankedAt = keys.length;
    for (const [id, key] of keys) this.index(id, key);
    this.stale = false;
  }

  /** Every answer that may be within Dice 0.9 of the reply: a superset of those that are, each once. */
  private *nearInLength(reply: AnswerKey): Generator<[string, AnswerKey]> {
    const length = reply.tokens.length;
    const seen = new Set<string>();
    for (const element of this.prefixOf(reply)) {
      for (const id of this.postings.get(element) ?? []) {
        if (seen.has(id)) continue;
        seen.add(id);
        const key = this.keys.get(id);
        if (!key) continue;
        const other = key.tokens.length;
        if (Math.min(length, other) >= lengthRatio * Math.max(length, other)) yield [id, key];
      }
    }
  }
}
