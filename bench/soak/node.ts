// One Playbook process of the soak (bench/soak/soak.ts): `api` or `worker`, started as `npm run start:api` and
// `npm run start:worker` start them, on the database the soak points DATABASE_URL at (through its TCP proxy).
// The only difference: the reply engine is calibrated on an example track record, as a business that has judged
// enough proposals is, so automatic replies happen and the soak can check STOP against them.
import { startApi } from "@playbook/api";
import {
  createLogger,
  createReplyEngine,
  loadEnv,
  onShutdownSignal,
  reportConnectionLoss,
} from "@playbook/core";
import { calibratedIndex } from "@playbook/core/testing";
import { createDb } from "@playbook/db";
import { startWorker } from "@playbook/worker";

const role = process.argv[2] === "worker" ? "worker" : "api";
const env = loadEnv({ ...process.env, HOST: "127.0.0.1" });
const logger = createLogger({ level: env.LOG_LEVEL, name: `soak-${role}` });
const database = await createDb({
  databaseUrl: env.DATABASE_URL,
  onConnectionError: (err) => reportConnectionLoss(logger, err),
});
const engine = createReplyEngine({ database, env, logger, index: calibratedIndex() });

if (role === "api") {
  const api = await startApi({ database, env, logger, engine });
  onShutdownSignal(logger, async () => {
    await api.close();
    await database.close();
  });
  process.stdout.write(`listening ${api.url}\n`);
} else {
  const worker = startWorker({ database, logger, engine });
  onShutdownSignal(logger, async () => {
    await worker.stop();
    await database.close();
  });
  process.stdout.write("worker running\n");
}
