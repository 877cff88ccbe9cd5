// How fast a business's history is imported and replayed, on BANKING77-shaped history (the learning-quality split:
// each question answered with its intent's canned reply, as operators write it): the CLI imports the learning part
// into a new PostgreSQL database and replays the test part against it, as a person runs them. Prints rows/s and
// messages/s with wall time, the CLI process's CPU time and peak RSS, and what choosing and scoring one reply
// (match + classify + calibrate) costs on the model the import learned.
//
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/history-speed.ts
//       [--dataset banking77|bitext] [--limit N] [--learn-share 0.6] [--oos-share 0.1] [--seed 1]
//       [--out DIR] [--expect DIR]
//
// --out keeps learn.csv, test.csv and results.jsonl in DIR; --expect compares this run's results.jsonl with the
// one an earlier run kept in DIR (pattern ids aside: they are random), so a change meant to be faster can show it
// decides exactly as before. The database is dropped afterwards.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { matchQueryFor, PatternIndex } from "@playbook/core";
import { createDb } from "@playbook/db";
import { createFreshDatabase, requireBenchServerUrl } from "./history/fresh-database";
import { writeHistoryCsv } from "./history/history-csv";
import {
  importHistory,
  migrateDatabase,
  readReplayResults,
  replayHistory,
  type TReplayResult,
} from "./history/playbook-cli";
import { splitHistory } from "./learning-quality/build-exchanges";
import { datasetNames, loadDataset } from "./learning-quality/datasets";

const { values } = parseArgs({
  options: {
    dataset: { type: "string", default: "banking77" },
    limit: { type: "string" },
    "learn-share": { type: "string", default: "0.6" },
    "oos-share": { type: "string", default: "0.1" },
    seed: { type: "string", default: "1" },
    out: { type: "string" },
    expect: { type: "string" },
  },
});
const options = z
  .object({
    dataset: z.enum(datasetNames),
    limit: z.coerce.number().int().positive().optional(),
    learnShare: z.coerce.number().gt(0).lt(1),
    oosShare: z.coerce.number().min(0).lt(1),
    seed: z.coerce.number().int(),
    out: z.string().optional(),
    expect: z.string().optional(),
  })
  .parse({
    ...values,
    learnShare: values["learn-share"],
    oosShare: values["oos-share"],
  });
const serverUrl = requireBenchServerUrl("history-speed");

const targets = { import: 5_000, replay: 10_000, later: { import: 20_000, replay: 50_000 } };
const proposeTarget = 200;

const whole = (value: number) => Math.round(value).toLocaleString("en-US");
const ratio = (value: number, target: number) =>
  `${whole(value)}/s = ${(value / target).toFixed(2)} × the target ${whole(target)}/s`;

/** Each result without its pattern id (a random uuid per import), in file order. */
async function comparableResults(path: string): Promise<string[]> {
  const lines: string[] = [];
  for await (const result of readReplayResults(path)) {
    const { pattern_id: _patternId, ...rest } = result as TReplayResult & Record<string, unknown>;
    lines.push(JSON.stringify(rest, Object.keys(rest).sort()));
  }
  return lines;
}

/** Mean CPU and wall percentiles of proposing a reply for each question, on the index as the database holds it. */
async function measureProposals(databaseUrl: string, questions: readonly string[]) {
  const database = await createDb({ databaseUrl, dataDir: "memory://", poolSize: 2 });
  try {
    const index = new PatternIndex();
    await index.refresh(database.db, { force: true });
    // Warm the JIT on a tenth of the questions: the figure describes a running process, not its start.
    for (const text of questions.slice(0, Math.ceil(questions.length / 10)))
      index.propose(matchQueryFor(text));
    const micros: number[] = [];
    const cpuStart = process.cpuUsage();
    for (const text of questions) {
      const at = performance.now();
      index.propose(matchQueryFor(text));
      micros.push((performance.now() - at) * 1000);
    }
    const cpu = process.cpuUsage(cpuStart);
    micros.sort((a, b) => a - b);
    const at = (fraction: number) => micros[Math.floor((micros.length - 1) * fraction)] ?? 0;
    return {
      patterns: index.answers.size,
      examples: index.size,
      cpuMicros: (cpu.user + cpu.system) / questions.length,
      p50: at(0.5),
      p99: at(0.99),
    };
  } finally {
    await database.close();
  }
}

