// In-memory TF-IDF index over pattern examples and triggers: which learned patterns does a new message mean?
import { QueryTable, TopDocs } from "./search-scratch";
import { rankPatterns } from "./rank-patterns";
import { growFloat64, VersionedValues } from "./versioned-values";
import { PostingList } from "./sparse-list";
import { TermNumbers } from "./feature-ids";
import { analyzeText, type TextAnalysis } from "./text-features";
import {
  defaultMatchLimit,
  type MatchDoc,
  type MatchResult,
  type MatchSearchOptions,
} from "./match-types";

export * from "./match-types";

/**
 * Most postings one search reads. Terms are read rarest first, so the budget only ever skips the commonest terms
 * (character n-grams like "c:ing", words like "book" in a booking-heavy business), whose IDF is low anyway;
 * the final scores are exact cosines over all terms, the budget only limits which docs get that far.
 */
const postingsBudget = 4_000;
/** Docs whose exact cosine is computed, at least; the best approximate scores get there. */
const minRerankDocs = 48;
/**
 * Approximate document norms, used only to choose docs for exact scoring, are refreshed round-robin: each add or
 * remove recomputes this many, so every norm is redone within a tenth of the corpus' worth of changes and no
 * single add pays for a full pass.
 */
const normRefreshPerChange = 10;

type StoredDoc = {
  num: number;
  /** The pattern's number in this index (see patternNums). */
  patternNum: number;
  id: string;
  patternId: string;
  text: string;
  terms: Int32Array;
  /** Feature weights (sublinear tf, family-scaled); IDF is applied at query time because it keeps changing. */
  weights: Float64Array;
};

// Smoothed IDF (never 0, never infinite): a term in every doc still counts a little.
function inverseDocumentFrequency(docCount: number, documentFrequency: number): number {
  return Math.log((1 + docCount) / (1 + documentFrequency)) + 1;
}

export class MatchIndex {
  private readonly termIds = new TermNumbers();
  private readonly postings: PostingList[] = [];
  private readonly documentFrequencies: number[] = [];
  // Doc numbers are never reused, so a stale posting can always be recognised by an empty slot.
  private readonly docsByNum: (StoredDoc | undefined)[] = [];
  private readonly docsById = new Map<string, StoredDoc>();
  private readonly docsByPattern = new Map<string, Set<StoredDoc>>();
  // Patterns by number, so a search tells a doc's pattern by an array read rather than a string lookup.
  private readonly patternNums = new Map<string, number>();
  private readonly patternIdsByNum: string[] = [];
  /** Per doc number: its pattern's number, or -1 once the doc is removed. */
  private docPatterns = new Int32Array(64);
  /** Per pattern number, during a search: 0 not yet asked, 1 a candidate, 2 not one. */
  private patternStates = new Uint8Array(64);
  private readonly statedPatterns: number[] = [];
  private approximateNorms = new Float64Array(64);
  private readonly exactNorms = new VersionedValues();
  /** Bumped by every add and remove: any IDF may have changed, so cached exact norms are stale. */
  private version = 0;
  private normRefreshCursor = 0;
  // Scratch space reused by every search.
  private accumulator = new Float64Array(64);
  private touched = new Int32Array(64);
  private readonly queryWeights = new QueryTable();
  private readonly idfs = new VersionedValues();

  /** Number of docs (examples and triggers). */
  get size(): number {
    return this.docsById.size;
  }

  /** Number of patterns with at least one doc. */
  get patternCount(): number {
    return this.docsByPattern.size;
  }

  has(id: string): boolean {
    return this.docsById.has(id);
  }

  /** The doc with this id, if it is indexed. */
  get(id: string): MatchDoc | undefined {
    const stored = this.docsById.get(id);
    return stored && { id: stored.id, patternId: stored.patternId, text: stored.text };
  }

  /** Adds a doc; a doc with the same id is replaced (its old text no longer matches). */
  add(doc: MatchDoc, analysis?: TextAnalysis): void {
    this.remove(doc.id);
    const features = analyzeText(analysis ?? doc.text).vector();
    const terms = new Int32Array(features.ids.length);
    const weights = new Float64Array(features.ids.length);
    const num = this.docsByNum.length;
    const patternNum = this.internPattern(doc.patternId);
    let index = 0;
    for (let position = 0; position < features.ids.length; position++) {
      const term = this.internTerm(features.ids[position]!);
      const weight = features.values[position]!;
      terms[index] = term;
      weights[index] = weight;
      index++;
      this.documentFrequencies[term] = (this.documentFrequencies[term] ?? 0) + 1;
      this.postings[term]?.push(num, weight);
    }
    const stored: StoredDoc = {
      num,
      patternNum,
      id: doc.id,
      patternId: doc.patternId,
      text: doc.text,
      terms,
      weights,
    };
    this.docsByNum.push(stored);
    this.docsById.set(doc.id, stored);
    let patternDocs = this.docsByPattern.get(doc.patternId);
    if (patternDocs === undefined) {
      patternDocs = new Set();
      this.docsByPattern.set(doc.patternId, patternDocs);
    }
    patternDocs.add(stored);

    this.ensureDocCapacity(this.docsByNum.length);
    this.docPatterns[num] = patternNum;
    this.version++;
    this.approximateNorms[num] = this.computeNorm(stored);
    this.noteChange();
  }

