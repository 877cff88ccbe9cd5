// Replay speed: the CLI learns from a synthetic history, then replays N later messages of the same venue against
// what it learned (`npm run playbook -- replay FILE --out results.jsonl --json`; the database is not written).
// Target: ≥ 2,000 messages/s.
//
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/replay-speed.ts [--rows 200000]
//                                                           [--learn-rows 50000] [--customers N] [--seed 1]
//
// The database is created on that server for the run and dropped afterwards.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { createFreshDatabase, requireBenchServerUrl } from "./history/fresh-database";
import {
  decisionLevels,
  importHistory,
  migrateDatabase,
  replayHistory,
} from "./history/playbook-cli";
import { writeLearnAndReplayHistories } from "./history/synthetic-history";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "200000" },
    "learn-rows": { type: "string", default: "50000" },
    customers: { type: "string" },
    seed: { type: "string", default: "1" },
  },
});
const options = z
  .object({
    rows: z.coerce.number().int().positive(),
    learnRows: z.coerce.number().int().positive(),
    customers: z.coerce.number().int().positive().optional(),
    seed: z.coerce.number().int(),
  })
  .parse({ ...values, learnRows: values["learn-rows"] });
const serverUrl = requireBenchServerUrl("replay-speed");
const customers =
  options.customers ?? Math.max(100, Math.round((options.rows + options.learnRows) / 50));

const dir = await mkdtemp(join(tmpdir(), "playbook-replay-speed-"));
const database = await createFreshDatabase(serverUrl, "playbook_replay_speed");
try {
  const learnFile = join(dir, "learn.csv");
  const replayFile = join(dir, "replay.csv");
  await writeLearnAndReplayHistories(
    { learn: learnFile, replay: replayFile },
    { learnRows: options.learnRows, rows: options.rows, customers, seed: options.seed },
  );
  console.log(database.label);
  await migrateDatabase(database.env);

  const imported = await importHistory(learnFile, database.env);
  console.log(
    `learned from ${imported.messagesImported} messages: ${imported.exchangesLearned} exchanges, ` +
      `${imported.patternsCreated} patterns (${imported.seconds.toFixed(1)} s)`,
  );

  const startedAt = performance.now();
  const summary = await replayHistory(replayFile, join(dir, "results.jsonl"), database.env);
  const wallSeconds = (performance.now() - startedAt) / 1000;
  const decisions = decisionLevels
    .map((level) => `${level} ${summary.decisions[level]}`)
    .join(", ");
  console.log(
    [
      `replay of ${options.rows} messages: ${summary.answered} answered by an operator; ${decisions}`,
      `  ${summary.seconds.toFixed(1)} s (${wallSeconds.toFixed(1)} s with start-up), ` +
        `CLI process CPU ${summary.cpuSeconds?.toFixed(1) ?? "?"} s`,
      `  ${Math.round(summary.messagesPerSecond)} messages/s ` +
        `(target ≥ 2000: ${summary.messagesPerSecond >= 2_000 ? "met" : "MISSED"})`,
      `  peak RSS ${summary.peakRssMb.toFixed(0)} MB`,
    ].join("\n"),
  );
} finally {
  await database.drop();
  await rm(dir, { recursive: true, force: true });
}
