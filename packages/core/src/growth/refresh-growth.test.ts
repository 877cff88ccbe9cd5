import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { eq, sql } from "drizzle-orm";
import { growthPatterns, growthRefreshes } from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { getGrowthLadder, listGrowthPatterns, listGrowthRefreshes } from "./growth-queries";
import { importGrowthFiles } from "./import-growth";
import {
  growthRefreshDue,
  refreshGrowthPatterns,
  refreshGrowthPatternsNow,
} from "./refresh-growth";
import { generateSyntheticGrowth } from "./synthetic-growth";
import { growthCsv } from "./write-growth-csv";

describe.each(testDatabaseKinds)("growth refresh on %s", (kind) => {
  let test: TestDatabase;
  const runtime = () => ({ database: test.database, logger: pino({ level: "silent" }) });
  beforeAll(async () => {
    test = await openTestDatabase(kind);
    const g = generateSyntheticGrowth({ contractors: 600, seed: 9, noiseActivities: 2 });
    const result = await importGrowthFiles(
      runtime(),
      {
        contractors: Readable.from([growthCsv("contractors", g.contractors)]),
        revenue: Readable.from([growthCsv("revenue", g.revenue)]),
        activities: Readable.from([growthCsv("activities", g.activities)]),
      },
      { source: "cli" },
    );
    expect(result.rowsRejected).toBe(0);
  }, 120_000);
  afterAll(() => test.drop());

  it("is due after an import, computes and swaps in a set with its validation", async () => {
    expect(await growthRefreshDue(test.database.db, new Date())).toBe("import");
    const first = await refreshGrowthPatternsNow(runtime(), "import");
    expect(first.drivers).toBeGreaterThan(0);
    expect(await growthRefreshDue(test.database.db, new Date())).toBeNull();
    // Past the interval (30 days by default) it is due again.
    expect(await growthRefreshDue(test.database.db, new Date(Date.now() + 31 * 86_400_000))).toBe(
      "schedule",
    );

    const ladder = await getGrowthLadder(test.database.db);
    expect(ladder.refresh?.id).toBe(first.refreshId);
    const t0 = ladder.transitions[0]!;
    expect(t0).toMatchObject({ fromTier: "0-5M", toTier: "5-10M" });
    expect(t0.contractors).toBeGreaterThanOrEqual(5);
    expect(t0.timeline).toHaveProperty("median");
    const drivers = await listGrowthPatterns(test.database.db, {
      fromTier: "0-5M",
      driversOnly: true,
    });
    expect(drivers.map((d) => d.factorName)).toContain("CRM Pro");
    expect(drivers.every((d) => d.moversWith >= 5 && d.outcomeConfidence === null)).toBe(true);
    const [stored] = await listGrowthRefreshes(test.database.db, { limit: 1 });
    expect(stored!.validation).toMatchObject({ aim: 0.8 });
    expect(stored!.validation!.evaluated).toBeGreaterThan(5);
  });

  it("keeps earlier sets, dated, with exactly one current", async () => {
    const second = await refreshGrowthPatterns(runtime(), "request");
    const all = await listGrowthRefreshes(test.database.db, { limit: 10 });
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(all.filter((r) => r.isCurrent).map((r) => r.id)).toEqual([second.refreshId]);
    const oldId = all.find((r) => r.id !== second.refreshId)!.id;
    const oldPatterns = await test.database.db
      .select()
      .from(growthPatterns)
      .where(eq(growthPatterns.refreshId, oldId));
    expect(oldPatterns.length).toBe(second.patterns);
  });

  it("refuses a second refresh while one holds the lock", async () => {
    const outer = await test.database.withAdvisoryLock("job:growth-refresh", () =>
      refreshGrowthPatternsNow(runtime(), "request").then(
        () => "ran",
        (e: Error) => e.message,
      ),
    );
    expect(outer).toEqual({ acquired: true, value: "A growth refresh is already running" });
  });

  it("falls back to the default ladder when the stored one no longer validates", async () => {
    await test.database.db.execute(
      sql`insert into config (key, value) values ('growthTierLadder', '"broken"')
          on conflict (key) do update set value = excluded.value`,
    );
    const result = await refreshGrowthPatterns(runtime(), "request");
    const rows = await test.database.db.select().from(growthRefreshes);
    expect(rows.filter((r) => r.isCurrent).map((r) => r.id)).toEqual([result.refreshId]);
    expect((await getGrowthLadder(test.database.db)).ladder[1]!.label).toBe("5-10M");
  });
});
