// Test support: a real pino logger that keeps its lines, and a reply engine on a test database.
import type { Database } from "@playbook/db";
import { pino } from "pino";
import { loadEnv } from "./env";
import type { Logger } from "./logger";
import { createReplyEngine, type ReplyEngine } from "./engine/reply-engine";
import { PatternIndex } from "./engine/pattern-index";
import { exampleTrackRecord } from "./matching/calibrate-probability";

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface CapturedLogs {
  logger: Logger;
  lines: LogLine[];
  /** Lines at `level` (pino numbers: 30 info, 40 warn, 50 error) or above whose message contains `text`. */
  find(text: string, level?: number): LogLine[];
}

export function captureLogs(): CapturedLogs {
  const lines: LogLine[] = [];
  const logger = pino(
    { level: "debug" },
    { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
  );
  return {
    logger,
    lines,
    find: (text, level = 0) =>
      lines.filter((line) => line.level >= level && line.msg.includes(text)),
  };
}

/**
 * An engine for tests: the given database, silent logs, and OpenPhone/OpenAI only when the test points them at
 * its fake servers through `env` (e.g. OPENPHONE_API_KEY + OPENPHONE_API_URL).
 */
export function createTestEngine(
  database: Database,
  opts: {
    env?: Record<string, string>;
    logger?: Logger;
    now?: () => Date;
    /** Calibrate on an example track record, so sure proposals can be sent automatically. */
    calibrated?: boolean;
  } = {},
): ReplyEngine {
  return createReplyEngine({
    database,
    env: loadEnv({ NODE_ENV: "test", LOG_LEVEL: "silent", ...opts.env }),
    logger: opts.logger ?? pino({ level: "silent" }),
    now: opts.now,
    // Inline refits: a test sees the same model whenever it asks.
    index: opts.calibrated ? calibratedIndex() : new PatternIndex(),
  });
}

/** A pattern index calibrated on an example track record (see exampleTrackRecord). */
export function calibratedIndex(refreshIntervalMs?: number): PatternIndex {
  return new PatternIndex(refreshIntervalMs, { priorJudgments: exampleTrackRecord() });
}

export * from "./openphone/fake-openphone-server";
export * from "./openphone/fixtures";
export * from "./llm/fake-openai-server";
export * from "./matching/synthetic-corpus";
export * from "./matching/insert-corpus-patterns";
export * from "./growth/growth-fixtures";
export * from "./alerts/fake-slack-server";
