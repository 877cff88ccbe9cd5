// Structured JSON logs (pino) for every process.
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(options: { level: string; name: string }): Logger {
  return pino({
    name: options.name,
    level: options.level,
    // Never let a secret reach the logs through a logged request or object.
    redact: {
      paths: [
        "password",
        "*.password",
        "passwordHash",
        "*.passwordHash",
        "req.headers.cookie",
        "req.headers.authorization",
        "*.csrfToken",
      ],
      censor: "[redacted]",
    },
  });
}

/**
 * A database connection broke outside a query (the server restarted or the network dropped it). The pool opens a
 * new one when next needed, so this is a warning, not a failure: what was in flight fails and is retried.
 */
export function reportConnectionLoss(logger: Logger, err: Error): void {
  logger.warn({ err }, "database connection lost; a new one is opened when needed");
}
