// The standalone worker process (`npm run start:worker`), for a cluster sharing one PostgreSQL server.
import {
  createLogger,
  createReplyEngine,
  exitOnStartupError,
  loadEnv,
  onShutdownSignal,
  reportConnectionLoss,
} from "@playbook/core";
import { createDb, runMigrations } from "@playbook/db";
import { startWorker } from "./scheduler";

try {
  const env = loadEnv();
  if (!env.DATABASE_URL) {
    // A PGlite folder must never be opened by two processes, so without a server there is no separate worker.
    throw new Error(
      "DATABASE_URL is not set. The separate worker process needs a PostgreSQL server " +
        "(DATABASE_URL=postgres://...). Without one, run `npm start`: it runs the worker in-process " +
        "on the embedded database, which only one process may open.",
    );
  }
  const logger = createLogger({ level: env.LOG_LEVEL, name: "playbook-worker" });
  const database = await createDb({
    databaseUrl: env.DATABASE_URL,
    onConnectionError: (err) => reportConnectionLoss(logger, err),
  });
  await runMigrations(database);
  const engine = createReplyEngine({ database, env, logger });
  const worker = startWorker({ database, logger, engine, workerId: env.PLAYBOOK_WORKER_ID });
  onShutdownSignal(logger, async () => {
    await worker.stop();
    await database.close();
  });
  logger.info({ workerId: worker.workerId }, "worker process running; SIGTERM or SIGINT stops it");
} catch (error) {
  exitOnStartupError(error);
}
