// The product as the benchmark measures it: API and worker in one process, as `npm start` runs them, on the server
// database, separate from the load generator so that it does not share its CPU.
// Prints "listening <url>" when ready. Env: DATABASE_URL, OPENPHONE_WEBHOOK_SECRET (set by bench/reply-engine.ts).
// BENCH_PROFILE_FILE: SIGUSR2 starts a CPU profile (after the warm-up), SIGTERM writes it there and prints its top.
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { startApi } from "@playbook/api";
import { BatchingEventStore, createLogger, createReplyEngine, loadEnv } from "@playbook/core";
import { startWorker } from "@playbook/worker";
import { createDb } from "@playbook/db";
import { summarizeProfile } from "./profile-summary";

const env = loadEnv({ ...process.env, HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "warn" });
const logger = createLogger({ level: env.LOG_LEVEL, name: "bench-api" });
const database = await createDb({ databaseUrl: env.DATABASE_URL, poolSize: 20 });
const engine = createReplyEngine({ database, env, logger });
const eventStore = new BatchingEventStore(database.db);
const api = await startApi({ database, env, logger, engine, eventStore });
const worker = startWorker({ database, logger, engine });
process.stdout.write(`listening ${api.url}\n`);
// How long the event loop was blocked: what a request waited before the API could even look at it.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
// CPU from ready to stop: acknowledging, storing and deciding everything the benchmark sent (the database's not).
const cpuAtStart = process.cpuUsage();
const profileFile = process.env.BENCH_PROFILE_FILE;
const profiler = profileFile ? new Session() : null;
process.on("SIGUSR2", () => {
  if (!profiler) return;
  profiler.connect();
  void profiler
    .post("Profiler.enable")
    .then(() => profiler.post("Profiler.setSamplingInterval", { interval: 200 }))
    .then(() => profiler.post("Profiler.start"))
    .then(() => process.stdout.write("profiling\n"));
});
async function writeProfile() {
  if (!profiler || !profileFile) return;
  const { profile } = await profiler.post("Profiler.stop");
  await writeFile(profileFile, JSON.stringify(profile));
  process.stderr.write(`API CPU profile: ${profileFile}\n${summarizeProfile(profile, 25)}\n`);
}
process.once("SIGTERM", () => {
  loopDelay.disable();
  const cpu = process.cpuUsage(cpuAtStart);
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  process.stderr.write(
    `API event-loop delay over the run: p50 ${ms(loopDelay.percentile(50))} ms, p99 ${ms(loopDelay.percentile(99))} ms, max ${ms(loopDelay.max)} ms\n` +
      `webhook inserts: ${eventStore.counts.inserts} for ${eventStore.counts.events} deliveries (${(eventStore.counts.events / Math.max(1, eventStore.counts.inserts)).toFixed(1)} per insert, one round trip and one commit each)\n` +
      `API process CPU over the run: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (user ${(cpu.user / 1e6).toFixed(1)}, system ${(cpu.system / 1e6).toFixed(1)})\n`,
  );
  void writeProfile()
    .then(() => worker.stop())
    .then(() => api.close())
    .then(() => database.close())
    .then(() => process.exit(0));
});