  /** Removes one doc; returns whether it was there. */
  remove(id: string): boolean {
    const stored = this.docsById.get(id);
    if (stored === undefined) return false;
    this.docsById.delete(id);
    this.docsByNum[stored.num] = undefined;
    this.docPatterns[stored.num] = -1;
    const patternDocs = this.docsByPattern.get(stored.patternId);
    patternDocs?.delete(stored);
    if (patternDocs?.size === 0) this.docsByPattern.delete(stored.patternId);
    for (const term of stored.terms) {
      this.documentFrequencies[term] = (this.documentFrequencies[term] ?? 1) - 1;
      const list = this.postings[term];
      if (list === undefined) continue;
      list.dead++;
      // Compacting at half dead keeps scans short at an amortised O(1) per removal.
      if (list.dead * 2 > list.length) list.compact((doc) => this.docsByNum[doc] !== undefined);
    }
    this.version++;
    this.noteChange();
    return true;
  }

  /** Removes every doc of a pattern; returns how many were removed. */
  removePattern(patternId: string): number {
    const patternDocs = this.docsByPattern.get(patternId);
    if (patternDocs === undefined) return 0;
    const ids = [...patternDocs].map((stored) => stored.id);
    for (const id of ids) this.remove(id);
    return ids.length;
  }

  /** The patterns whose texts are most like `text`, each scored by its closest doc. */
  search(text: string | TextAnalysis, options: MatchSearchOptions = {}): MatchResult {
    const limit = Math.max(0, Math.floor(options.limit ?? defaultMatchLimit));
    const empty: MatchResult = { candidates: [], topScore: 0, margin: 0 };
    const docCount = this.docsById.size;
    if (docCount === 0) return empty;
    const features = analyzeText(text).vector();
    if (features.ids.length === 0) return empty;

    // Query weights with today's IDF; terms the index has never seen still count in the query's norm.
    const queryTerms: { term: number; weight: number; frequency: number }[] = [];
    let queryNormSquared = 0;
    for (let position = 0; position < features.ids.length; position++) {
      const term = this.termIds.lookup(features.ids[position]!);
      const frequency = term < 0 ? 0 : (this.documentFrequencies[term] ?? 0);
      const weight = features.values[position]! * inverseDocumentFrequency(docCount, frequency);
      queryNormSquared += weight * weight;
      if (term >= 0 && frequency > 0) queryTerms.push({ term, weight, frequency });
    }
    if (queryTerms.length === 0) return empty;
    queryTerms.sort((a, b) => a.frequency - b.frequency || a.term - b.term);

    const selected = this.selectDocs(queryTerms, docCount, limit, options);
    const scored = this.scoreExactly(selected, queryTerms, docCount, Math.sqrt(queryNormSquared));

    return rankPatterns(scored, limit);
  }

  // Phase 1: accumulate approximate cosines through the postings of the rarest terms; keep the best docs. Only
  // docs of patterns that may be candidates are accumulated; the budget still counts every posting.
  private selectDocs(
    queryTerms: readonly { term: number; weight: number }[],
    docCount: number,
    limit: number,
    { filter, only }: MatchSearchOptions,
  ): TopDocs {
    const accumulator = this.accumulator;
    const touched = this.touched;
    const docPatterns = this.docPatterns;
    const states = this.patternStates;
    const stated = this.statedPatterns;
    const screened = filter !== undefined || only !== undefined;
    if (only !== undefined) {
      for (const patternId of only) {
        const num = this.patternNums.get(patternId);
        if (num === undefined || states[num] !== 0) continue;
        states[num] = filter === undefined || filter(patternId) ? 1 : 2;
        stated.push(num);
      }
    }
    let touchedCount = 0;
    let read = false;
    let budget = postingsBudget;
    for (const { term, weight } of queryTerms) {
      const list = this.postings[term];
      if (list === undefined) continue;
      // Rarest first: once one term is over budget, later (commoner) ones would be too.
      if (list.length > budget && read) break;
      budget -= list.length;
      if (list.length > 0) read = true;
      const factor = weight * this.idf(term, docCount);
      const docs = list.ids;
      const weights = list.weights;
      for (let index = 0; index < list.length; index++) {
        const doc = docs[index]!;
        const pattern = docPatterns[doc]!;
        // A removed doc's posting (a tombstone until compaction).
        if (pattern < 0) continue;
        if (screened) {
          let state = states[pattern]!;
          if (state === 0) {
            state = only === undefined && filter!(this.patternIdsByNum[pattern]!) ? 1 : 2;
            states[pattern] = state;
            stated.push(pattern);
          }
          if (state !== 1) continue;
        }
        const before = accumulator[doc]!;
        if (before === 0) touched[touchedCount++] = doc;
        accumulator[doc] = before + factor * weights[index]!;
      }
    }
    for (const pattern of stated) states[pattern] = 0;
    stated.length = 0;

    const top = this.topDocs(Math.max(minRerankDocs, limit * 8));
    const norms = this.approximateNorms;
    for (let index = 0; index < touchedCount; index++) {
      const doc = touched[index]!;
      const dot = accumulator[doc]!;
      accumulator[doc] = 0;
      top.offer(dot / (norms[doc] || 1), doc);
    }
    return top;
  }

