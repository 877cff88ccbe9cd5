// Live updates' latency on the PostgreSQL server: two API processes (replicas behind a load balancer) on a fresh
// database seeded with `--conversations` earlier conversations; signed webhooks (new customers' messages) go to
// API A at `--rate` per second for `--seconds`, and an SSE client of each API records when each message's event
// arrives. Prints webhook 200 → event at the client, p50/p99 (target ≤ 1 s p99), for the client of the other
// process (B) and of the same one (A), with CPU time of the load generator and of each API.
// Run: npx tsx bench/inbox-live/event-latency.ts [--rate 5] [--seconds 40] [--conversations 10000]
// BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres: a fresh database
// is created on that server and dropped afterwards.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import pg from "pg";
import { createSession, hashPassword, SESSION_COOKIE, signOpenPhoneWebhook } from "@playbook/core";
import { buildMessageEvent } from "@playbook/core/testing";
import { createDb, queryRows, runMigrations } from "@playbook/db";
import { users } from "@playbook/db/schema";
import { spawnProcess, type RunningProcess } from "../../build/spawn-process";

const { values: args } = parseArgs({
  options: {
    rate: { type: "string", default: "5" },
    seconds: { type: "string", default: "40" },
    conversations: { type: "string", default: "10000" },
  },
});
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const CONVERSATIONS = Number(args.conversations);
const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const serverUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgres://postgres@127.0.0.1:5432/postgres";
const dbName = `playbook_live_bench_${randomBytes(4).toString("hex")}`;
const benchUrl = (() => {
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  return url.toString();
})();
const secret = randomBytes(32).toString("base64");

async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function startApi(name: string): Promise<{ process: RunningProcess; url: string }> {
  const child = spawnProcess(["--import", "tsx", "apps/api/src/main.ts"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: benchUrl,
      OPENPHONE_WEBHOOK_SECRET: secret,
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "warn",
      PLAYBOOK_WORKER_ID: name,
    },
  });
  const [, url] = await child.waitFor(/Playbook is running at (http:\/\/localhost:\d+)/, 60_000);
  return { process: child, url: url! };
}

