// Reply-engine benchmark on a real PostgreSQL server with 10,000 learned patterns (issue 3):
//   1. webhook acknowledgement latency (client-measured, signed requests) at a steady load;
//   2. message stored → decision recorded latency (decisions.latency_ms, no LLM) at that load;
//   3. signed webhooks at a fixed rate for a minute: achieved rate, every one acknowledged and stored, and how long
//      the background processing takes to catch up.
// The API runs in its own process (bench/reply-engine-server.ts) so this load generator does not steal its CPU.
//
//   npx tsx bench/reply-engine.ts [--patterns 10000] [--rate 1000] [--seconds 60] [--latency-rate 50]
//                                 [--latency-seconds 20]
//
// BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server; a fresh database is
// created on it for the run and dropped afterwards (--keep keeps it).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import http from "node:http";
import { parseArgs } from "node:util";
import { count, eq, sql } from "drizzle-orm";
import { signOpenPhoneWebhook } from "@playbook/core";
import { buildMessageEvent, paraphraseText } from "@playbook/core/testing";
import { createDb, queryRows, runMigrations, type Database } from "@playbook/db";
import { decisions, webhookEvents } from "@playbook/db/schema";
import { createFreshDatabase } from "./history/fresh-database";
import { patternCorpus, seedPatterns } from "./seed-patterns";

const { values: args } = parseArgs({
  options: {
    patterns: { type: "string", default: "10000" },
    rate: { type: "string", default: "1000" },
    seconds: { type: "string", default: "60" },
    "latency-rate": { type: "string", default: "50" },
    "latency-seconds": { type: "string", default: "20" },
    keep: { type: "boolean", default: false },
  },
});
const PATTERNS = Number(args.patterns);
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const LATENCY_RATE = Number(args["latency-rate"]);
const LATENCY_SECONDS = Number(args["latency-seconds"]);
const BUSINESS = "+19025550000";
const secret = randomBytes(32).toString("base64");

const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const summarize = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const fmt = (v: number) => v.toFixed(2);
  return `n=${sorted.length} p50=${fmt(percentile(sorted, 50))} ms p95=${fmt(percentile(sorted, 95))} ms p99=${fmt(percentile(sorted, 99))} ms max=${fmt(sorted.at(-1) ?? NaN)} ms`;
};

const corpus = patternCorpus(PATTERNS);
const seed = (database: Database) => seedPatterns(database, PATTERNS, corpus);

let sequence = 0;
function signedRequest(phase: string) {
  sequence += 1;
  const entry = corpus[(sequence * 7919) % corpus.length]!;
  const text = paraphraseText(entry.examples[sequence % entry.examples.length]!, sequence);
  const customer = `+1902${String(5_000_000 + (sequence % 5000)).padStart(7, "0")}`;
  const event = buildMessageEvent({
    shape: sequence % 2 === 0 ? "legacy" : "current",
    direction: "inbound",
    from: customer,
    to: BUSINESS,
    text,
    eventId: `EV${phase}${sequence}`,
    messageId: `AC${phase}${sequence}`,
    createdAt: new Date(),
  });
  const rawBody = JSON.stringify(event);
  return {
    eventId: `EV${phase}${sequence}`,
    body: rawBody,
    headers: signOpenPhoneWebhook({
      scheme: sequence % 3 === 0 ? "standard" : "legacy",
      secret,
      rawBody,
    }),
  };
}

