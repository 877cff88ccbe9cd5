// A discriminative model over patterns: multinomial logistic regression on a message's word, word-pair and
// character n-gram features, trained by SGD on every learned example. It answers "which pattern's reply does this
// message want?" with a probability per pattern, which a nearest-example search cannot.
import { bestClasses, classSoftmax } from "./class-softmax";
import { TermNumbers } from "./feature-ids";
import { SgdStepper, seededRandom, shuffle, type Weights } from "./sgd-step";
import { growFloat64 } from "./versioned-values";
import { TermWeights } from "./term-weights";
import { analyzeText, type TextAnalysis } from "./text-features";

export type ClassProbability = { patternId: string; probability: number };

type Example = {
  id: string;
  classIndex: number;
  terms: Int32Array;
  values: Float32Array;
  key: string;
};

export type ReplyClassifierOptions = {
  /** Passes over the examples in a full fit. */
  epochs?: number;
  /** Step size of the first pass; later passes take smaller steps. */
  learningRate?: number;
  /** A full refit once the examples grew by this factor since the last one. */
  refitGrowth?: number;
  /**
   * "inline" (default): a refit runs inside the add that calls for it, so the same examples in the same order always
   * give the same model (import and replay). "background": it runs in slices between other work while the current
   * model keeps answering, and replaces it when done (a live process must not stop for seconds).
   */
  refit?: "inline" | "background";
};

export type AddOptions = {
  /** No refit now, whatever the count: the caller adds more and calls refitIfDue() once at the end. */
  deferFit?: boolean;
  /** Not even a step (implies deferFit): for a batch a full refit will follow (see refitFollowsBatch). */
  skipStep?: boolean;
};

/** Examples up to which every addition refits the whole model (cheap at that size). */
const smallModel = 64;

export class ReplyClassifier {
  private readonly classIds: string[] = [];
  private readonly classIndex = new Map<string, number>();
  // 1 for a pattern that has examples and was not removed: only those are ever proposed.
  private live = new Uint8Array(8);
  private readonly termIds = new TermNumbers();
  private model: Weights = { terms: new TermWeights(0), bias: new Float64Array(8) };
  private termCount = 0;
  private scores = new Float64Array(8);
  // The text the scores hold the softmax of; every forward clears it, so it is never another text's.
  private softmaxText: string | TextAnalysis | null = null;
  private readonly examples = new Map<string, Example>();
  private readonly examplesPerClass: number[] = [];
  // Document frequency of each term over the examples: IDF keeps words every pattern uses from dominating.
  private documentFrequency = new Float64Array(64);
  private fittedCount = 0;
  private readonly epochs: number;
  private readonly learningRate: number;
  private readonly refitGrowth: number;
  private readonly refitMode: "inline" | "background";
  // A background refit under way, and the examples added since it took its snapshot.
  private readonly stepper = new SgdStepper();
  private refitting: Promise<void> | null = null;
  private addedWhileRefitting: Example[] = [];

  constructor(options: ReplyClassifierOptions = {}) {
    this.epochs = options.epochs ?? 4;
    this.learningRate = options.learningRate ?? 2;
    this.refitGrowth = options.refitGrowth ?? 1.4;
    this.refitMode = options.refit ?? "inline";
  }

  /** Resolves when no background refit is running (tests, benchmarks). */
  async settled(): Promise<void> {
    while (this.refitting) await this.refitting;
  }

  get exampleCount(): number {
    return this.examples.size;
  }

  /** Examples learned for a pattern. */
  examplesOf(patternId: string): number {
    const index = this.classIndex.get(patternId);
    return index === undefined ? 0 : (this.examplesPerClass[index] ?? 0);
  }

