// What one decision costs the process that decides it (issue 16): CPU per decision, SQL round trips per decision,
// and a fingerprint of every decision, so a change that makes deciding cheaper can show it decides the same.
//
// Stores N webhook events from many customers (no HTTP: the API's part is measured by bench/reply-engine.ts), then
// decides the whole backlog the way the worker's sweep does, on a database with learned patterns, some of them
// trusted to answer automatically (sends go to a fake OpenPhone on loopback).
//
//   npx tsx bench/decide-speed.ts [--events 3000] [--customers 300] [--patterns 2000] [--lanes 4] [--embedded]
//                                 [--profile /tmp/decide.cpuprofile] [--dump /tmp/decisions.jsonl] [--statements]
//                                 [--keep]
//
// The server is BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres; a
// fresh database is created there and dropped afterwards (kept with --keep). --embedded uses PGlite in memory instead (its CPU is then
// this process's too). --profile writes a CPU profile of the deciding phase only and prints its top entries.
import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import pg from "pg";
import {
  alwaysOpen,
  createLogger,
  createReplyEngine,
  loadEnv,
  processPendingWebhookEvents,
  textSignature,
  updateSettings,
} from "@playbook/core";
import {
  buildMessageEvent,
  buildSyntheticCorpus,
  calibratedIndex,
  paraphraseText,
  startFakeOpenPhoneServer,
} from "@playbook/core/testing";
import { createDb, queryRows, runMigrations, type Database } from "@playbook/db";
import { patternExamples, patterns, users, webhookEvents } from "@playbook/db/schema";
import { createFreshDatabase } from "./history/fresh-database";
import { summarizeProfile } from "./profile-summary";
import { serverCpuSeconds } from "./server-cpu";

