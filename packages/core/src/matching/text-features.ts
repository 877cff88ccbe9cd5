// Turns a text into weighted features (words, word pairs, character n-grams) so texts can be compared by meaning.
import { normalizeText, stopWords } from "../text/normalize-text";
import {
  featureGeneration,
  featureId,
  featureName,
  onRenumber,
  renumberIfFull,
} from "./feature-ids";

/**
 * How much each family of features weighs: each family's vector is scaled to this L2 length, so in a cosine the
 * families count by the square of these (words ≈ 75%, pairs ≈ 19%, character n-grams ≈ 7% when all are present).
 * Words carry the meaning; pairs reward the same phrasing; character n-grams let typos and word forms meet.
 */
export const featureFamilyWeights = { word: 1, bigram: 0.5, char: 0.3 } as const;

const bigramPrefix = "b:";
const charPrefix = "c:";
const minCharGram = 3;
const maxCharGram = 5;

function isPlaceholder(word: string): boolean {
  return word.startsWith("{{");
}

function hasVowel(text: string): boolean {
  return /[aeiouy]/.test(text);
}

/**
 * Light suffix stripping so "booking", "booked", "books" and "book" (or "closes", "closing", "close") meet.
 * Not a full stemmer: it only has to be consistent, never readable.
 */
export function stemWord(word: string): string {
  if (isPlaceholder(word) || /\d/.test(word)) return word;
  let stem = word;
  if (stem.length > 4 && stem.endsWith("ies")) stem = `${stem.slice(0, -3)}y`;
  else if (stem.length > 3 && stem.endsWith("s") && !/(ss|us|is)$/.test(stem))
    stem = stem.slice(0, -1);

  let stripped = false;
  if (stem.length > 5 && stem.endsWith("ing") && hasVowel(stem.slice(0, -3))) {
    stem = stem.slice(0, -3);
    stripped = true;
  } else if (stem.length > 4 && stem.endsWith("ed") && hasVowel(stem.slice(0, -2))) {
    stem = stem.slice(0, -2);
    stripped = true;
  }
  // "getting" → "gett" → "get", but "called" keeps its double l.
  if (stripped && /([b-df-hj-km-np-rtv-z])\1$/.test(stem)) stem = stem.slice(0, -1);
  // "close" and "clos(ing)" must end alike.
  if (stem.length > 3 && stem.endsWith("e")) stem = stem.slice(0, -1);
  return stem;
}

// Contractions lose their apostrophe in normalizeText ("you're" → "youre"), so the shared list misses them; plus
// filler words that say nothing about what a short message is about.
const extraStopWords: ReadonlySet<string> = new Set(
  (
    "youre ive weve youve theyre dont doesnt didnt cant wont isnt arent wasnt thats whats theres hows wheres " +
    "lets ill youll well id youd per each every let know like want need wondering wonder one guys"
  ).split(" "),
);

function isStopWord(word: string): boolean {
  return stopWords.has(word) || extraStopWords.has(word);
}

// What a word contributes, worked out once per distinct word (a business uses a few thousand): its stem, whether it
// (or its stem) is a stop word, and its stem's character n-grams in order, all as feature numbers.
type WordInfo = {
  stem: string;
  stemId: number;
  stop: boolean;
  stemIsStop: boolean;
  placeholder: boolean;
  grams: Int32Array;
};

/** Distinct words remembered; past this the memory starts afresh (it only saves work). */
const wordCacheSize = 10_000;
const wordCache = new Map<string, WordInfo>();

function wordInfo(word: string): WordInfo {
  let info = wordCache.get(word);
  if (info !== undefined) return info;
  const stem = stemWord(word);
  const grams: number[] = [];
  const placeholder = isPlaceholder(stem);
  if (!placeholder) {
    const padded = `<${stem}>`;
    for (let size = minCharGram; size <= maxCharGram; size++) {
      for (let start = 0; start + size <= padded.length; start++) {
        grams.push(featureId(`${charPrefix}${padded.slice(start, start + size)}`));
      }
    }
  }
  info = {
    stem,
    stemId: featureId(stem),
    stop: isStopWord(word),
    stemIsStop: isStopWord(stem),
    placeholder,
    grams: Int32Array.from(grams),
  };
  if (wordCache.size >= wordCacheSize) wordCache.clear();
  wordCache.set(word, info);
  return info;
}

/** A text's features as (feature number, weight) pairs, in the order textFeatures lists them. */
export type FeatureVector = { ids: Int32Array; values: Float64Array };

/**
 * A text as every part of the model reads it, worked out once: its normalised form and words, its content words
 * and its two feature vectors (built on first use, then kept).
 */
export class TextAnalysis {
  readonly normalized: string;
  readonly tokens: readonly string[];
  private generation = featureGeneration();
  private infos: WordInfo[] | undefined;
  private contentInfos: WordInfo[] | undefined;
  private content: string[] | undefined;
  private plain: FeatureVector | undefined;
  private withStopWords: FeatureVector | undefined;

