// What choosing and scoring one reply costs: the pattern index's propose() (classifier, nearest-example evidence,
// calibrated probability) at a given number of patterns and examples, all in memory as every process holds it.
//
//   npx tsx bench/reply-model-speed.ts [--patterns 1000] [--examples 50000] [--queries 2000] [--profile]
//
// --profile prints where the CPU of the measured proposals went (self time by function).
import { Session } from "node:inspector/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { PatternIndex } from "../packages/core/src/engine/pattern-index";
import { exampleTrackRecord } from "../packages/core/src/matching/calibrate-probability";
import {
  buildSyntheticCorpus,
  createRandom,
  paraphraseText,
} from "../packages/core/src/matching/synthetic-corpus";
import { summarizeProfile } from "./profile-summary";

const { values } = parseArgs({
  options: {
    patterns: { type: "string", default: "1000" },
    examples: { type: "string", default: "50000" },
    queries: { type: "string", default: "2000" },
    profile: { type: "boolean", default: false },
  },
});
const options = z
  .object({
    patterns: z.coerce.number().int().positive(),
    examples: z.coerce.number().int().positive(),
    queries: z.coerce.number().int().positive(),
  })
  .parse({ patterns: values.patterns, examples: values.examples, queries: values.queries });

const perPattern = Math.max(1, Math.round(options.examples / options.patterns));
const corpus = buildSyntheticCorpus(options.patterns, perPattern, 2026);
const index = new PatternIndex(undefined, {
  priorJudgments: exampleTrackRecord(),
  backgroundRefit: process.argv.includes("--background"),
});

const percentile = (sorted: readonly number[], fraction: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;

let started = performance.now();
// As a process loads them: every pattern, then every example, then one fit.
for (const { patternId, examples } of corpus) {
  index.addTrigger(patternId, examples[0] ?? patternId, `Answer of ${patternId}.`);
}
for (const { patternId, examples } of corpus) {
  examples.forEach((text, position) =>
    index.addExample({ id: `${patternId}:${position}`, patternId, text }, { deferFit: true }),
  );
}
const loadMs = performance.now() - started;
// One more example, not deferred: the classifier is fitted on everything, as after a process loads its patterns.
started = performance.now();
index.addExample({
  id: "fit",
  patternId: corpus[0]!.patternId,
  text: "a phrasing no example has, so that it is learned",
});
await index.settled();
const fitMs = performance.now() - started;

const random = createRandom(7);
const paraphrases = (count: number, seed: number) =>
  Array.from({ length: count }, (_, position) => {
    const pattern = corpus[Math.floor(random() * corpus.length)]!;
    const example = pattern.examples[Math.floor(random() * pattern.examples.length)] ?? "";
    return { patternId: pattern.patternId, text: paraphraseText(example, seed + position) };
  });
const queries = paraphrases(options.queries, 0);
// Warm the JIT: the figures describe a running process, not a cold start. Other messages than those measured, so
// that none is measured while the model still remembers reading it.
for (const query of paraphrases(200, 50_000)) index.propose(query.text);

const session = values.profile ? new Session() : null;
if (session) {
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
}
const micros: number[] = [];
let right = 0;
const cpuStart = process.cpuUsage();
for (const query of queries) {
  const at = performance.now();
  const proposal = index.propose(query.text);
  micros.push((performance.now() - at) * 1000);
  if (proposal.candidates[0]?.patternId === query.patternId) right++;
}
const cpu = process.cpuUsage(cpuStart);
micros.sort((a, b) => a - b);
const profile = session ? (await session.post("Profiler.stop")).profile : null;

// Learning one more example (a step of SGD and the index update), as live learning does.
started = performance.now();
const learnCount = 500;
for (let i = 0; i < learnCount; i++) {
  const pattern = corpus[i % corpus.length]!;
  index.addExample({
    id: `learned:${i}`,
    patternId: pattern.patternId,
    text: paraphraseText(pattern.examples[0] ?? "", 10_000 + i),
  });
}
const learnMicros = ((performance.now() - started) * 1000) / learnCount;

const show = (value: number) => value.toFixed(0).padStart(8);
console.log(
  `${options.patterns} patterns, ${corpus.length * perPattern} examples (${perPattern} each), ${options.queries} paraphrased queries`,
);
console.log(
  `load ${(loadMs / 1000).toFixed(1)} s, full classifier fit ${(fitMs / 1000).toFixed(1)} s`,
);
console.log(`propose (match + classify + calibrate), µs per message:`);
console.log(`  p50 ${show(percentile(micros, 0.5))}`);
console.log(`  p90 ${show(percentile(micros, 0.9))}`);
console.log(`  p99 ${show(percentile(micros, 0.99))}`);
console.log(`  mean CPU ${show((cpu.user + cpu.system) / options.queries)}   (target ≤ 200)`);
console.log(`  top-1 on paraphrases ${((right / options.queries) * 100).toFixed(1)}%`);
console.log(`learn one example (step + index), µs: ${show(learnMicros)}`);
if (profile) console.log(`where the proposals' CPU went:\n${summarizeProfile(profile, 20)}`);