  /**
   * Learns one example: a step of SGD at once, so the next message already sees it, and a full refit when the
   * examples have grown enough since the last one (its cost is spread: each refit follows a geometric growth).
   */
  add(
    exampleId: string,
    patternId: string,
    text: string | TextAnalysis,
    opts: AddOptions = {},
  ): void {
    if (this.examples.has(exampleId)) return;
    const classIndex = this.addClass(patternId);
    const analysis = analyzeText(text);
    const features = analysis.vector(classifierFeatures);
    const terms = new Int32Array(features.ids.length);
    const values = new Float32Array(features.ids.length);
    let i = 0;
    for (const value of features.values) {
      terms[i] = this.internTerm(features.ids[i]!);
      values[i] = value;
      i++;
    }
    const example: Example = { id: exampleId, classIndex, terms, values, key: analysis.text };
    for (const term of terms)
      this.documentFrequency[term] = (this.documentFrequency[term] ?? 0) + 1;
    this.examples.set(exampleId, example);
    this.examplesPerClass[classIndex] = (this.examplesPerClass[classIndex] ?? 0) + 1;
    this.live[classIndex] = 1;
    if (this.refitting) this.addedWhileRefitting.push(example);
    if (opts.skipStep) return;
    if (!opts.deferFit && this.refitIfDue() === "inline") return;
    this.step(this.model, example, this.learningRate / 2);
  }

  /**
   * Whether a full inline refit is sure to follow once a batch of examples is in: the model was never fitted and
   * refits run inline. Stepping through such a batch builds a model the refit throws away.
   */
  get refitFollowsBatch(): boolean {
    return this.refitMode === "inline" && this.fittedCount === 0;
  }

  remove(exampleId: string): void {
    const example = this.examples.get(exampleId);
    if (!example) return;
    this.forget(example);
  }

  private forget(example: Example): void {
    this.examples.delete(example.id);
    const left = (this.examplesPerClass[example.classIndex] ?? 1) - 1;
    this.examplesPerClass[example.classIndex] = left;
    if (left === 0) this.live[example.classIndex] = 0;
    for (const term of example.terms)
      this.documentFrequency[term] = (this.documentFrequency[term] ?? 1) - 1;
  }

  /** Forgets a pattern: it is never proposed again, and its examples leave the training set. */
  removeClass(patternId: string): void {
    const index = this.classIndex.get(patternId);
    if (index === undefined) return;
    for (const example of [...this.examples.values()]) {
      if (example.classIndex === index) this.forget(example);
    }
    this.examplesPerClass[index] = 0;
    this.live[index] = 0;
    this.classIndex.delete(patternId);
  }

  /** Refits when the examples grew enough: at once ("inline"), or starts one in the background. */
  refitIfDue(): "inline" | "background" | null {
    if (!this.needsRefit()) return null;
    if (this.refitMode === "inline") {
      this.refit();
      return "inline";
    }
    this.refitting ??= this.refitInBackground().finally(() => {
      this.refitting = null;
      // Examples that came during the refit may call for the next one.
      this.refitIfDue();
    });
    return "background";
  }

  needsRefit(): boolean {
    const count = this.examples.size;
    if (count === this.fittedCount) return false;
    // A small model is refitted with every example (a step alone cannot teach the first of two patterns).
    return count <= smallModel || count >= this.fittedCount * this.refitGrowth;
  }

  /** Fits the model afresh on every example, in a canonical order: the same examples give the same model. */
  refit(): void {
    const fresh = this.emptyWeights();
    const ordered = this.canonicalOrder();
    // The examples and their IDF stay as they are through an inline fit: each is weighted once, not every epoch.
    const weighted = new Map(ordered.map((example) => [example, this.weighted(example)]));
    const random = seededRandom();
    for (let epoch = 0; epoch < this.epochs; epoch++) {
      shuffle(ordered, random);
      const rate = this.learningRate / (1 + epoch);
      for (const example of ordered) this.step(fresh, example, rate, weighted.get(example));
    }
    fresh.terms.compact();
    this.model = fresh;
    this.fittedCount = this.examples.size;
  }

