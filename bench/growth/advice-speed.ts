// Advice speed: one contractor's matches, goals, recommendations and timeline (growth.advice without HTTP) on the
// PostgreSQL server, after N synthetic contractors (planted drivers, team sizes, stages, focus areas) are
// imported and refreshed. The first call loads the pattern cache; then every contractor's first call (which
// writes their goals) and a second, warm call are timed. Target: warm p99 ≤ 5 ms at 100,000 contractors.
//
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/growth/advice-speed.ts [--contractors 5000] [--sample 500]
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { pino } from "pino";
import { z } from "zod";
import { getContractorAdvice, refreshGrowthPatterns } from "@playbook/core";
import { importSyntheticGrowth } from "@playbook/core/testing";
import { createDb, queryRows } from "@playbook/db";
import { createFreshDatabase, requireBenchServerUrl } from "../history/fresh-database";
import { migrateDatabase } from "../history/playbook-cli";

const { values } = parseArgs({
  options: {
    contractors: { type: "string", default: "5000" },
    sample: { type: "string", default: "500" },
  },
});
const n = z.coerce.number().int().positive().parse(values.contractors);
const sample = z.coerce.number().int().positive().parse(values.sample);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}
const ms = (x: number) => x.toFixed(2);

const fresh = await createFreshDatabase(requireBenchServerUrl("advice-speed"), "growth_advice");
try {
  await migrateDatabase(fresh.env);
  const database = await createDb({ databaseUrl: fresh.env.DATABASE_URL });
  const logger = pino({ level: "silent" });
  try {
    const db = database.db;
    let started = Date.now();
    await importSyntheticGrowth({ database, logger }, { contractors: n, seed: 11 });
    await db.execute(sql`update growth_contractors set focus_areas = case (hashtext(contractor_id) & 3)
      when 0 then array['leads'] when 1 then array['leads','hiring'] when 2 then array['pricing']
      else '{}'::text[] end`);
    await refreshGrowthPatterns({ database, logger }, "request");
    process.stdout.write(
      `Imported and refreshed ${n} contractors in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    const ids = (
      await queryRows<{ id: string }>(
        db,
        sql`select contractor_id as id from growth_contractors order by random() limit ${sample}`,
      )
    ).map((r) => r.id);
    started = Date.now();
    await getContractorAdvice(db, ids[0]!);
    process.stdout.write(`Pattern cache loaded in ${Date.now() - started} ms\n`);
    for (const pass of ["first (writes goals)", "warm"]) {
      const times: number[] = [];
      const cpu = process.cpuUsage();
      let goals = 0;
      for (const id of ids) {
        const t0 = performance.now();
        const advice = await getContractorAdvice(db, id);
        times.push(performance.now() - t0);
        goals += advice.goals.length;
      }
      const used = process.cpuUsage(cpu);
      times.sort((a, b) => a - b);
      process.stdout.write(
        `${pass}: ${ids.length} contractors, p50 ${ms(percentile(times, 0.5))} ms, p99 ${ms(percentile(times, 0.99))} ms, ` +
          `max ${ms(times.at(-1)!)} ms; CPU ${ms((used.user + used.system) / 1000 / ids.length)} ms per call; ` +
          `${(goals / ids.length).toFixed(1)} goals each\n`,
      );
    }
  } finally {
    await database.close();
  }
} finally {
  await fresh.drop();
}
