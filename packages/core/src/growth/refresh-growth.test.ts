import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { eq, sql } from "drizzle-orm";
import { growthPatterns, growthRefreshes } from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { getGrowthLadder, listGrowthPatterns, listGrowthRefreshes } from "./growth-queries";
import { importGrowthFiles } from "./import-growth";
import { ANY_HIRE } from "./describe-pattern";
import { buildGrowthDataset, datasetBefore, growthRowsFromText } from "./growth-dataset";
import { analyzeGrowth } from "./mine-growth";
import {
  growthRefreshDue,
  readGrowthDataset,
  refreshGrowthPatterns,
  refreshGrowthPatternsNow,
} from "./refresh-growth";
import { generateSyntheticGrowth } from "./synthetic-growth";
import { defaultTierLadder } from "./tier-ladder";
import { DAYS_PER_MONTH, dayToIsoDate, isoDateToDay } from "./tier-spells";
import { validateGrowth } from "./validate-growth";
import { growthCsv } from "./write-growth-csv";

type CsvRows = Parameters<typeof growthCsv>[1];

/** A new test database with the three files imported, every row accepted. */
async function databaseWith(
  kind: (typeof testDatabaseKinds)[number],
  files: { contractors: CsvRows; revenue: CsvRows; activities: CsvRows },
) {
  const test = await openTestDatabase(kind);
  const result = await importGrowthFiles(
    { database: test.database, logger: pino({ level: "silent" }) },
    {
      contractors: Readable.from([growthCsv("contractors", files.contractors)]),
      revenue: Readable.from([growthCsv("revenue", files.revenue)]),
      activities: Readable.from([growthCsv("activities", files.activities)]),
    },
    { source: "cli" },
  );
  expect(result.rowsRejected).toBe(0);
  return test;
}

describe.each(testDatabaseKinds)("growth refresh on %s", (kind) => {
  let test: TestDatabase;
  const runtime = () => ({ database: test.database, logger: pino({ level: "silent" }) });
  beforeAll(async () => {
    test = await databaseWith(
      kind,
      generateSyntheticGrowth({ contractors: 600, seed: 9, noiseActivities: 2 }),
    );
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

describe.each(testDatabaseKinds)("reading the stored growth history on %s", (kind) => {
  let test: TestDatabase;
  // Synthetic histories with what the generator lacks: profile focus areas (also logged as activities), no join
  // date, tiers given as labels, hires, and activities repeated on other days (only the first counts).
  const g = generateSyntheticGrowth({ contractors: 500, seed: 4, noiseActivities: 2 });
  const rows = {
    contractors: [
      ...g.contractors.map((c, i) => ({
        ...c,
        joined_at: i % 7 === 0 ? null : c.joined_at,
        focus_areas: i % 3 === 0 ? ["roofing", "solar"] : i % 5 === 0 ? ["solar"] : [],
      })),
      { contractor_id: "nothing-else", joined_at: "2020-01-01", focus_areas: ["solar"] },
    ],
    revenue: g.revenue.map((r, i) =>
      i % 13 === 0
        ? {
            contractor_id: r.contractor_id,
            as_of: r.as_of,
            tier: r.revenue >= 5e6 ? "5-10m" : "0-5M",
          }
        : { ...r, tier: null },
    ),
    activities: [
      ...g.activities,
      ...g.activities
        .filter((_, i) => i % 4 === 0)
        .map((a, i) => ({ ...a, kind: "hire", name: i % 2 ? "estimator" : "foreman" })),
      ...g.activities
        .filter((_, i) => i % 6 === 0)
        .map((a) => ({ ...a, kind: "focus_area", name: "solar" })),
      ...g.activities
        .filter((_, i) => i % 5 === 0)
        .map((a, i) => ({
          ...a,
          occurred_at: dayToIsoDate(isoDateToDay(a.occurred_at) + (i % 2 ? 45 : -45)),
        })),
    ],
  };
  beforeAll(async () => {
    test = await databaseWith(kind, {
      ...rows,
      contractors: rows.contractors.map((c) => ({ ...c, focus_areas: c.focus_areas.join(";") })),
    });
  }, 120_000);
  afterAll(() => test.drop());

  it("gives the same transitions, patterns and backtest as the rows in memory, batch after batch", async () => {
    const stored = await readGrowthDataset(test.database.db, defaultTierLadder, 64);
    const memory = buildGrowthDataset(defaultTierLadder, growthRowsFromText(rows));
    expect(stored.count).toBe(rows.contractors.length);
    expect(stored.obsDay.length).toBe(memory.obsDay.length);
    expect(stored.adoptDay.length).toBe(memory.adoptDay.length);
    const sorted = (a: ReturnType<typeof analyzeGrowth>) => ({
      ...a,
      patterns: [...a.patterns].sort(
        (x, y) =>
          x.tierIndex - y.tierIndex ||
          x.factor.kind.localeCompare(y.factor.kind) ||
          x.factor.name.localeCompare(y.factor.name),
      ),
    });
    const fromStore = sorted(analyzeGrowth(stored));
    expect(fromStore.patterns.some((p) => p.factor.kind === "focus_area")).toBe(true);
    expect(fromStore.patterns.some((p) => p.factor.name === ANY_HIRE)).toBe(true);
    expect(fromStore).toEqual(sorted(analyzeGrowth(memory)));
    const cutoff = Math.round(stored.lastDay - 12 * DAYS_PER_MONTH);
    const a = validateGrowth(stored, datasetBefore(stored, cutoff), cutoff)!;
    const b = validateGrowth(memory, datasetBefore(memory, cutoff), cutoff)!;
    expect(a.evaluated).toBe(b.evaluated);
    expect(a.knownAt12).toBe(b.knownAt12);
    expect(a.drivers).toEqual(b.drivers);
    expect(a.concordance!).toBeCloseTo(b.concordance!, 12);
    expect(a.brier12!).toBeCloseTo(b.brier12!, 12);
  });
});