  private scratchTop: TopDocs | null = null;

  // One heap reused by every search of this size.
  private topDocs(capacity: number): TopDocs {
    if (this.scratchTop?.capacity !== capacity) this.scratchTop = new TopDocs(capacity);
    this.scratchTop.size = 0;
    return this.scratchTop;
  }

  // Phase 2: exact cosine with today's IDF over every term of each selected doc.
  private scoreExactly(
    top: TopDocs,
    queryTerms: readonly { term: number; weight: number }[],
    docCount: number,
    queryNorm: number,
  ): { score: number; doc: StoredDoc }[] {
    // Per query term, the factor a doc's raw feature weight is multiplied by: query weight × IDF.
    const queryWeights = this.queryWeights;
    queryWeights.reset(queryTerms.length);
    for (const { term, weight } of queryTerms)
      queryWeights.set(term, weight * this.idf(term, docCount));
    const scored: { score: number; doc: StoredDoc }[] = [];
    for (let index = 0; index < top.size; index++) {
      const doc = this.docsByNum[top.docs[index] ?? -1];
      if (doc === undefined) continue;
      let dot = 0;
      const { terms, weights } = doc;
      for (let position = 0; position < terms.length; position++) {
        const factor = queryWeights.get(terms[position]!);
        if (factor !== 0) dot += factor * weights[position]!;
      }
      if (dot === 0) continue;
      const score = Math.min(1, Math.max(0, dot / (queryNorm * this.exactNorm(doc))));
      scored.push({ score, doc });
    }
    return scored;
  }

  private exactNorm(doc: StoredDoc): number {
    if (this.exactNorms.has(doc.num, this.version)) return this.exactNorms.get(doc.num);
    const norm = this.computeNorm(doc);
    this.exactNorms.set(doc.num, this.version, norm);
    return norm;
  }

  private computeNorm(doc: StoredDoc): number {
    const docCount = this.docsById.size;
    let sum = 0;
    for (let position = 0; position < doc.terms.length; position++) {
      const weight = (doc.weights[position] ?? 0) * this.idf(doc.terms[position] ?? 0, docCount);
      sum += weight * weight;
    }
    return Math.sqrt(sum) || 1;
  }

  // IDF of a known term, cached until the next change to the index.
  private idf(term: number, docCount: number): number {
    if (this.idfs.has(term, this.version)) return this.idfs.get(term);
    const idf = inverseDocumentFrequency(docCount, this.documentFrequencies[term] ?? 0);
    this.idfs.set(term, this.version, idf);
    return idf;
  }

  private noteChange(): void {
    const slots = this.docsByNum.length;
    if (slots === 0) return;
    // Bounded scan: removed docs leave empty slots, which must not make one change expensive.
    let refreshed = 0;
    for (
      let scanned = 0;
      scanned < normRefreshPerChange * 4 && refreshed < normRefreshPerChange;
      scanned++
    ) {
      if (this.normRefreshCursor >= slots) this.normRefreshCursor = 0;
      const doc = this.docsByNum[this.normRefreshCursor++];
      if (doc === undefined) continue;
      this.approximateNorms[doc.num] = this.computeNorm(doc);
      refreshed++;
    }
  }

  private internPattern(patternId: string): number {
    let num = this.patternNums.get(patternId);
    if (num === undefined) {
      num = this.patternIdsByNum.length;
      this.patternNums.set(patternId, num);
      this.patternIdsByNum.push(patternId);
      if (num >= this.patternStates.length) {
        const states = new Uint8Array(this.patternStates.length * 2);
        states.set(this.patternStates);
        this.patternStates = states;
      }
    }
    return num;
  }

  private internTerm(feature: number): number {
    const term = this.termIds.intern(feature);
    if (term === this.postings.length) {
      this.postings.push(new PostingList());
      this.documentFrequencies.push(0);
      this.idfs.ensure(term + 1);
    }
    return term;
  }

  private ensureDocCapacity(count: number): void {
    if (count <= this.accumulator.length) return;
    this.accumulator = growFloat64(this.accumulator, count);
    this.approximateNorms = growFloat64(this.approximateNorms, count);
    this.exactNorms.ensure(count);
    const touched = new Int32Array(this.accumulator.length);
    touched.set(this.touched);
    this.touched = touched;
    const docPatterns = new Int32Array(this.accumulator.length).fill(-1);
    docPatterns.set(this.docPatterns);
    this.docPatterns = docPatterns;
  }
}
