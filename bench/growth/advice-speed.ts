// Advice speed: one contractor's matches, goals, recommendations and timeline (growth.advice without HTTP) on the
// PostgreSQL server, after N synthetic contractors (planted drivers, team sizes, stages, focus areas) are
// imported and refreshed. The first call loads the pattern cache; then every contractor's first call (which
// writes their goals) and a second, warm call are timed: wall and this process's CPU per call, p50/p95/p99.
// Target: warm p99 ≤ 5 ms at 100,000 contractors.
//
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/growth/advice-speed.ts [--contractors 5000] [--sample 500]
//     [--keep | --reuse DATABASE_URL]
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
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
    /** Keep the loaded database and print its URL, for --reuse (loading 100,000 takes minutes). */
    keep: { type: "boolean", default: false },
    /** A database loaded by an earlier run with --keep: time only. */
    reuse: { type: "string" },
    /** Write a CPU profile (.cpuprofile) of the warm pass here. */
    profile: { type: "string" },
  },
});
const n = z.coerce.number().int().positive().parse(values.contractors);
const sample = z.coerce.number().int().positive().parse(values.sample);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}
const ms = (x: number) => x.toFixed(2);

const fresh = values.reuse
  ? { env: { DATABASE_URL: values.reuse }, drop: async () => {} }
  : await createFreshDatabase(requireBenchServerUrl("advice-speed"), "growth_advice");
try {
  if (!values.reuse) await migrateDatabase(fresh.env);
  const database = await createDb({ databaseUrl: fresh.env.DATABASE_URL });
  const logger = pino({ level: "silent" });
  try {
    const db = database.db;
    let started = Date.now();
    if (!values.reuse) {
      await importSyntheticGrowth({ database, logger }, { contractors: n, seed: 11 });
      await db.execute(sql`update growth_contractors set focus_areas = case (hashtext(contractor_id) & 3)
        when 0 then array['leads'] when 1 then array['leads','hiring'] when 2 then array['pricing']
        else '{}'::text[] end`);
      await refreshGrowthPatterns({ database, logger }, "request");
      process.stdout.write(
        `Imported and refreshed ${n} contractors in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
      if (values.keep) process.stdout.write(`Kept: --reuse ${fresh.env.DATABASE_URL}\n`);
    }
    const ids = (
      await queryRows<{ id: string }>(
        db,
        sql`select contractor_id as id from growth_contractors order by random() limit ${sample}`,
      )
    ).map((r) => r.id);
    started = Date.now();
    await getContractorAdvice(db, ids[0]!);
    process.stdout.write(`Pattern cache loaded in ${Date.now() - started} ms\n`);
    const spread = (xs: number[]) => {
      xs.sort((a, b) => a - b);
      return `p50 ${ms(percentile(xs, 0.5))}, p95 ${ms(percentile(xs, 0.95))}, p99 ${ms(percentile(xs, 0.99))}, max ${ms(xs.at(-1)!)} ms`;
    };
    for (const pass of ["first (writes goals)", "warm"]) {
      const wall: number[] = [];
      // This process's CPU per call (user + system); the server's backends are not counted.
      const cpu: number[] = [];
      let goals = 0;
      const profiler = pass === "warm" && values.profile ? new Session() : null;
      if (profiler) {
        profiler.connect();
        await profiler.post("Profiler.enable");
        await profiler.post("Profiler.start");
      }
      for (const id of ids) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const advice = await getContractorAdvice(db, id);
        wall.push(performance.now() - t0);
        const used = process.cpuUsage(c0);
        cpu.push((used.user + used.system) / 1000);
        goals += advice.goals.length;
      }
      if (profiler) {
        const { profile } = await profiler.post("Profiler.stop");
        await writeFile(values.profile!, JSON.stringify(profile));
        profiler.disconnect();
      }
      process.stdout.write(
        `${pass}: ${ids.length} contractors, ${(goals / ids.length).toFixed(1)} goals each\n` +
          `  wall ${spread(wall)}\n  CPU  ${spread(cpu)}\n`,
      );
    }
  } finally {
    await database.close();
  }
} finally {
  if (!values.keep && !values.reuse) await fresh.drop();
}
