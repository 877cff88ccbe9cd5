// `npm run playbook -- <command>`: the command line for work that starts from a file.
//   import FILE.csv                    learn from a message history (resumable: run it again after a crash)
//   replay FILE.csv --out results.jsonl   what Playbook would have done, without touching live data
//   growth-import DIR                  contractors.csv, revenue.csv, activities.csv in, then a growth refresh
//   demo [--message TEXT] [--remove]   a sample history and a test message, without OpenPhone; or remove them
import { stat } from "node:fs/promises";
import { parseArgs } from "node:util";
import { createLogger, loadEnv, rootCause } from "@playbook/core";
import { analyzeStaleTables, createDb, runMigrations } from "@playbook/db";
import { runDemoCommand } from "./demo-command";
import { runGrowthImportCommand } from "./growth-import-command";
import { runImportCommand } from "./import-command";
import { runReplayCommand } from "./replay-command";
import { numberOption, resolveUserPath, UsageError } from "./cli-support";

const usage = `Usage:
  npm run playbook -- import FILE.csv [--batch-size N] [--json]
  npm run playbook -- replay FILE.csv --out results.jsonl [--real-state]
                     [--minutes-per-reply 2] [--review-minutes 0.5] [--batch-size N] [--json]
  npm run playbook -- growth-import DIR [--no-refresh] [--json]
                     (DIR holds contractors.csv, revenue.csv and/or activities.csv)
  npm run playbook -- demo [--message "what time do you open?"] [--json]
                     (a sample history and a test customer message, no OpenPhone needed)
  npm run playbook -- demo --remove

The database is DATABASE_URL, or the embedded one in PLAYBOOK_DATA_DIR (default ./data); the embedded one can
be open in one process only, so stop \`npm start\` first or upload the file from the dashboard.`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: "string" },
    "real-state": { type: "boolean", default: false },
    "minutes-per-reply": { type: "string" },
    "review-minutes": { type: "string" },
    "batch-size": { type: "string" },
    json: { type: "boolean", default: false },
    "no-refresh": { type: "boolean", default: false },
    remove: { type: "boolean", default: false },
    message: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
  strict: false,
});

const [command, file, ...extra] = positionals;
try {
  if (values.help || !command) {
    process.stdout.write(`${usage}\n`);
    process.exit(values.help ? 0 : 2);
  }
  if (command === "demo") {
    if (file !== undefined)
      throw new UsageError(`unexpected arguments: ${positionals.slice(1).join(" ")}`);
    await runDemo();
    process.exit(0);
  }
  if (command !== "import" && command !== "replay" && command !== "growth-import")
    throw new UsageError(`unknown command "${command}"`);
  const growth = command === "growth-import";
  if (!file) throw new UsageError(`${command} needs ${growth ? "a folder" : "a CSV file"}`);
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(" ")}`);

  // Every option is checked before the file and the database: a usage mistake is reported as one.
  const batchSize = numberOption("batch-size", values["batch-size"], { min: 1, integer: true });
  const minutesPerReply = numberOption("minutes-per-reply", values["minutes-per-reply"], {
    min: 0,
  });
  const reviewMinutes = numberOption("review-minutes", values["review-minutes"], { min: 0 });
  const out = values.out;
  if (command === "replay" && typeof out !== "string") {
    throw new UsageError("replay needs --out results.jsonl");
  }

  const input = resolveUserPath(file);
  // Checked before the database is opened: a mistyped path should not wait for a database to start.
  if (
    !(await stat(input).then(
      (info) => (growth ? info.isDirectory() : info.isFile()),
      () => false,
    ))
  ) {
    throw new Error(`${growth ? "Folder" : "File"} not found: ${input}`);
  }
  const { database, logger } = await openDatabase();
  try {
    const runtime = { database, logger };
    const common = { file: input, json: values.json === true, batchSize };
    if (growth) {
      await runGrowthImportCommand(runtime, {
        dir: input,
        json: common.json,
        refresh: values["no-refresh"] !== true,
      });
    } else if (command === "import") await runImportCommand(runtime, common);
    else {
      await runReplayCommand(runtime, {
        ...common,
        out: resolveUserPath(String(out)),
        realState: values["real-state"] === true,
        minutesPerReply,
        reviewMinutes,
      });
    }
    // The embedded database has no autovacuum: statistics and visibility for what this command wrote are taken
    // here, in a process that ends, rather than by `npm start`, where their working memory would stay resident.
    await analyzeStaleTables(database, { vacuum: true });
  } finally {
    await database.close();
  }
} catch (error) {
  fail(error);
}

/** The database the commands work on, migrated; the log only says what needs attention unless asked. */
async function openDatabase() {
  const env = loadEnv();
  // Progress goes to the terminal; the log only says what needs attention unless LOG_LEVEL asks for more.
  const logger = createLogger({
    level: process.env.LOG_LEVEL ? env.LOG_LEVEL : "warn",
    name: "cli",
  });
  const database = await createDb({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.PLAYBOOK_DATA_DIR,
    embeddedSharedBuffersMb: env.PLAYBOOK_EMBEDDED_SHARED_BUFFERS_MB,
  });
  await runMigrations(database);
  return { env, database, logger };
}

async function runDemo(): Promise<void> {
  const { env, database, logger } = await openDatabase();
  try {
    await runDemoCommand(
      { database, logger, env },
      {
        remove: values.remove === true,
        message: typeof values.message === "string" ? values.message : undefined,
        json: values.json === true,
      },
    );
  } finally {
    await database.close();
  }
}

function fail(error: unknown): never {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n\n${usage}\n`);
    process.exit(2);
  }
  // The root cause too: a failed query's own message names the query, not why it failed.
  const message = error instanceof Error ? error.message : String(error);
  const root = rootCause(error);
  process.stderr.write(
    root === error || root.message === message
      ? `${message}\n`
      : `${message}\ncaused by: ${root.message}\n`,
  );
  process.exit(1);
}
