// Turns a text into weighted features (words, word pairs, character n-grams) so texts can be compared by meaning.
import { stopWords, tokenize } from "../text/normalize-text";

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

/** The meaningful words of a text, stemmed; a text of stop words only keeps all its words. */
export function contentWords(text: string): string[] {
  const words = tokenize(text);
  const content = words.filter((word) => !isStopWord(word));
  return (content.length > 0 ? content : words).map(stemWord);
}

function countInto(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

// Sublinear term frequency, then the family scaled to its weight so a long text cannot drown a family.
function addFamily(out: Map<string, number>, counts: Map<string, number>, weight: number): void {
  let sumSquares = 0;
  for (const count of counts.values()) {
    const tf = 1 + Math.log(count);
    sumSquares += tf * tf;
  }
  if (sumSquares === 0) return;
  const scale = weight / Math.sqrt(sumSquares);
  for (const [key, count] of counts) out.set(key, (1 + Math.log(count)) * scale);
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
  const words = options.keepStopWords ? tokenize(text).map(stemWord) : contentWords(text);
  const features = new Map<string, number>();
  if (words.length === 0) return features;

  const wordCounts = new Map<string, number>();
  const bigramCounts = new Map<string, number>();
  const charCounts = new Map<string, number>();
  words.forEach((word, index) => {
    countInto(wordCounts, word);
    const next = words[index + 1];
    if (next !== undefined) countInto(bigramCounts, `${bigramPrefix}${word} ${next}`);
    if (isPlaceholder(word)) return;
    // Spelling variants matter for content words; "the", "can" and "my" only need to be seen whole.
    if (options.keepStopWords && isStopWord(word)) return;
    const padded = `<${word}>`;
    for (let size = minCharGram; size <= maxCharGram; size++) {
      for (let start = 0; start + size <= padded.length; start++) {
        countInto(charCounts, `${charPrefix}${padded.slice(start, start + size)}`);
      }
    }
  });

  addFamily(features, wordCounts, featureFamilyWeights.word);
  addFamily(features, bigramCounts, featureFamilyWeights.bigram);
  addFamily(features, charCounts, featureFamilyWeights.char);
  return features;
}