const dir = options.out ?? (await mkdtemp(join(tmpdir(), "playbook-history-speed-")));
await mkdir(dir, { recursive: true });
const split = splitHistory(options.dataset, await loadDataset(options.dataset), options);
const files = {
  learn: join(dir, "learn.csv"),
  test: join(dir, "test.csv"),
  results: join(dir, "results.jsonl"),
};
await writeHistoryCsv(files.learn, split.learnRows);
await writeHistoryCsv(files.test, split.testRows);
const database = await createFreshDatabase(serverUrl, "playbook_history_speed");
console.log(
  `${options.dataset}: ${split.learnRows.length} rows to import (${split.learn.length} exchanges), ` +
    `${split.testRows.length} rows to replay (${split.test.length} customer messages); ${database.label}`,
);
try {
  await migrateDatabase(database.env);
  const imported = await importHistory(files.learn, database.env);
  const importRows = imported.rowsStaged + imported.rowsRejected;
  console.log(
    [
      `import: ${whole(importRows)} rows, ${imported.exchangesLearned} exchanges learned, ` +
        `${imported.patternsCreated} patterns, ${imported.decisionsRecorded} decisions recorded`,
      `  wall ${imported.seconds.toFixed(1)} s, CLI process CPU ${imported.cpuSeconds?.toFixed(1) ?? "?"} s, ` +
        `peak RSS ${imported.peakRssMb} MB`,
      `  ${ratio(imported.rowsPerSecond, targets.import)} (later ${whole(targets.later.import)}/s)` +
        (imported.cpuSeconds
          ? `; ${whole(importRows / imported.cpuSeconds)} rows per CPU second`
          : ""),
    ].join("\n"),
  );

  const replayed = await replayHistory(files.test, files.results, database.env);
  console.log(
    [
      `replay: ${whole(replayed.answered)} answered customer messages of ${whole(split.test.length)}`,
      `  wall ${replayed.seconds.toFixed(1)} s, CLI process CPU ${replayed.cpuSeconds?.toFixed(1) ?? "?"} s, ` +
        `peak RSS ${replayed.peakRssMb} MB`,
      `  ${ratio(replayed.messagesPerSecond, targets.replay)} (later ${whole(targets.later.replay)}/s)` +
        (replayed.cpuSeconds
          ? `; ${whole(split.testRows.length / replayed.cpuSeconds)} rows per CPU second`
          : ""),
    ].join("\n"),
  );

  const questions = split.testRows.filter((row) => row.direction === "inbound").map((r) => r.body);
  const proposals = await measureProposals(database.env.DATABASE_URL!, questions);
  console.log(
    `propose (match + classify + calibrate) on the imported model (${proposals.patterns} patterns, ` +
      `${proposals.examples} indexed texts): mean CPU ${proposals.cpuMicros.toFixed(0)} µs ` +
      `(target ≤ ${proposeTarget} µs at 1,000 patterns and 50,000 examples: bench/reply-model-speed.ts), ` +
      `wall p50 ${proposals.p50.toFixed(0)} µs, p99 ${proposals.p99.toFixed(0)} µs`,
  );

  if (options.expect) {
    const [now, before] = await Promise.all([
      comparableResults(files.results),
      comparableResults(join(options.expect, "results.jsonl")),
    ]);
    const differing = now.filter((line, i) => line !== before[i]).length;
    const same = differing === 0 && now.length === before.length;
    console.log(
      same
        ? `results.jsonl: the same ${now.length} results as ${options.expect}`
        : `results.jsonl DIFFERS from ${options.expect}: ${differing} of ${now.length} lines ` +
            `(${before.length} there)`,
    );
    if (!same) process.exitCode = 1;
  }
} finally {
  await database.drop();
  if (options.out === undefined) await rm(dir, { recursive: true, force: true });
}