  constructor(readonly text: string) {
    this.normalized = normalizeText(text);
    this.tokens = this.normalized === "" ? [] : this.normalized.split(" ");
  }

  /** The meaningful words, stemmed; a text of stop words only keeps all its words. */
  contentWords(): string[] {
    this.content ??= this.contentInfo().map((info) => info.stem);
    return this.content;
  }

  /** See textFeatures; the vector is valid until the next text's features are built. */
  vector(options: { keepStopWords?: boolean } = {}): FeatureVector {
    renumberIfFull();
    if (this.generation !== featureGeneration()) {
      // Numbered in an earlier generation: worked out again.
      this.generation = featureGeneration();
      this.infos = this.contentInfos = this.plain = this.withStopWords = undefined;
    }
    if (options.keepStopWords) {
      this.withStopWords ??= featuresOf(this.wordInfos(), true);
      return this.withStopWords;
    }
    this.plain ??= featuresOf(this.contentInfo(), false);
    return this.plain;
  }

  /** See textFeatures. */
  features(options: { keepStopWords?: boolean } = {}): Map<string, number> {
    const { ids, values } = this.vector(options);
    return new Map(Array.from(ids, (id, position) => [featureName(id), values[position]!]));
  }

  private wordInfos(): WordInfo[] {
    this.infos ??= this.tokens.map(wordInfo);
    return this.infos;
  }

  private contentInfo(): WordInfo[] {
    if (this.contentInfos === undefined) {
      const infos = this.wordInfos();
      const content = infos.filter((info) => !info.stop);
      this.contentInfos = content.length > 0 ? content : infos;
    }
    return this.contentInfos;
  }
}

// The latest texts analysed: a history's question is proposed for, then learned as an example moments later.
const recentTexts = new Map<string, TextAnalysis>();
const recentTextsKept = 256;

onRenumber(() => {
  wordCache.clear();
  recentTexts.clear();
});

/** A text's analysis: made once, shared by everything that reads the same text. */
export function analyzeText(text: string | TextAnalysis): TextAnalysis {
  if (typeof text !== "string") return text;
  let analysis = recentTexts.get(text);
  if (analysis === undefined) {
    analysis = new TextAnalysis(text);
    if (recentTexts.size >= recentTextsKept) recentTexts.delete(recentTexts.keys().next().value!);
    recentTexts.set(text, analysis);
  }
  return analysis;
}

/** The meaningful words of a text, stemmed; a text of stop words only keeps all its words. */
export function contentWords(text: string): string[] {
  return new TextAnalysis(text).contentWords();
}

/**
 * Weighted features of a text: stemmed words (no prefix), adjacent word pairs ("b:door cod") and character
 * 3- to 5-grams of each word padded with "<" and ">" ("c:<doo"). `{{variable}}` placeholders count as words
 * but get no character n-grams (every placeholder would share "{{"). An empty text has no features.
 */
export function textFeatures(
  text: string,
  options: { keepStopWords?: boolean } = {},
): Map<string, number> {
  return new TextAnalysis(text).features(options);
}

// Scratch for counting: per feature number its count in the family being counted, and the order of first sight.
let counts = new Int32Array(4096);
const order: number[] = [];

function count(feature: number): void {
  if (feature >= counts.length) {
    let length = counts.length;
    while (length <= feature) length *= 2;
    const grown = new Int32Array(length);
    grown.set(counts);
    counts = grown;
  }
  const before = counts[feature]!;
  counts[feature] = before + 1;
  if (before === 0) order.push(feature);
}

// Sublinear term frequency, then the family scaled to its weight so a long text cannot drown a family. Appends
// the counted family to the output in the order its features were first seen, and clears the count.
function addFamily(ids: number[], values: number[], weight: number): void {
  let sumSquares = 0;
  for (const feature of order) {
    const tf = 1 + Math.log(counts[feature]!);
    sumSquares += tf * tf;
  }
  if (sumSquares > 0) {
    const scale = weight / Math.sqrt(sumSquares);
    for (const feature of order) {
      ids.push(feature);
      values.push((1 + Math.log(counts[feature]!)) * scale);
    }
  }
  for (const feature of order) counts[feature] = 0;
  order.length = 0;
}

function featuresOf(words: readonly WordInfo[], keepStopWords: boolean): FeatureVector {
  const ids: number[] = [];
  const values: number[] = [];
  if (words.length > 0) {
    for (const word of words) count(word.stemId);
    addFamily(ids, values, featureFamilyWeights.word);
    for (let index = 0; index + 1 < words.length; index++) {
      count(featureId(`${bigramPrefix}${words[index]!.stem} ${words[index + 1]!.stem}`));
    }
    addFamily(ids, values, featureFamilyWeights.bigram);
    for (const word of words) {
      if (word.placeholder) continue;
      // Spelling variants matter for content words; "the", "can" and "my" only need to be seen whole.
      if (keepStopWords && word.stemIsStop) continue;
      for (const gram of word.grams) count(gram);
    }
    addFamily(ids, values, featureFamilyWeights.char);
  }
  return { ids: Int32Array.from(ids), values: Float64Array.from(values) };
}
