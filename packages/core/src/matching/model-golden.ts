// Scripted runs of the reply model (PatternIndex: classifier, nearest-example index, vocabulary) on seeded
// synthetic corpora, recording every proposal exactly. model-golden.test.ts compares them with the outputs the
// model gave before it was made faster (model-golden.json): a speed-up must not move a single proposal.
//
// After a change meant to alter proposals, write the file again and review its diff:
//   npx tsx packages/core/src/matching/model-golden.ts > packages/core/src/matching/model-golden.json
import { PatternIndex } from "../engine/pattern-index";
import { buildSyntheticCorpus, createRandom, paraphraseText } from "./synthetic-corpus";

/**
 * One proposal as recorded: candidates as [patternId, classifier probability, similarity, familiar words,
 * nearest doc], then top score, margin and the calibration's evidence. The calibrated probability itself is left
 * out: calibration is its own module, and these runs are about what it reads.
 */
export type RecordedProposal = [
  query: string,
  candidates: [string, number, number, boolean, string | null][],
  topScore: number,
  margin: number,
  evidence: [number, number, number, number | undefined, number, number | undefined] | null,
];

function record(index: PatternIndex, query: string): RecordedProposal {
  const proposal = index.propose(query, 5);
  const e = proposal.evidence;
  return [
    query,
    proposal.candidates.map((c) => [c.patternId, c.probability, c.score, c.familiarWords, c.docId]),
    proposal.topScore,
    proposal.margin,
    e ? [e.probability, e.margin, e.similarity, e.rivalSimilarity, e.examples, e.trainedOn] : null,
  ];
}

const oddQueries = [
  "",
  "?!",
  "is it the and of",
  "quantum chromodynamics lecture notes",
  "Can I book bay 3 for tonight at 7pm??",
];

// A change to the model, or questions to ask it.
type Step = (() => void) | string[];

/** Learning as it happens live: examples arrive one by one between proposals; some are taken back. */
function liveLearning(mode: "inline" | "background"): { index: PatternIndex; steps: Step[] } {
  const corpus = buildSyntheticCorpus(24, 10, 11);
  const index = new PatternIndex(undefined, { backgroundRefit: mode === "background" });
  const random = createRandom(5);
  const steps: Step[] = [];
  corpus
    .slice(0, 12)
    .forEach(({ patternId, examples }) =>
      steps.push(() =>
        index.addTrigger(patternId, examples[0] ?? patternId, `Answer ${patternId}`),
      ),
    );
  const arrivals = corpus.flatMap(({ patternId, examples }) =>
    examples.map((text, position) => ({ id: `${patternId}:${position}`, patternId, text })),
  );
  for (let i = arrivals.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [arrivals[i], arrivals[j]] = [arrivals[j]!, arrivals[i]!];
  }
  arrivals.forEach((example, position) => {
    steps.push(() => index.addExample(example));
    if (position === 60)
      corpus
        .slice(12)
        .forEach(({ patternId, examples }) =>
          steps.push(() => index.addTrigger(patternId, examples[1] ?? patternId)),
        );
    if (position % 17 === 5) steps.push(() => index.removeExample(arrivals[position - 3]!.id));
    if (position === 150) steps.push(() => index.removePattern(corpus[3]!.patternId));
    if (position % 3 === 0) {
      const from = arrivals[Math.floor(random() * arrivals.length)]!;
      steps.push([paraphraseText(from.text, position)]);
    }
  });
  steps.push(oddQueries);
  return { index, steps };
}

/** A model loaded all at once and fitted, as a process holds it, then asked many questions. */
function loadedModel(): RecordedProposal[] {
  const corpus = buildSyntheticCorpus(60, 80, 2026);
  const index = new PatternIndex();
  for (const { patternId, examples } of corpus)
    index.addTrigger(patternId, examples[0] ?? patternId, `Answer ${patternId}`);
  for (const { patternId, examples } of corpus)
    examples.forEach((text, position) =>
      index.addExample({ id: `${patternId}:${position}`, patternId, text }, { deferFit: true }),
    );
  index.addExample({ id: "fit", patternId: corpus[0]!.patternId, text: "a phrasing to fit on" });
  const random = createRandom(7);
  const recorded: RecordedProposal[] = [];
  for (let position = 0; position < 150; position++) {
    const pattern = corpus[Math.floor(random() * corpus.length)]!;
    const example = pattern.examples[Math.floor(random() * pattern.examples.length)] ?? "";
    recorded.push(record(index, paraphraseText(example, position)));
  }
  return [...recorded, ...oddQueries.map((query) => record(index, query))];
}

export type GoldenRuns = {
  liveInline: RecordedProposal[];
  liveBackground: RecordedProposal[];
  loaded: RecordedProposal[];
};

async function play({ index, steps }: { index: PatternIndex; steps: Step[] }) {
  const recorded: RecordedProposal[] = [];
  for (const step of steps) {
    if (typeof step === "function") {
      step();
      continue;
    }
    // Asked once a background refit is done: the same moment in every run.
    await index.settled();
    recorded.push(...step.map((query) => record(index, query)));
  }
  return recorded;
}

export async function runGoldenScenarios(): Promise<GoldenRuns> {
  return {
    liveInline: await play(liveLearning("inline")),
    liveBackground: await play(liveLearning("background")),
    loaded: loadedModel(),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const runs = await runGoldenScenarios();
  const lines = Object.entries(runs).map(
    ([name, proposals]) =>
      `  ${JSON.stringify(name)}: [\n${proposals.map((p) => `    ${JSON.stringify(p)}`).join(",\n")}\n  ]`,
  );
  process.stdout.write(`{\n${lines.join(",\n")}\n}\n`);
}
