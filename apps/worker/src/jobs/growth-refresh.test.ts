import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GROWTH_REFRESH_LOCK, growthCsv, importGrowthFiles } from "@playbook/core";
import { captureLogs, createTestEngine } from "@playbook/core/testing";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { runJob } from "../run-job";
import { growthRefreshJob } from "./growth-refresh";

describe.each(testDatabaseKinds)("growth-refresh job on %s", (kind) => {
  let test: TestDatabase;
  const context = () => ({
    database: test.database,
    engine: createTestEngine(test.database),
    logger: captureLogs().logger,
    workerId: "growth-worker",
    signal: new AbortController().signal,
  });
  beforeAll(async () => {
    test = await openTestDatabase(kind);
  });
  afterAll(() => test.drop());

  it("does nothing without data, refreshes after an import, then waits for the interval", async () => {
    expect(await runJob(growthRefreshJob, context())).toMatchObject({
      status: "succeeded",
      result: { refreshed: false },
    });
    const contractors = Array.from({ length: 8 }, (_, i) => ({
      contractor_id: `c${i}`,
      joined_at: "2020-01-01",
    }));
    const revenue = contractors.flatMap((c, i) => [
      { contractor_id: c.contractor_id, as_of: "2020-01-01", revenue: 1_000_000 },
      { contractor_id: c.contractor_id, as_of: `202${1 + (i % 3)}-01-01`, revenue: 6_000_000 },
    ]);
    await importGrowthFiles(
      { database: test.database, logger: captureLogs().logger },
      {
        contractors: Readable.from([growthCsv("contractors", contractors)]),
        revenue: Readable.from([growthCsv("revenue", revenue)]),
      },
      { source: "cli" },
    );
    expect(await runJob(growthRefreshJob, context())).toMatchObject({
      status: "succeeded",
      // No outcomes recorded yet: no pattern of the new set gets an outcome confidence.
      result: { refreshed: true, trigger: "import", transitions: 9, outcomePatterns: 0 },
    });
    expect(await runJob(growthRefreshJob, context())).toMatchObject({
      result: { refreshed: false },
    });
  });

  it("shares its lock with an admin's refresh request", () => {
    expect(GROWTH_REFRESH_LOCK).toBe(`job:${growthRefreshJob.name}`);
  });
});
