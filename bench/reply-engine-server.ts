// The API as the benchmark measures it: a separate process, so the load generator does not share its CPU.
// Prints "listening <url>" when ready. Env: DATABASE_URL, OPENPHONE_WEBHOOK_SECRET (set by bench/reply-engine.ts).
import { startApi } from "@playbook/api";
import { createLogger, loadEnv } from "@playbook/core";
import { createDb } from "@playbook/db";

const env = loadEnv({ ...process.env, HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "warn" });
const logger = createLogger({ level: env.LOG_LEVEL, name: "bench-api" });
const database = await createDb({ databaseUrl: env.DATABASE_URL, poolSize: 20 });
const api = await startApi({ database, env, logger });
process.stdout.write(`listening ${api.url}\n`);
process.once("SIGTERM", () => {
  void api
    .close()
    .then(() => database.close())
    .then(() => process.exit(0));
});
