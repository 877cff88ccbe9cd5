// Import speed: a synthetic history of N messages imported (recorded and learned) into a new PostgreSQL database by
// the CLI, as `npm run playbook -- import FILE --json`. Targets: ≥ 20,000 messages/s; < 300 MB peak memory at
// 1,000,000 rows.
//
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/import-speed.ts [--rows 200000]
//                                                                  [--customers N] [--seed 1]
//
// The database is created on that server for the run and dropped afterwards.
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { createFreshDatabase, requireBenchServerUrl } from "./history/fresh-database";
import { importHistory, migrateDatabase } from "./history/playbook-cli";
import { writeSyntheticHistory } from "./history/synthetic-history";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "200000" },
    customers: { type: "string" },
    seed: { type: "string", default: "1" },
  },
});
const options = z
  .object({
    rows: z.coerce.number().int().positive(),
    customers: z.coerce.number().int().positive().optional(),
    seed: z.coerce.number().int(),
  })
  .parse(values);
const serverUrl = requireBenchServerUrl("import-speed");
// About 50 messages per customer over the history, as a busy venue's regulars send.
const customers = options.customers ?? Math.max(100, Math.round(options.rows / 50));

const dir = await mkdtemp(join(tmpdir(), "playbook-import-speed-"));
const database = await createFreshDatabase(serverUrl, "playbook_import_speed");
try {
  const file = join(dir, "history.csv");
  const generatedAt = performance.now();
  const history = await writeSyntheticHistory(file, {
    messages: options.rows,
    customers,
    seed: options.seed,
  });
  const megabytes = (await stat(file)).size / 2 ** 20;
  console.log(
    `generated ${history.rows} messages (${history.inbound} inbound, ${history.conversations} conversations, ` +
      `${customers} customers, ${megabytes.toFixed(0)} MB) in ${((performance.now() - generatedAt) / 1000).toFixed(1)} s`,
  );
  console.log(database.label);
  await migrateDatabase(database.env);

  const startedAt = performance.now();
  const summary = await importHistory(file, database.env);
  const wallSeconds = (performance.now() - startedAt) / 1000;
  const messagesPerSecond = summary.messagesImported / summary.seconds;

  console.log(
    [
      `import ${summary.status}: ${summary.rowsStaged} rows staged, ${summary.rowsRejected} rejected, ` +
        `${summary.rowsDuplicate} duplicates`,
      `  ${summary.messagesImported} messages, ${summary.exchangesLearned} exchanges learned, ` +
        `${summary.patternsCreated} patterns created, ${summary.decisionsRecorded} decisions recorded`,
      `  ${summary.seconds.toFixed(1)} s (${wallSeconds.toFixed(1)} s with start-up), ` +
        `CLI process CPU ${summary.cpuSeconds?.toFixed(1) ?? "?"} s`,
      `  ${Math.round(summary.rowsPerSecond)} rows/s, ${Math.round(messagesPerSecond)} messages/s ` +
        `(target ≥ 20000: ${messagesPerSecond >= 20_000 ? "met" : "MISSED"})`,
      `  peak RSS ${summary.peakRssMb.toFixed(0)} MB (target < 300 MB at 1,000,000 rows: ` +
        `${summary.peakRssMb < 300 ? "met" : "MISSED"}${options.rows < 1_000_000 ? ", but this run is smaller" : ""})`,
    ].join("\n"),
  );
} finally {
  await database.drop();
  await rm(dir, { recursive: true, force: true });
}
