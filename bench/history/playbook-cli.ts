// Runs the Playbook CLI the way a person does (`npm run playbook -- …` in the repository) and reads its reports.
import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { z } from "zod";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

export const decisionLevels = ["auto", "suggest", "queue", "shadow", "escalate", "none"] as const;
export const ZDecision = z.enum(decisionLevels);
export type TDecision = z.infer<typeof ZDecision>;

export const ZImportSummary = z.looseObject({
  importId: z.string(),
  status: z.string(),
  rowsStaged: z.number(),
  rowsRejected: z.number(),
  rowsDuplicate: z.number(),
  messagesImported: z.number(),
  exchangesLearned: z.number(),
  patternsCreated: z.number(),
  decisionsRecorded: z.number(),
  seconds: z.number(),
  rowsPerSecond: z.number(),
  peakRssMb: z.number(),
  cpuSeconds: z.number().optional(),
});
export type TImportSummary = z.infer<typeof ZImportSummary>;

export const ZReplaySummary = z.looseObject({
  decisions: z.record(ZDecision, z.number()),
  levels: z.array(
    z.looseObject({
      decision: ZDecision,
      count: z.number(),
      matched: z.number(),
      coverage: z.number().nullable(),
      precision: z.number().nullable(),
    }),
  ),
  answered: z.number(),
  seconds: z.number(),
  messagesPerSecond: z.number(),
  peakRssMb: z.number(),
  cpuSeconds: z.number().optional(),
});
export type TReplaySummary = z.infer<typeof ZReplaySummary>;

/** One line of results.jsonl: a customer message that an operator answered, and what Playbook would have done. */
export const ZReplayResult = z.object({
  message_id: z.string(),
  conversation_id: z.string().nullable(),
  sent_at: z.string(),
  decision: ZDecision,
  pattern_id: z.string().nullable(),
  confidence: z.number().nullable(),
  match_score: z.number().nullable(),
  proposed_reply: z.string().nullable(),
  operator_reply: z.string(),
  matched: z.boolean(),
  score: z.number().nullable().optional(),
  best_reply: z.string().nullable().optional(),
});
export type TReplayResult = z.infer<typeof ZReplayResult>;

export type CliEnv = Record<string, string | undefined>;

/**
 * The environment the CLI runs with: the caller's, `overrides` on top, without OpenAI so that learning is the
 * local, free and repeatable kind, and with warnings-only logs so the figures stand out.
 */
export function cliEnv(overrides: CliEnv): NodeJS.ProcessEnv {
  const env: CliEnv = {
    ...process.env,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    OPENAI_API_KEY: undefined,
    ...overrides,
  };
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** Runs `npm run <script> -- args` in the repository; its stderr passes through; resolves with its stdout. */
function runNpmScript(script: string, args: readonly string[], env: CliEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    // Not --silent: that hides npm's own errors ("Missing script") too. The "> script" banner is harmless.
    const child = spawn("npm", ["run", "--loglevel=error", script, "--", ...args], {
      cwd: repoRoot,
      env: cliEnv(env),
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => (stdout += chunk));
    child.once("error", reject);
    child.once("close", (code, signal) => {
      if (code === 0) resolve(stdout);
      else
        reject(
          new Error(
            `npm run ${script} -- ${args.join(" ")} failed (${signal ?? `exit code ${code}`})\n${stdout.slice(-4000)}`,
          ),
        );
    });
  });
}

/** The summary a `--json` run prints as its last JSON line. */
function lastJsonLine<T>(stdout: string, schema: z.ZodType<T>, what: string): T {
  const lines = stdout.split("\n").filter((line) => line.trim().startsWith("{"));
  const last = lines.at(-1);
  if (last === undefined)
    throw new Error(`${what}: no JSON summary on stdout\n${stdout.slice(-2000)}`);
  let json: unknown;
  try {
    json = JSON.parse(last);
  } catch {
    throw new Error(`${what}: the last JSON-looking line is not JSON: ${last.slice(0, 500)}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new Error(`${what}: unexpected summary ${last}\n${parsed.error.message}`);
  return parsed.data;
}

/** Brings a fresh database to the current schema (`npm run db:migrate`). */
export async function migrateDatabase(env: CliEnv): Promise<void> {
  await runNpmScript("db:migrate", [], env);
}

/** `npm run playbook -- import FILE --json`. */
export async function importHistory(file: string, env: CliEnv): Promise<TImportSummary> {
  const stdout = await runNpmScript("playbook", ["import", file, "--json"], env);
  return lastJsonLine(stdout, ZImportSummary, "import");
}

/** `npm run playbook -- replay FILE --out RESULTS --json [extra…]`. */
export async function replayHistory(
  file: string,
  resultsPath: string,
  env: CliEnv,
  extraArgs: readonly string[] = [],
): Promise<TReplaySummary> {
  const stdout = await runNpmScript(
    "playbook",
    ["replay", file, "--out", resultsPath, "--json", ...extraArgs],
    env,
  );
  return lastJsonLine(stdout, ZReplaySummary, "replay");
}

/** Reads results.jsonl line by line, validating each. */
export async function* readReplayResults(path: string): AsyncGenerator<TReplayResult> {
  const lines = createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number += 1;
    if (line.trim() === "") continue;
    const parsed = ZReplayResult.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${path}:${number}: ${parsed.error.message}`);
    yield parsed.data;
  }
}

/** `npm run playbook -- growth-import DIR --json`: its whole stdout (the summary is the last line). */
export async function growthImport(dir: string, env: CliEnv): Promise<string> {
  return runNpmScript("playbook", ["growth-import", dir, "--json"], env);
}
