// `npm start`: API, dashboard and worker in ONE process, so the embedded database is opened by one process only.
import { createReplyEngine, exitOnStartupError, onShutdownSignal } from "@playbook/core";
import { startWorker } from "@playbook/worker";
import { boot, printBanner } from "./boot";
import { startApi } from "./server";

try {
  const { env, logger, database, admin } = await boot({ requireServer: false, name: "playbook" });
  // One engine, so the API and the worker share one match index.
  const engine = createReplyEngine({ database, env, logger });
  const api = await startApi({ database, env, logger, engine });
  const worker = startWorker({ database, logger: logger.child({ component: "worker" }), engine });
  onShutdownSignal(logger, async () => {
    await worker.stop();
    await api.close();
    await database.close();
  });
  // Last: the banner says the process is ready, so it must already stop cleanly on SIGTERM.
  printBanner(api.url, admin);
} catch (error) {
  exitOnStartupError(error);
}
