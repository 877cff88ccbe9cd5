// `npm run start:api`: the API alone, for running replicas against a PostgreSQL server (DATABASE_URL).
import { exitOnStartupError, onShutdownSignal } from "@playbook/core";
import { boot, printBanner } from "./boot";
import { startApi } from "./server";

try {
  const { env, logger, database, admin } = await boot({
    requireServer: true,
    name: "playbook-api",
  });
  const api = await startApi({ database, env, logger });
  onShutdownSignal(logger, async () => {
    await api.close();
    await database.close();
  });
  // Last: the banner says the process is ready, so it must already stop cleanly on SIGTERM.
  printBanner(api.url, admin);
} catch (error) {
  exitOnStartupError(error);
}
