// Refresh speed: N contractors with 10 revenue observations and 20 activities each (100,000 → 1,000,000 and
// 2,000,000), written straight into a fresh database on the PostgreSQL server with generate_series (the import
// is not what is timed), then one growth refresh in this process. Target: ≤ 10 s at 100,000 contractors.
//
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/growth/refresh-speed.ts [--contractors 100000]
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { pino } from "pino";
import { z } from "zod";
import { refreshGrowthPatterns } from "@playbook/core";
import { createDb, queryRows } from "@playbook/db";
import { createFreshDatabase, requireBenchServerUrl } from "../history/fresh-database";
import { serverCpuSeconds } from "../server-cpu";
import { migrateDatabase } from "../history/playbook-cli";

const { values } = parseArgs({ options: { contractors: { type: "string", default: "100000" } } });
const n = z.coerce.number().int().positive().parse(values.contractors);
const fresh = await createFreshDatabase(requireBenchServerUrl("refresh-speed"), "growth_speed");
try {
  await migrateDatabase(fresh.env);
  const database = await createDb({ databaseUrl: fresh.env.DATABASE_URL });
  try {
    let started = Date.now();
    const db = database.db;
    await db.execute(sql`insert into growth_contractors (contractor_id, joined_at)
      select 'c' || g, date '2018-01-01' + (g % 1000) from generate_series(1, ${n}::int) g`);
    // A pseudo-random step up per quarter, different per contractor: some climb fast, some not at all.
    await db.execute(sql`insert into growth_revenue (contractor_id, as_of, revenue)
      select 'c' || g, date '2018-01-01' + (g % 1000) + k * 91,
             1e6 * (1 + k * ((g::bigint * 2654435761) % 97) / 30.0)
      from generate_series(1, ${n}::int) g, generate_series(0, 9) k`);
    await db.execute(sql`insert into growth_activities (contractor_id, occurred_at, kind, name)
      select 'c' || g, date '2018-01-01' + (g % 1000) + (k * 37 + g) % 900,
             (array['partner','milestone','book','podcast','event','other'])[1 + k % 6],
             'activity ' || ((g * 7 + k * 13) % 200)
      from generate_series(1, ${n}::int) g, generate_series(0, 19) k`);
    await db.execute(sql`analyze`);
    const [rows] = await queryRows<{ r: number; a: number }>(
      db,
      sql`select (select count(*) from growth_revenue) as r, (select count(*) from growth_activities) as a`,
    );
    process.stdout.write(
      `Loaded ${n} contractors, ${rows!.r} revenue rows, ${rows!.a} activities in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    let peakHeap = 0;
    const sampler = setInterval(() => {
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }, 50);
    const databaseName = fresh.name!;
    const serverCpuBefore = await serverCpuSeconds(databaseName);
    const cpuBefore = process.cpuUsage();
    started = Date.now();
    const result = await refreshGrowthPatterns(
      { database, logger: pino({ level: "silent" }) },
      "request",
    );
    const seconds = (Date.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const serverCpuAfter = await serverCpuSeconds(databaseName);
    clearInterval(sampler);
    process.stdout.write(
      `Refresh on ${fresh.label}: ${seconds.toFixed(1)} s (target ≤ 10 s); ${result.transitions} transitions, ` +
        `${result.patterns} patterns, ${result.drivers} drivers; peak heap ${Math.round(peakHeap / 2 ** 20)} MB, ` +
        `peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n` +
        `CPU: this process ${(cpu.user / 1e6).toFixed(1)} s user + ${(cpu.system / 1e6).toFixed(1)} s system; ` +
        `server backends ${serverCpuBefore === null || serverCpuAfter === null ? "unknown" : `${(serverCpuAfter - serverCpuBefore).toFixed(1)} s`}; ` +
        `load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(" ")}\n`,
    );
    const [phases] = await queryRows<{ summary: unknown }>(
      db,
      sql`select summary from growth_refreshes where id = ${result.refreshId}`,
    );
    process.stdout.write(`Phases (ms): ${JSON.stringify(phases?.summary)}\n`);
  } finally {
    await database.close();
  }
} finally {
  await fresh.drop();
}
