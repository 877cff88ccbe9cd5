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