/** User plus system CPU of a child process so far, in ms (Linux). */
async function childCpuMs(child: RunningProcess): Promise<number> {
  const stat = await readFile(`/proc/${child.child.pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of the line, in clock ticks (100 per second).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** An SSE client: the arrival time of each message event, by message id. */
async function listen(url: string, cookie: string) {
  const arrivals = new Map<string, number>();
  const controller = new AbortController();
  const response = await fetch(`${url}/events`, { headers: { cookie }, signal: controller.signal });
  if (response.status !== 200) throw new Error(`/events answered ${response.status}`);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let ready: () => void = () => undefined;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: "", done: true }));
      if (done) return;
      const at = performance.now();
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (frame.startsWith("event: ready")) ready();
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (!frame.startsWith("event: inbox") || !data) continue;
        for (const event of JSON.parse(data) as { kind: string; messageId?: string }[]) {
          if (event.kind === "message" && event.messageId && !arrivals.has(event.messageId)) {
            arrivals.set(event.messageId, at);
          }
        }
      }
    }
  })();
  await isReady;
  return { arrivals, close: () => controller.abort() };
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ??
  NaN;

async function seed(database: Awaited<ReturnType<typeof createDb>>) {
  const { db } = database;
  // Earlier customers' conversations, so triggers and processing run against a database of some size.
  await db.execute(sql`insert into customers (phone)
    select '+1903' || lpad(i::text, 7, '0') from generate_series(1, ${CONVERSATIONS}) i`);
  await db.execute(sql`insert into conversations (customer_id, status, started_at, last_message_at, ended_at,
      end_reason)
    select id, 'closed', now() - interval '2 days', now() - interval '2 days', now() - interval '2 days',
      'idle_timeout' from customers`);
  await db.execute(sql`insert into messages (conversation_id, customer_id, direction, body, source, sent_at)
    select v.id, v.customer_id, 'inbound', 'Earlier question about bay bookings', 'webhook', v.started_at
    from conversations v`);
  await db.execute(sql`vacuum analyze`);
  const [viewer] = await db
    .insert(users)
    .values({
      email: "bench-viewer@example.com",
      name: "Bench viewer",
      role: "viewer",
      passwordHash: await hashPassword("bench-viewer-password-1"),
    })
    .returning();
  const { token } = await createSession(db, {
    userId: viewer!.id,
    ip: null,
    userAgent: null,
    ttlHours: 1,
  });
  return `${SESSION_COOKIE}=${token}`;
}

/** Sends the signed webhooks open loop (each leaves on schedule); returns when each was answered 200. */
async function sendWebhooks(url: string) {
  const acks = new Map<string, number>();
  const statuses: Record<number, number> = {};
  const started = performance.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < Math.round(RATE * SECONDS); i += 1) {
    const wait = started + (i * 1000) / RATE - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const providerId = `ACLIVE${String(i).padStart(6, "0")}`;
    const rawBody = JSON.stringify(
      buildMessageEvent({
        shape: "legacy",
        direction: "inbound",
        from: `+1904${String(i).padStart(7, "0")}`,
        to: "+19025550000",
        text: "Hi, is bay 3 free at 7pm tonight?",
        messageId: providerId,
      }),
    );
    sends.push(
      fetch(`${url}/webhooks/openphone`, {
        method: "POST",
        headers: signOpenPhoneWebhook({ scheme: "legacy", secret, rawBody }),
        body: rawBody,
      }).then(async (response) => {
        const at = performance.now();
        await response.arrayBuffer();
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        if (response.status === 200) acks.set(providerId, at);
      }),
    );
  }
  await Promise.all(sends);
  return { acks, statuses, seconds: (performance.now() - started) / 1000 };
}

async function main() {
  console.log(
    `Live event latency on PostgreSQL: 2 API processes, ${CONVERSATIONS} earlier conversations, ` +
      `${RATE} webhooks/s for ${SECONDS} s`,
  );
  await adminQuery(`create database ${dbName}`);
  const database = await createDb({ databaseUrl: benchUrl, poolSize: 2 });
  const apis: RunningProcess[] = [];
  try {
    await runMigrations(database);
    const cookie = await seed(database);
    const [a, b] = await Promise.all([startApi("api-a"), startApi("api-b")]);
    apis.push(a.process, b.process);
    const [clientA, clientB] = await Promise.all([listen(a.url, cookie), listen(b.url, cookie)]);
    const cpuBefore = process.cpuUsage();
    const apiCpuBefore = await Promise.all(apis.map(childCpuMs));

    const { acks, statuses, seconds } = await sendWebhooks(a.url);
    const deadline = performance.now() + 10_000;
    while (clientB.arrivals.size < acks.size && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const cpu = process.cpuUsage(cpuBefore);
    const apiCpu = (await Promise.all(apis.map(childCpuMs))).map((ms, i) => ms - apiCpuBefore[i]!);

    const rows = await queryRows<{ id: string; provider_message_id: string }>(
      database.db,
      sql`select id, provider_message_id from messages where provider_message_id like 'ACLIVE%'`,
    );
    const idOf = new Map(rows.map((row) => [row.provider_message_id, row.id]));
    const report = (name: string, arrivals: Map<string, number>) => {
      const latencies: number[] = [];
      for (const [providerId, ackAt] of acks) {
        const at = arrivals.get(idOf.get(providerId) ?? "");
        if (at !== undefined) latencies.push(at - ackAt);
      }
      console.log(
        `  ${name}: ${latencies.length} of ${acks.size} events; webhook 200 → event ` +
          `p50 ${percentile(latencies, 0.5).toFixed(0)} ms, p99 ${percentile(latencies, 0.99).toFixed(0)} ms, ` +
          `max ${Math.max(...latencies).toFixed(0)} ms`,
      );
    };
    console.log(`webhooks answered: ${JSON.stringify(statuses)} in ${seconds.toFixed(1)} s`);
    report("SSE client of API B (another process)", clientB.arrivals);
    report("SSE client of API A (took the webhooks)", clientA.arrivals);
    console.log(
      `CPU during the run: load generator + clients ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms, ` +
        `API A ${apiCpu[0]} ms, API B ${apiCpu[1]} ms (wall ${seconds.toFixed(1)} s)`,
    );
    clientA.close();
    clientB.close();
  } finally {
    for (const api of apis) await api.stop();
    await database.close();
    await adminQuery(`drop database if exists ${dbName} with (force)`);
  }
}

await main();