// node:http with keep-alive costs the load generator less CPU than fetch; on a small machine it shares the cores
// with the API and PostgreSQL, so every cycle it saves is one the API can use.
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function send(url: string, request: ReturnType<typeof signedRequest>) {
  const started = performance.now();
  const target = new URL("/webhooks/openphone", url);
  return new Promise<{ status: number; ms: number }>((resolve, reject) => {
    const req = http.request(
      target,
      {
        method: "POST",
        agent,
        headers: { ...request.headers, "content-length": Buffer.byteLength(request.body) },
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(request.body);
  });
}

/** Starts requests on schedule whether or not earlier ones finished (open loop), so a slow server shows. */
async function openLoop(url: string, phase: string, rate: number, seconds: number) {
  const acks: number[] = [];
  const statuses: Record<number, number> = {};
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  let launched = 0;
  while (performance.now() - started < seconds * 1000) {
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    while (launched < due) {
      launched += 1;
      const p: Promise<void> = send(url, signedRequest(phase))
        .then((result) => {
          statuses[result.status] = (statuses[result.status] ?? 0) + 1;
          if (result.status === 200) acks.push(result.ms);
        })
        .catch(() => {
          statuses[0] = (statuses[0] ?? 0) + 1;
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await Promise.all(inFlight);
  return { acks, statuses, launched, elapsed: (performance.now() - started) / 1000 };
}

async function waitForProcessing(database: Database, timeoutMs: number) {
  const started = performance.now();
  for (;;) {
    const [row] = await database.db
      .select({ n: count() })
      .from(webhookEvents)
      .where(eq(webhookEvents.status, "pending"));
    if ((row?.n ?? 0) === 0) return (performance.now() - started) / 1000;
    if (performance.now() - started > timeoutMs) {
      throw new Error(`${row?.n} events still pending after ${timeoutMs / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function decisionLatencies(database: Database, phase: string) {
  const rows = await queryRows<{ latency_ms: number }>(
    database.db,
    sql`select d.latency_ms from ${decisions} d join messages m on m.id = d.message_id
        where m.provider_message_id like ${`AC${phase}%`}`,
  );
  return rows.map((r) => Number(r.latency_ms));
}

async function main() {
  console.log(`Reply-engine benchmark: ${PATTERNS} patterns, ${RATE}/s for ${SECONDS} s`);
  const fresh = await createFreshDatabase(adminUrl, "playbook_bench");
  const benchUrl = fresh.env.DATABASE_URL!;
  const database = await createDb({ databaseUrl: benchUrl, poolSize: 4 });
  let server: ReturnType<typeof spawn> | undefined;
  try {
    await runMigrations(database);
    const seedSeconds = await seed(database);
    // A database in use has planner statistics; a freshly seeded one would get them from autovacuum mid-run.
    await database.db.execute(sql`vacuum analyze`);
    console.log(`seeded ${PATTERNS} patterns × 3 examples in ${seedSeconds.toFixed(1)} s`);

    // BENCH_CPU_PROF=1 writes a CPU profile of the API to /tmp/bench-prof; BENCH_TRACE_GC=1 logs its GC pauses.
    const profile = [
      ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir=/tmp/bench-prof"] : []),
      ...(process.env.BENCH_TRACE_GC ? ["--trace-gc"] : []),
    ];
    server = spawn(
      process.execPath,
      [...profile, "--import", "tsx", "bench/reply-engine-server.ts"],
      {
        env: { ...process.env, DATABASE_URL: benchUrl, OPENPHONE_WEBHOOK_SECRET: secret },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      server!.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (process.env.BENCH_TRACE_GC) process.stderr.write(chunk);
        const match = /listening (\S+)/.exec(out);
        if (match?.[1]) resolve(match[1]);
      });
      server!.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
    });

    // Warm-up, not measured: JIT compilation, connection pool, the index's first weights.
    await openLoop(url, "W", 50, 10);
    await waitForProcessing(database, 120_000);

    // 1 + 2: latency at a steady, busy-business load.
    const steady = await openLoop(url, "L", LATENCY_RATE, LATENCY_SECONDS);
    await waitForProcessing(database, 120_000);
    console.log(`\nsteady load: ${LATENCY_RATE}/s for ${LATENCY_SECONDS} s`);
    console.log(`  webhook acknowledgement:    ${summarize(steady.acks)}`);
    console.log(
      `  stored → decision recorded: ${summarize(await decisionLatencies(database, "L"))}`,
    );
    console.log(`  statuses: ${JSON.stringify(steady.statuses)}`);

    // 3: the sustained rate; processing may fall behind and must catch up with nothing lost.
    const sustained = await openLoop(url, "S", RATE, SECONDS);
    const ok = sustained.statuses[200] ?? 0;
    const [stored] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from ${webhookEvents} where ${webhookEvents.eventId} like 'EVS%'`,
    );
    console.log(
      `\nsustained: ${sustained.launched} signed webhooks in ${sustained.elapsed.toFixed(1)} s = ${(ok / sustained.elapsed).toFixed(0)}/s acknowledged`,
    );
    console.log(`  statuses: ${JSON.stringify(sustained.statuses)}`);
    console.log(`  acknowledgement under load: ${summarize(sustained.acks)}`);
    console.log(
      `  stored: ${stored?.n} of ${sustained.launched} (lost: ${sustained.launched - (stored?.n ?? 0)})`,
    );
    const catchUp = await waitForProcessing(database, 15 * 60_000);
    const processed = await decisionLatencies(database, "S");
    console.log(
      `  processing caught up ${catchUp.toFixed(1)} s after the last request; ${processed.length} decisions recorded`,
    );
    console.log(
      `  stored → decision under load (includes waiting in the backlog): ${summarize(processed)}`,
    );
  } finally {
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await once(server, "exit");
    }
    await database.close();
    if (args.keep) console.log(`kept: ${fresh.label}`);
    else await fresh.drop();
  }
}

await main();