const { values: args } = parseArgs({
  options: {
    events: { type: "string", default: "3000" },
    customers: { type: "string", default: "300" },
    patterns: { type: "string", default: "2000" },
    lanes: { type: "string", default: "4" },
    embedded: { type: "boolean", default: false },
    profile: { type: "string" },
    dump: { type: "string" },
    statements: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});
const EVENTS = Number(args.events);
const CUSTOMERS = Number(args.customers);
const PATTERNS = Number(args.patterns);
const BUSINESS = "+19025550000";
const serverUrl = args.embedded
  ? undefined
  : (process.env.BENCH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    "postgres://postgres@127.0.0.1:5432/postgres");

// Every statement node-postgres sends is one round trip (BEGIN and COMMIT included). With --statements, each
// statement's text (its first line, spaces squeezed) is counted too, to show which ones a decision repeats.
let roundTrips = 0;
const statements = new Map<string, number>();
const clientQuery = Reflect.get(pg.Client.prototype, "query") as (...a: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...rest: unknown[]) {
  roundTrips += 1;
  if (args.statements) {
    const first = rest[0];
    const text = typeof first === "string" ? first : (first as { text?: string } | null)?.text;
    const key = (text ?? "?").replace(/\s+/g, " ").slice(0, 110);
    statements.set(key, (statements.get(key) ?? 0) + 1);
  }
  return clientQuery.apply(this, rest);
} as typeof pg.Client.prototype.query;

const corpus = buildSyntheticCorpus(PATTERNS, 3, 42);
const fixedId = (kind: number, n: number) =>
  `0000000${kind}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

async function seed(database: Database, start: Date) {
  const { db } = database;
  const [admin] = await db
    .insert(users)
    .values({ email: "bench@example.com", name: "Bench", role: "admin", passwordHash: "x" })
    .returning({ id: users.id });
  await updateSettings(
    db,
    { enabled: true, shadowMode: false, timezone: "UTC", workingHours: alwaysOpen },
    { userId: admin!.id, ip: "127.0.0.1" },
  );
  for (let offset = 0; offset < corpus.length; offset += 500) {
    const slice = corpus.slice(offset, offset + 500);
    const rows = await db
      .insert(patterns)
      .values(
        slice.map((entry, i) => {
          const n = offset + i;
          const responseTemplate = `Thanks for asking! Answer number ${n}: we will sort that out for you.`;
          const triggerText = entry.examples[0] ?? "question";
          // One pattern in four is trusted to answer by itself; the rest suggest, queue or stay quiet.
          const trusted = n % 4 === 0;
          return {
            // Fixed ids: the match index is built in the same order on every run, so runs compare.
            id: fixedId(1, n),
            type: "general" as const,
            signature: textSignature(triggerText),
            triggerText,
            responseTemplate,
            responseSignature: textSignature(responseTemplate),
            confidence: trusted ? 1 : 0.5 + (n % 40) / 100,
            isActive: trusted || n % 3 === 0,
            autoExecutable: trusted,
            successCount: trusted ? 20 : 0,
            createdFrom: "imported" as const,
          };
        }),
      )
      .returning({ id: patterns.id });
    await db.insert(patternExamples).values(
      rows.flatMap((row, i) =>
        (slice[i]?.examples ?? []).map((text, j) => ({
          id: fixedId(2, (offset + i) * 10 + j),
          patternId: row.id,
          customerText: text,
          replyText: "answer",
          source: "imported" as const,
        })),
      ),
    );
  }
  // Events as the API stores them; every tenth message is a STOP or START, so opt-outs are decided on the way.
  const events = Array.from({ length: EVENTS }, (_, i) => {
    const entry = corpus[(i * 7919) % corpus.length]!;
    const customer = `+1902${String(5_000_000 + (i % CUSTOMERS)).padStart(7, "0")}`;
    const text =
      i % 10 === 7
        ? i % 20 === 7
          ? "STOP"
          : "START"
        : paraphraseText(entry.examples[i % entry.examples.length]!, i);
    const sentAt = new Date(start.getTime() - 120_000 + i * 10);
    const event = buildMessageEvent({
      shape: i % 2 === 0 ? "legacy" : "current",
      direction: "inbound",
      from: customer,
      to: BUSINESS,
      text,
      eventId: `EV${i}`,
      messageId: `AC${String(i).padStart(7, "0")}`,
      createdAt: sentAt,
    });
    return {
      provider: "openphone",
      eventId: `EV${i}`,
      eventType: "message.received",
      signatureScheme: "legacy",
      rawBody: JSON.stringify(event),
      customerPhone: customer,
      sentAt,
    };
  });
  for (let offset = 0; offset < events.length; offset += 1000) {
    await db.insert(webhookEvents).values(events.slice(offset, offset + 1000));
  }
  await db.execute(sql`analyze`);
}

/** Every decision, in message order, with pattern ids replaced by their trigger text (ids differ per run). */
async function fingerprint(database: Database) {
  const rows = await queryRows<Record<string, unknown>>(
    database.db,
    sql`select m.provider_message_id, d.mode, d.intended_mode, p.trigger_text, d.match_score, d.margin,
          d.confidence, d.probability, d.evidence, d.gates, d.proposed_reply, d.outcome,
          (select json_agg(json_build_object('t', cp.trigger_text, 's', c->'score', 'p', c->'probability',
             'c', c->'confidence') order by ord)
           from jsonb_array_elements(d.candidates) with ordinality as x(c, ord)
           join patterns cp on cp.id::text = c->>'patternId') as candidates
        from decisions d join messages m on m.id = d.message_id
        left join patterns p on p.id = d.pattern_id
        where m.provider_message_id like 'AC%'
        order by m.provider_message_id`,
  );
  const modes: Record<string, number> = {};
  for (const row of rows) modes[String(row.mode)] = (modes[String(row.mode)] ?? 0) + 1;
  // The working-hours gate names the clock time of the run; the rest must be equal between runs.
  const lines = rows.map((row) =>
    JSON.stringify(row).replace(/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d:\d\d UTC\b/g, "<time>"),
  );
  const hash = createHash("sha256").update(lines.join("\n")).digest("hex").slice(0, 16);
  // One decision a line, to compare two runs with diff.
  if (args.dump) await writeFile(args.dump, lines.join("\n"));
  return { decisions: rows.length, modes, hash };
}

async function main() {
  const fresh = await createFreshDatabase(serverUrl, "playbook_decide");
  const database = await createDb({
    databaseUrl: fresh.env.DATABASE_URL,
    dataDir: "memory://",
    poolSize: 10,
  });
  const openPhone = await startFakeOpenPhoneServer({ apiKey: "op-bench-key" });
  try {
    await runMigrations(database);
    const start = new Date();
    await seed(database, start);
    const engine = createReplyEngine({
      database,
      env: loadEnv({
        NODE_ENV: "test",
        LOG_LEVEL: "silent",
        OPENPHONE_API_KEY: "op-bench-key",
        OPENPHONE_API_URL: openPhone.url,
        OPENPHONE_FROM: BUSINESS,
      }),
      logger: createLogger({ level: "silent", name: "decide-speed" }),
      now: () => start,
      // Loaded once and not refreshed during the run: what is decided then depends on nothing that timing
      // changes (a refresh picks up patterns the sends touched), so two runs can be compared decision by decision.
      index: calibratedIndex(24 * 3_600_000),
    });
    // Loaded before the clock starts: a live process has its index in memory already.
    await engine.index.refresh(database.db, { force: true });
    await engine.index.settled();

    const session = args.profile ? new Session() : null;
    if (session) {
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.setSamplingInterval", { interval: 200 });
      await session.post("Profiler.start");
    }
    const trips = roundTrips;
    statements.clear();
    const serverCpu = fresh.name ? await serverCpuSeconds(fresh.name) : null;
    const cpu = process.cpuUsage();
    const began = performance.now();
    const totals = await processPendingWebhookEvents(engine, {
      lanes: Number(args.lanes),
      maxDurationMs: 30 * 60_000,
    });
    const wall = performance.now() - began;
    const used = process.cpuUsage(cpu);
    const serverCpuAfter = fresh.name ? await serverCpuSeconds(fresh.name) : null;
    const tripsUsed = roundTrips - trips;
    if (session) {
      const { profile } = await session.post("Profiler.stop");
      await writeFile(args.profile!, JSON.stringify(profile));
      console.log(`CPU profile of the deciding phase: ${args.profile}`);
      console.log(summarizeProfile(profile, 25));
    }
    if (args.statements) {
      console.log("statements of the deciding phase, most sent first:");
      for (const [text, times] of [...statements].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
        console.log(`  ${String(times).padStart(7)}  ${text}`);
      }
    }

    const print = await fingerprint(database);
    const [left] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from webhook_events where status = 'pending'`,
    );
    const cpuMs = (used.user + used.system) / 1000;
    const n = Math.max(1, totals.processed);
    console.log(
      `decide-speed: ${fresh.label}; ${PATTERNS} patterns, ${EVENTS} events from ${CUSTOMERS} customers, ${args.lanes} lanes`,
    );
    console.log(
      `  processed ${totals.processed}, failed ${totals.failed}, still pending ${left?.n}`,
    );
    console.log(
      `  wall ${(wall / 1000).toFixed(1)} s = ${((totals.processed * 1000) / wall).toFixed(0)} decisions/s`,
    );
    console.log(
      `  CPU ${(cpuMs / 1000).toFixed(1)} s (user ${(used.user / 1e6).toFixed(1)}, system ${(used.system / 1e6).toFixed(1)}) = ${(cpuMs / n).toFixed(2)} ms per decision${args.embedded ? " (database included)" : " (this process; the server's not included)"}`,
    );
    if (serverCpu !== null && serverCpuAfter !== null) {
      const seconds = serverCpuAfter - serverCpu;
      console.log(
        `  server CPU ${seconds.toFixed(1)} s = ${((seconds * 1000) / n).toFixed(2)} ms per decision (its backends for this database, from /proc)`,
      );
    }
    if (!args.embedded) {
      console.log(`  SQL round trips: ${tripsUsed} = ${(tripsUsed / n).toFixed(2)} per decision`);
    }
    console.log(`  sends at the fake OpenPhone: ${openPhone.sent.length}`);
    console.log(
      `  decisions: ${print.decisions} ${JSON.stringify(print.modes)} fingerprint ${print.hash}`,
    );
  } finally {
    await openPhone.close();
    await database.close();
    if (args.keep) console.log(`kept: ${fresh.label}`);
    else await fresh.drop();
  }
}

await main();
