// Graceful stop for every process: on SIGTERM or SIGINT run the shutdown once, then exit.
import type { Logger } from "pino";

export function onShutdownSignal(
  logger: Logger,
  shutdown: () => Promise<void>,
  options: { timeoutMs?: number } = {},
): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    // Never hang forever on a stuck connection: give up and exit non-zero after the timeout.
    const timer = setTimeout(() => {
      logger.error("shutdown timed out");
      process.exit(1);
    }, options.timeoutMs ?? 30_000);
    timer.unref();
    shutdown().then(
      () => {
        logger.info("stopped");
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

/** Prints a start-up failure plainly (a bad environment variable, a locked data folder) and exits 1. */
export function exitOnStartupError(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Playbook could not start: ${message}\n`);
  process.exit(1);
}