  // The same fit in slices between other work; examples added meanwhile are stepped into the new model at the end.
  private async refitInBackground(): Promise<void> {
    const fresh = this.emptyWeights();
    const ordered = this.canonicalOrder();
    this.addedWhileRefitting = [];
    const random = seededRandom();
    // A step costs more with every pattern (its softmax spans them all), and a decision waits behind a turn at each
    // of its queries: fewer steps per turn with more patterns (at 10,000, 64 steps were 17 ms). Counted, not timed,
    // so where the turns fall, and so which additions and removals a fit sees, is the same in every run.
    const stepsPerTurn = Math.min(
      STEPS_PER_TURN,
      Math.max(4, Math.floor(CLASS_STEPS_PER_TURN / Math.max(1, this.classIds.length))),
    );
    let sinceTurn = 0;
    // Steps one example; true when a turn is due. (Awaited only then: an await of every step would let the caller
    // run on after the first, and the fit would see additions at other points than before.)
    const stepCounted = (model: Weights, example: Example, rate: number): boolean => {
      if (!this.examples.has(example.id)) return false;
      this.step(model, example, rate);
      if (++sinceTurn < stepsPerTurn) return false;
      sinceTurn = 0;
      return true;
    };
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    for (let epoch = 0; epoch < this.epochs; epoch++) {
      shuffle(ordered, random);
      const rate = this.learningRate / (1 + epoch);
      for (const example of ordered) if (stepCounted(fresh, example, rate)) await nextTurn();
    }
    const bias = new Float64Array(this.model.bias.length);
    bias.set(fresh.bias.subarray(0, bias.length));
    const caughtUp: Weights = { terms: fresh.terms, bias };
    fresh.terms.compact();
    // In turns too: a fit started early in a first load sees the rest of it arrive meanwhile (at 10,000 patterns,
    // 40,000 examples: seconds of steps). Those that arrive during these steps are stepped in as well.
    for (const example of this.addedWhileRefitting) {
      if (stepCounted(caughtUp, example, this.learningRate / 2)) await nextTurn();
    }
    this.addedWhileRefitting = [];
    // Patterns that came during those turns grew the current model's biases: the new one must span them too.
    caughtUp.bias = growFloat64(caughtUp.bias, this.model.bias.length);
    this.model = caughtUp;
    this.fittedCount = ordered.length;
  }

  private emptyWeights(): Weights {
    return {
      // Room for about what the current model holds, so a fit rarely grows its arena.
      terms: new TermWeights(this.termCount, this.model.terms.entries * 2),
      bias: new Float64Array(this.model.bias.length),
    };
  }

  private canonicalOrder(): Example[] {
    return [...this.examples.values()].sort(
      (a, b) =>
        a.classIndex - b.classIndex ||
        (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) ||
        cmp(a.id, b.id),
    );
  }

  /** Patterns by probability for this text, best first (ties by the order patterns were learned). */
  predict(text: string | TextAnalysis, limit = 5): ClassProbability[] {
    if (this.examples.size === 0) return [];
    const probabilities = this.softmaxOf(text);
    return bestClasses(probabilities, this.live, this.classIds.length, limit).map((index) => ({
      patternId: this.classIds[index]!,
      probability: probabilities[index] ?? 0,
    }));
  }

  /** Each pattern's probability for this text (0 if unknown); right after predict() of it, not computed twice. */
  probabilitiesOf(text: string | TextAnalysis, patternIds: readonly string[]): number[] {
    if (this.examples.size === 0) return patternIds.map(() => 0);
    const probabilities = this.softmaxText === text ? this.scores : this.softmaxOf(text);
    return patternIds.map((patternId) => {
      const index = this.classIndex.get(patternId);
      return index === undefined ? 0 : (probabilities[index] ?? 0);
    });
  }

