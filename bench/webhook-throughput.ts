// Webhook acknowledgement throughput (issue 16, target 1): signed OpenPhone webhooks at fixed rates against the API
// in its own process (bench/reply-engine-server.ts, API + worker as `npm start` runs them) on a PostgreSQL server.
// Each phase prints the achieved rate, acknowledgement p50/p99/max, and a count check (every acknowledged event is
// stored), each beside a limit of this machine measured in the same run:
//   - a bare Hono POST echo (bench/echo-server.ts) from this same load generator: its requests/s with 64 in flight
//     (before the phases and after them), and its latency at the phase's rate, driven open loop just before it;
//   - single-row durable inserts into PostgreSQL (pgbench, one autocommit INSERT per transaction): 1 and 16 clients.
//
//   npx tsx bench/webhook-throughput.ts [--rates 50,3000] [--seconds 60] [--warmup-seconds 5] [--limit-seconds 5]
//                                       [--patterns 0] [--profile /tmp/webhooks.cpuprofile] [--keep]
//
// BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server; a fresh database is
// created for the run and dropped afterwards. Requests are signed before each phase starts (the signature window is
// 5 minutes), so the load generator spends its CPU on sending. Open loop: requests start on schedule whether or not
// earlier ones have finished, so a slow server shows as latency, not as a lower offered rate.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { writeFile } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import pg from "pg";
import { signOpenPhoneWebhook } from "@playbook/core";
import { buildMessageEvent } from "@playbook/core/testing";
import { createDb, runMigrations } from "@playbook/db";
import { createFreshDatabase } from "./history/fresh-database";
import { seedPatterns } from "./seed-patterns";

const { values: args } = parseArgs({
  options: {
    rates: { type: "string", default: "50,3000" },
    seconds: { type: "string", default: "60" },
    "warmup-seconds": { type: "string", default: "5" },
    "limit-seconds": { type: "string", default: "5" },
    patterns: { type: "string", default: "0" },
    profile: { type: "string" },
    keep: { type: "boolean", default: false },
  },
});
const RATES = args.rates.split(",").map(Number);
const SECONDS = Number(args.seconds);
const WARMUP_SECONDS = Number(args["warmup-seconds"]);
const LIMIT_SECONDS = Number(args["limit-seconds"]);
const PATTERNS = Number(args.patterns);
const BUSINESS = "+19025550000";
const secret = randomBytes(32).toString("base64");

const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const fresh = await createFreshDatabase(adminUrl, "playbook_webhooks");
const dbName = fresh.name!;
const benchUrl = fresh.env.DATABASE_URL!;

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function sql(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

/** Starts a bench process and waits for its "listening <url>" line. */
async function startProcess(script: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { child, url };
}

async function stopProcess(child: ChildProcess) {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  await once(child, "exit");
}

// node:http with keep-alive costs the load generator less CPU than fetch: it shares the two cores with the API.
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

interface Delivery {
  eventId: string;
  body: string;
  headers: Record<string, string | number>;
}

function post(url: URL, delivery: Delivery) {
  const started = performance.now();
  return new Promise<{ status: number; ms: number }>((resolve) => {
    const req = http.request(url, { method: "POST", agent, headers: delivery.headers }, (res) => {
      res.resume();
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }),
      );
      res.on("error", () => resolve({ status: 0, ms: performance.now() - started }));
    });
    req.on("error", () => resolve({ status: 0, ms: performance.now() - started }));
    req.end(delivery.body);
  });
}

/** Closed loop, `concurrency` requests always in flight, for `seconds`: the most this generator gets through. */
async function closedLoop(url: URL, next: () => Delivery, concurrency: number, seconds: number) {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        await post(url, next());
        done += 1;
      }
    }),
  );
  return done / seconds;
}

let sequence = 0;
function signDeliveries(phase: string, n: number): Delivery[] {
  return Array.from({ length: n }, () => {
    sequence += 1;
    const eventId = `EV${phase}${sequence}`;
    const body = JSON.stringify(
      buildMessageEvent({
        shape: sequence % 2 === 0 ? "legacy" : "current",
        direction: "inbound",
        from: `+1902${String(5_000_000 + (sequence % 5000)).padStart(7, "0")}`,
        to: BUSINESS,
        text: `Hi, do you have a bay free on Saturday at ${sequence % 12} pm?`,
        eventId,
        messageId: `AC${phase}${sequence}`,
        createdAt: new Date(),
      }),
    );
    const signed = signOpenPhoneWebhook({
      scheme: sequence % 3 === 0 ? "standard" : "legacy",
      secret,
      rawBody: body,
    });
    return { eventId, body, headers: { ...signed, "content-length": Buffer.byteLength(body) } };
  });
}

