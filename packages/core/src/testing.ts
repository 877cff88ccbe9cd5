// Test support: a real pino logger that keeps its lines, so tests can assert on what was logged.
import type { Logger } from "./logger";
import { pino } from "pino";

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
