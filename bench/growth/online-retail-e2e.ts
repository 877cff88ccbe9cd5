// The UCI Online Retail data end to end: convert to the growth files, import them with the CLI into a fresh
// database (the PostgreSQL server when TEST_DATABASE_URL or DATABASE_URL is set, else an embedded one), which
// then refreshes the patterns; prints the times, the transitions and the drivers.
//
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/growth/online-retail-e2e.ts
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { getGrowthLadder, listGrowthPatterns, listGrowthRefreshes } from "@playbook/core";
import { createDb, queryRows } from "@playbook/db";
import { benchServerUrl, createFreshDatabase } from "../history/fresh-database";
import { growthImport, migrateDatabase } from "../history/playbook-cli";
import {
  convertOnlineRetail,
  defaultOnlineRetailSource,
  onlineRetailLadder,
} from "./online-retail";

const fresh = await createFreshDatabase(benchServerUrl(), "growth_uci");
const dir = await mkdtemp(join(tmpdir(), "growth-uci-"));
try {
  let started = Date.now();
  const counts = await convertOnlineRetail(defaultOnlineRetailSource, dir);
  const convertSeconds = (Date.now() - started) / 1000;
  await migrateDatabase(fresh.env);
  const open = () =>
    createDb({ databaseUrl: fresh.env.DATABASE_URL, dataDir: fresh.env.PLAYBOOK_DATA_DIR });
  let database = await open();
  await queryRows(
    database.db,
    // 13 months of data: the backtest fits on the first 9 and checks the last 4.
    sql`insert into config (key, value) values ('growthTierLadder', ${JSON.stringify(onlineRetailLadder)}::jsonb),
        ('growthBacktestMonths', '4'::jsonb)`,
  );
  await database.close();
  started = Date.now();
  const stdout = await growthImport(dir, fresh.env);
  const importAndRefreshSeconds = (Date.now() - started) / 1000;
  process.stdout.write(
    stdout
      .split("\n")
      .filter((l) => !l.startsWith("{"))
      .join("\n"),
  );
  database = await open();
  try {
    const ladder = await getGrowthLadder(database.db);
    const [refresh] = await listGrowthRefreshes(database.db, { limit: 1 });
    process.stdout.write(
      `\nUCI Online Retail on ${fresh.label}: converted ${counts.lines} lines in ${convertSeconds.toFixed(1)} s ` +
        `(${counts.contractors} businesses, ${counts.revenue} revenue rows, ${counts.activities} activities); ` +
        `import + refresh ${importAndRefreshSeconds.toFixed(1)} s\n`,
    );
    for (const t of ladder.transitions) {
      const tl = t.timeline as {
        median?: { months: number | null; lower: number | null; upper: number | null };
      } | null;
      process.stdout.write(
        `  ${t.fromTier} → ${t.toTier}: ${t.contractors ?? "<5"} businesses, ${t.movers ?? "<5"} moved up, median ` +
          `${tl?.median?.months ?? "–"} months (95% ${tl?.median?.lower ?? "–"}–${tl?.median?.upper ?? "–"}), evidence ${t.evidenceConfidence}\n`,
      );
      const drivers = await listGrowthPatterns(database.db, {
        fromTier: t.fromTier,
        driversOnly: true,
      });
      for (const d of drivers.slice(0, 3)) process.stdout.write(`    driver: ${d.sentence}\n`);
    }
    process.stdout.write(
      `Validation: ${JSON.stringify(refresh?.validation)}\nSummary: ${JSON.stringify(refresh?.summary)}\n`,
    );
  } finally {
    await database.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
  await fresh.drop();
}
