import { jobRuns } from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runJob } from "../run-job";
import { captureLogs, createTestEngine } from "@playbook/core/testing";
import { heartbeatJob } from "./heartbeat";

describe.each(testDatabaseKinds)("heartbeat job on %s", (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase(kind);
  });
  afterAll(() => test.drop());

  it("records the database's time and the worker that ran it", async () => {
    const before = Date.now();
    const outcome = await runJob(heartbeatJob, {
      database: test.database,
      engine: createTestEngine(test.database),
      logger: captureLogs().logger,
      workerId: "heartbeat-worker",
      signal: new AbortController().signal,
    });
    const rows = await test.database.db
      .select()
      .from(jobRuns)
      .where(eq(jobRuns.jobName, "heartbeat"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "succeeded", workerId: "heartbeat-worker" });
    expect(outcome).toEqual({ status: "succeeded", runId: rows[0]?.id, result: rows[0]?.result });
    const result = rows[0]?.result as { databaseTime: string; workerId: string };
    expect(result.workerId).toBe("heartbeat-worker");
    expect(result.databaseTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // The database and this process share a clock here, so the time must be now, give or take.
    expect(Math.abs(Date.parse(result.databaseTime) - before)).toBeLessThan(10_000);
  });
});
