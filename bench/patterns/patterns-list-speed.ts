// The patterns list at 10,000 patterns: a fresh database on the PostgreSQL server is seeded with generate_series
// (10,000 patterns of every type and state, 3 examples each; the seeding is not timed), then the query behind
// `patterns.list` (listPatterns: one page of 50 and the exact total) runs for several sorts, filters and pages.
// Prints p50/p95 wall time per case and the client process's CPU per call. Target: well under 100 ms.
//
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/patterns/patterns-list-speed.ts [--patterns 10000] [--runs 40]
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { listPatterns, type TListPatternsRequest } from "@playbook/core";
import { createDb } from "@playbook/db";
import { createFreshDatabase, requireBenchServerUrl } from "../history/fresh-database";
import { migrateDatabase } from "../history/playbook-cli";

const { values } = parseArgs({
  options: {
    patterns: { type: "string", default: "10000" },
    runs: { type: "string", default: "40" },
  },
});
const n = z.coerce.number().int().positive().parse(values.patterns);
const runs = z.coerce.number().int().min(5).parse(values.runs);

const cases: [string, TListPatternsRequest][] = [
  ["default (confidence desc), page 1", {}],
  ["trigger A→Z, page 100", { sort: "triggerText", order: "asc", page: 100 }],
  ["trigger Z→A, page 1", { sort: "triggerText", order: "desc", page: 1 }],
  ["type asc, page 50", { sort: "type", order: "asc", page: 50 }],
  ["state desc, page 1", { sort: "state", order: "desc", page: 1 }],
  ["uses desc, page 1", { sort: "executionCount", order: "desc", page: 1 }],
  ["last used asc (nulls last), page 150", { sort: "lastUsedAt", order: "asc", page: 150 }],
  ["updated desc, page 1", { sort: "updatedAt", order: "desc", page: 1 }],
  ["active only, confidence asc, page 2", { isActive: true, order: "asc", page: 2 }],
  ["type = hours, uses desc", { type: "hours", sort: "executionCount", page: 1 }],
  ["search 'number 12', trigger A→Z", { search: "number 12", sort: "triggerText", order: "asc" }],
  ["deleted only, updated desc", { deleted: "only", sort: "updatedAt", page: 1 }],
];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const fresh = await createFreshDatabase(
  requireBenchServerUrl("patterns-list-speed"),
  "patterns_list",
);
try {
  await migrateDatabase(fresh.env);
  const database = await createDb({ databaseUrl: fresh.env.DATABASE_URL });
  try {
    const db = database.db;
    const seeded = Date.now();
    await db.execute(sql`insert into patterns (type, signature, trigger_text, response_template,
        response_signature, confidence, is_active, auto_executable, execution_count, created_from,
        last_used_at, updated_at, deleted_at)
      select (enum_range(null::pattern_type))[1 + g % 10],
             md5('q' || g), 'customer question number ' || ((g::bigint * 7919) % ${n}::int),
             'answer number ' || g, md5('a' || g),
             ((g::bigint * 2654435761) % 1000) / 1000.0, g % 3 = 0, g % 9 = 0,
             (g::bigint * 40503) % 500, 'learned',
             case when g % 4 = 0 then null else now() - ((g % 720) || ' hours')::interval end,
             now() - ((g % 90) || ' days')::interval,
             case when g % 50 = 0 then now() else null end
      from generate_series(1, ${n}::int) g`);
    await db.execute(sql`insert into pattern_examples (pattern_id, customer_text, reply_text, source)
      select id, trigger_text || ' ' || k, response_template, 'learned'
      from patterns, generate_series(1, 3) k`);
    await db.execute(sql`analyze`);
    console.log(
      `${fresh.label}: ${n.toLocaleString("en-US")} patterns, ${(3 * n).toLocaleString("en-US")} examples ` +
        `seeded in ${((Date.now() - seeded) / 1000).toFixed(1)} s; ${runs} runs per case; load ${loadavg()
          .map((l) => l.toFixed(2))
          .join(" ")}`,
    );
    console.log("case | total | p50 ms | p95 ms | client CPU ms/call");
    for (const [label, request] of cases) {
      let total = 0;
      for (let i = 0; i < 3; i += 1) total = (await listPatterns(db, request)).total;
      const times: number[] = [];
      const cpu = process.cpuUsage();
      for (let i = 0; i < runs; i += 1) {
        const started = performance.now();
        await listPatterns(db, request);
        times.push(performance.now() - started);
      }
      const used = process.cpuUsage(cpu);
      times.sort((a, b) => a - b);
      console.log(
        `${label} | ${total} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} | ` +
          `${((used.user + used.system) / 1000 / runs).toFixed(1)}`,
      );
    }
  } finally {
    await database.close();
  }
} finally {
  await fresh.drop();
}