/** Open loop at `rate` per second: each delivery starts on schedule whatever the earlier ones are doing. */
async function openLoop(url: URL, deliveries: Delivery[], rate: number) {
  const acks: number[] = [];
  const acked: string[] = [];
  const statuses: Record<number, number> = {};
  const pending: Promise<void>[] = [];
  const started = performance.now();
  let launched = 0;
  while (launched < deliveries.length) {
    const due = Math.min(
      deliveries.length,
      Math.floor(((performance.now() - started) / 1000) * rate) + 1,
    );
    while (launched < due) {
      const delivery = deliveries[launched]!;
      launched += 1;
      pending.push(
        post(url, delivery).then((result) => {
          statuses[result.status] = (statuses[result.status] ?? 0) + 1;
          if (result.status === 200) {
            acks.push(result.ms);
            acked.push(delivery.eventId);
          }
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const sendSeconds = (performance.now() - started) / 1000;
  await Promise.all(pending);
  return { acks, acked, statuses, sendSeconds, elapsed: (performance.now() - started) / 1000 };
}

const exec = promisify(execFile);

/** pgbench's committed transactions per second for one single-row INSERT per transaction. */
async function durableInserts(clients: number, seconds: number, script: string) {
  const { stdout } = await exec("pgbench", [
    "-n",
    "-f",
    script,
    "-c",
    String(clients),
    "-j",
    String(Math.min(clients, 2)),
    "-T",
    String(seconds),
    benchUrl,
  ]);
  const match = /tps = ([\d.]+)/.exec(stdout);
  if (!match?.[1]) throw new Error(`pgbench printed no tps:\n${stdout}`);
  return Number(match[1]);
}

async function commits() {
  const [row] = await sql(
    adminUrl,
    `select xact_commit::bigint as n from pg_stat_database where datname = '${dbName}'`,
  );
  return Number(row?.n ?? 0);
}

const ratio = (value: number, limit: number) => `${((value / limit) * 100).toFixed(1)}% of`;
const ms = (v: number) => `${v.toFixed(1)} ms`;

async function main() {
  console.log(
    `Webhook throughput: rates ${RATES.join(", ")}/s for ${SECONDS} s each, ${PATTERNS} patterns, ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  let api: ChildProcess | undefined;
  try {
    const database = await createDb({ databaseUrl: benchUrl, poolSize: 4 });
    await runMigrations(database);
    if (PATTERNS > 0) {
      const seconds = await seedPatterns(database, PATTERNS);
      console.log(`seeded ${PATTERNS} patterns × 3 examples in ${seconds.toFixed(1)} s`);
    }
    await database.close();

    // The limits, measured in this run on this (shared) machine: before the phases and again after them, as
    // other work on the machine comes and goes.
    const echo = await startProcess("bench/echo-server.ts", {});
    const echoUrl = new URL("/echo", echo.url);
    const echoBody = signDeliveries("X", 1)[0]!;
    await closedLoop(echoUrl, () => echoBody, 64, 1);
    const script = path.join(os.tmpdir(), `${dbName}.sql`);
    await writeFile(script, "insert into bench_insert (body) values (repeat('x', 600));\n");
    async function measureLimits() {
      const echoRate = await closedLoop(echoUrl, () => echoBody, 64, LIMIT_SECONDS);
      await sql(
        benchUrl,
        "create table bench_insert (id bigserial primary key, body text not null)",
      );
      const inserts1 = await durableInserts(1, LIMIT_SECONDS, script);
      const inserts16 = await durableInserts(16, LIMIT_SECONDS, script);
      await sql(benchUrl, "drop table bench_insert");
      return { echoRate, inserts1, inserts16 };
    }
    const before = await measureLimits();

    const started = await startProcess("bench/reply-engine-server.ts", {
      DATABASE_URL: benchUrl,
      OPENPHONE_WEBHOOK_SECRET: secret,
      ...(args.profile ? { BENCH_PROFILE_FILE: args.profile } : {}),
    });
    api = started.child;
    const webhookUrl = new URL("/webhooks/openphone", started.url);
    // Warm-up, not measured: JIT, the connection pool.
    await openLoop(webhookUrl, signDeliveries("W", 200 * WARMUP_SECONDS), 200);
    if (args.profile) api.kill("SIGUSR2");

    const phases: { lines: string[]; achieved: number }[] = [];
    for (const [index, rate] of RATES.entries()) {
      // The floor for latency at this rate: the bare echo, driven the same way just before.
      const echoRun = await openLoop(echoUrl, signDeliveries("E", rate * LIMIT_SECONDS), rate);
      const echoSorted = [...echoRun.acks].sort((a, b) => a - b);
      const phase = `P${index}x`;
      const deliveries = signDeliveries(phase, Math.round(rate * SECONDS));
      const commitsBefore = await commits();
      const run = await openLoop(webhookUrl, deliveries, rate);
      // The statistics collector reports commits up to a second late.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const commitsDuring = (await commits()) - commitsBefore;
      const storedRows = await sql(
        benchUrl,
        `select event_id from webhook_events where event_id like 'EV${phase}%'`,
      );
      const stored = new Set(storedRows.map((r) => String(r.event_id)));
      const missing = run.acked.filter((id) => !stored.has(id)).length;
      const sorted = [...run.acks].sort((a, b) => a - b);
      const latency = (label: string, p: number) => {
        const value = p === 100 ? (sorted.at(-1) ?? NaN) : percentile(sorted, p);
        const floor = p === 100 ? (echoSorted.at(-1) ?? NaN) : percentile(echoSorted, p);
        return `${label} ${ms(value)} (echo ${ms(floor)}, ${(value / floor).toFixed(1)}×)`;
      };
      phases.push({
        achieved: run.acks.length / run.elapsed,
        lines: [
          `\n${rate}/s for ${SECONDS} s: ${deliveries.length} signed webhooks`,
          `  achieved: ${(run.acks.length / run.elapsed).toFixed(0)}/s acknowledged; sending took ${run.sendSeconds.toFixed(1)} s, last answer at ${run.elapsed.toFixed(1)} s`,
          `  acknowledgement: ${latency("p50", 50)}  ${latency("p99", 99)}  ${latency("max", 100)}`,
          `    (echo: the bare Hono POST at ${rate}/s for ${LIMIT_SECONDS} s just before, ${echoRun.acks.length} answered)`,
          `  statuses: ${JSON.stringify(run.statuses)}`,
          `  stored: ${stored.size} of ${deliveries.length} sent, ${run.acked.length} acknowledged; acknowledged but not stored: ${missing}${stored.size === deliveries.length && missing === 0 ? " (every event stored)" : "  <-- NOT ALL STORED"}`,
          `  database commits during the phase: ${commitsDuring} (${(commitsDuring / deliveries.length).toFixed(3)} per webhook, deciding included)`,
        ],
      });
    }
    await stopProcess(api);
    const after = await measureLimits();
    await stopProcess(echo.child);
    const limit = (key: keyof typeof before) => (before[key] + after[key]) / 2;
    const show = (key: keyof typeof before) =>
      `${limit(key).toFixed(0)}/s (${before[key].toFixed(0)} before the phases, ${after[key].toFixed(0)} after)`;
    console.log(
      `limits: Hono POST echo ${show("echoRate")}, 64 in flight from this load generator; durable single-row inserts (pgbench) ${show("inserts1")} with 1 client, ${show("inserts16")} with 16`,
    );
    for (const { lines, achieved } of phases) {
      console.log(lines.join("\n"));
      console.log(
        `  achieved rate against the limits: ${ratio(achieved, limit("echoRate"))} the echo's, ${ratio(achieved, limit("inserts1"))} 1-client inserts', ${ratio(achieved, limit("inserts16"))} 16-client inserts'`,
      );
    }
  } finally {
    if (api) await stopProcess(api);
    if (args.keep) console.log(`kept: ${fresh.label}`);
    else await fresh.drop();
  }
}

await main();
