import { createDb, type Database } from "@playbook/db";
import { jobRuns } from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobDefinition } from "./job";
import { runJob } from "./run-job";
import { captureLogs, createTestEngine } from "@playbook/core/testing";

const job = (name: string, run: JobDefinition["run"]): JobDefinition => ({
  name,
  schedule: "* * * * *",
  description: "test job",
  run,
});

describe.each(testDatabaseKinds)("runJob on %s", (kind) => {
  let test: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    test = await openTestDatabase(kind);
    database = test.database;
  });
  afterAll(() => test.drop());

  const context = (logger = captureLogs().logger, signal = new AbortController().signal) => ({
    database,
    engine: createTestEngine(database),
    logger,
    workerId: "test-worker",
    signal,
  });
  const runsOf = (name: string) =>
    database.db.select().from(jobRuns).where(eq(jobRuns.jobName, name));

  it("records a successful run as one succeeded row with its result", async () => {
    let rowWhileRunning: unknown;
    const outcome = await runJob(
      job("succeeds", async () => {
        rowWhileRunning = (await runsOf("succeeds"))[0]?.status;
        return { counted: 3, when: new Date("2030-01-02T03:04:05Z") };
      }),
      context(),
    );
    const rows = await runsOf("succeeds");
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(rowWhileRunning).toBe("running");
    expect(outcome).toEqual({
      status: "succeeded",
      runId: row?.id,
      result: { counted: 3, when: "2030-01-02T03:04:05.000Z" },
    });
    expect(row).toMatchObject({
      workerId: "test-worker",
      status: "succeeded",
      result: { counted: 3, when: "2030-01-02T03:04:05.000Z" },
      error: null,
    });
    expect(row?.finishedAt).toBeInstanceOf(Date);
    expect(row!.finishedAt!.getTime()).toBeGreaterThanOrEqual(row!.startedAt.getTime());
  });

  it("records a job that returns nothing with a null result", async () => {
    const outcome = await runJob(
      job("returns-nothing", () => Promise.resolve()),
      context(),
    );
    expect(outcome).toMatchObject({ status: "succeeded", result: null });
    expect((await runsOf("returns-nothing"))[0]).toMatchObject({
      status: "succeeded",
      result: null,
    });
  });

  it("records a failing job as failed with its error, logs the stack, and resolves", async () => {
    const logs = captureLogs();
    const outcome = await runJob(
      job("fails", () => Promise.reject(new Error("the sky fell"))),
      context(logs.logger),
    );
    const rows = await runsOf("fails");
    expect(rows).toHaveLength(1);
    expect(outcome).toEqual({ status: "failed", runId: rows[0]?.id, error: "the sky fell" });
    expect(rows[0]).toMatchObject({ status: "failed", error: "the sky fell", result: null });
    expect(rows[0]?.finishedAt).toBeInstanceOf(Date);
    const [logged] = logs.find("job run failed", 50);
    expect(logged).toMatchObject({ job: "fails", runId: rows[0]?.id });
    expect(JSON.stringify(logged?.err)).toContain("the sky fell");
    expect((logged?.err as { stack?: string }).stack).toContain("run-job.test.ts");
  });

  it("records a result that cannot be stored as JSON as a failure, not a run left running", async () => {
    const outcome = await runJob(
      job("bigint-result", () => Promise.resolve({ n: 1n })),
      context(),
    );
    expect(outcome.status).toBe("failed");
    expect(outcome.status === "failed" && outcome.error).toMatch(/BigInt/);
    expect((await runsOf("bigint-result"))[0]).toMatchObject({ status: "failed" });
  });

  it("runs one of two concurrent calls for the same job; the other is skipped and writes nothing", async () => {
    let runs = 0;
    let release!: () => void;
    const blocker = new Promise<void>((resolve) => (release = resolve));
    const slow = job("exclusive", async () => {
      runs += 1;
      await blocker;
      return { runs };
    });
    const first = runJob(slow, context());
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await runJob(slow, context());
    expect(second).toEqual({ status: "skipped" });
    release();
    expect(await first).toMatchObject({ status: "succeeded" });
    expect(runs).toBe(1);
    expect(await runsOf("exclusive")).toHaveLength(1);
  });

  it("does not start a run once the signal is aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    let ran = false;
    const outcome = await runJob(
      job("after-abort", () => {
        ran = true;
        return Promise.resolve();
      }),
      context(undefined, controller.signal),
    );
    expect(outcome).toEqual({ status: "skipped" });
    expect(ran).toBe(false);
    expect(await runsOf("after-abort")).toHaveLength(0);
  });

  it("logs at error level, and still resolves, when the outcome cannot be written", async () => {
    const logs = captureLogs();
    // A NOT VALID check leaves the running row alone but rejects the update that finishes it.
    const outcome = await runJob(
      job("unrecordable", async ({ database: db }) => {
        await db.db.execute(
          sql`alter table job_runs add constraint block_finish check (status = 'running') not valid`,
        );
        return { done: true };
      }),
      context(logs.logger),
    );
    try {
      expect(outcome).toMatchObject({ status: "succeeded", result: { done: true } });
      expect(logs.find("could not record the job run's outcome", 50)).toHaveLength(1);
      expect((await runsOf("unrecordable"))[0]?.status).toBe("running");
    } finally {
      await database.db.execute(sql`alter table job_runs drop constraint block_finish`);
    }
  });

  if (kind === "postgres") {
    it("excludes a run on another worker's connection pool", async () => {
      const other = await createDb({ databaseUrl: test.url, poolSize: 2 });
      try {
        let release!: () => void;
        const blocker = new Promise<void>((resolve) => (release = resolve));
        const slow = job("cluster-exclusive", () => blocker);
        const first = runJob(slow, context());
        await new Promise((resolve) => setTimeout(resolve, 100));
        const second = await runJob(slow, {
          ...context(),
          database: other,
          engine: createTestEngine(other),
          workerId: "other-worker",
        });
        expect(second).toEqual({ status: "skipped" });
        release();
        expect(await first).toMatchObject({ status: "succeeded" });
        const rows = await runsOf("cluster-exclusive");
        expect(rows.map((row) => row.workerId)).toEqual(["test-worker"]);
      } finally {
        await other.close();
      }
    });
  }
});

describe("runJob on a database without the job_runs table", () => {
  it("resolves failed with no run id and logs the error, rather than throwing", async () => {
    const database = await createDb({ dataDir: "memory://" });
    try {
      const logs = captureLogs();
      let ran = false;
      const outcome = await runJob(
        job("no-table", () => {
          ran = true;
          return Promise.resolve();
        }),
        {
          database,
          engine: createTestEngine(database),
          logger: logs.logger,
          workerId: "w",
          signal: new AbortController().signal,
        },
      );
      expect(outcome).toMatchObject({ status: "failed", runId: null });
      expect(ran).toBe(false);
      expect(logs.find("could not be started or recorded", 50)).toHaveLength(1);
    } finally {
      await database.close();
    }
  });
});