  // The softmax over the live patterns for this text, in the scratch array (valid until the next forward).
  private softmaxOf(text: string | TextAnalysis): Float64Array {
    const features = analyzeText(text).vector(classifierFeatures);
    // Typed like an example's, so forward() reads one kind of array whoever calls it.
    const terms = new Int32Array(features.ids.length);
    const values = new Float64Array(features.ids.length);
    let kept = 0;
    // Words never seen in any example still count in the message's length: a message mostly about something
    // unknown gets a weaker, less certain score.
    const unseenIdf = this.idf(0);
    let normSquared = 0;
    for (let position = 0; position < features.ids.length; position++) {
      const term = this.termIds.lookup(features.ids[position]!);
      const df = term < 0 ? 0 : (this.documentFrequency[term] ?? 0);
      const value = features.values[position]! * (df > 0 ? this.idf(df) : unseenIdf);
      normSquared += value * value;
      if (term < 0 || df === 0) continue;
      terms[kept] = term;
      values[kept] = value;
      kept++;
    }
    const norm = Math.sqrt(normSquared) || 1;
    for (let i = 0; i < kept; i++) values[i] = values[i]! / norm;
    const probabilities = this.forward(
      this.model,
      terms.subarray(0, kept),
      values.subarray(0, kept),
    );
    this.softmaxText = text;
    return probabilities;
  }

  // Softmax over the live classes, into the scratch array (the others get 0).
  private forward(model: Weights, terms: Int32Array, values: Float64Array): Float64Array {
    this.softmaxText = null;
    return classSoftmax(model, terms, values, this.live, this.classIds.length, this.scores);
  }

  private idf(documentFrequency: number): number {
    return Math.log((1 + this.examples.size) / (1 + documentFrequency)) + 1;
  }

  // The example's features weighted by today's IDF, L2-normalised.
  private weighted(example: Example): Float64Array {
    const values = new Float64Array(example.terms.length);
    let normSquared = 0;
    for (let i = 0; i < values.length; i++) {
      const value = example.values[i]! * this.idf(this.documentFrequency[example.terms[i]!] ?? 0);
      values[i] = value;
      normSquared += value * value;
    }
    const norm = Math.sqrt(normSquared) || 1;
    for (let i = 0; i < values.length; i++) values[i] = values[i]! / norm;
    return values;
  }

  private step(
    model: Weights,
    example: Example,
    rate: number,
    values: Float64Array = this.weighted(example),
  ): void {
    const probabilities = this.forward(model, example.terms, values);
    this.stepper.apply(model, example.terms, values, {
      probabilities,
      classIndex: example.classIndex,
      classCount: this.classIds.length,
      rate,
    });
  }

  /** Registers a pattern (in the order patterns were made: ties go to the older). */
  addClass(patternId: string): number {
    let index = this.classIndex.get(patternId);
    if (index !== undefined) return index;
    index = this.classIds.length;
    this.classIds.push(patternId);
    this.classIndex.set(patternId, index);
    this.examplesPerClass.push(0);
    if (index >= this.model.bias.length) {
      const bias = growFloat64(this.model.bias, this.model.bias.length * 2);
      this.model.bias = bias;
      this.scores = new Float64Array(bias.length);
      this.softmaxText = null;
      this.stepper.growClasses(bias.length);
      const live = new Uint8Array(bias.length);
      live.set(this.live);
      this.live = live;
    }
    return index;
  }

  private internTerm(feature: number): number {
    const term = this.termIds.intern(feature);
    if (term === this.termCount) {
      this.termCount++;
      if (term >= this.documentFrequency.length) {
        const grown = new Float64Array(this.documentFrequency.length * 2);
        grown.set(this.documentFrequency);
        this.documentFrequency = grown;
      }
    }
    return term;
  }
}

// Small words carry intent ("can I" is not "why did I"): the classifier keeps them; its weights decide.
const classifierFeatures = { keepStopWords: true };

// Steps of a background refit between two turns of the event loop: at most this many, and fewer with more patterns
// (about this many patterns × steps, a millisecond or two).
const STEPS_PER_TURN = 64;
const CLASS_STEPS_PER_TURN = 32_000;

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
