import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { AppError } from "@playbook/core";
import type { Database } from "@playbook/db";
import { jobRuns } from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { eq } from "drizzle-orm";
import { getTasks } from "node-cron";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { JobDefinition } from "./job";
import {
  MAX_CONCURRENT_RUNS,
  concurrentRunsFor,
  startWorker,
  type StartWorkerOptions,
  type WorkerHandle,
} from "./scheduler";
import { captureLogs } from "@playbook/core/testing";

const EVERY_SECOND = "* * * * * *";
// A schedule that will not fire during a test run.
const YEARLY = "0 0 1 1 *";

const job = (
  name: string,
  run: JobDefinition["run"],
  options: Partial<JobDefinition> = {},
): JobDefinition => ({ name, schedule: YEARLY, description: "test job", run, ...options });

describe.each(testDatabaseKinds)("worker scheduler on %s", (kind) => {
  let test: TestDatabase;
  let database: Database;
  let worker: WorkerHandle | undefined;
  beforeAll(async () => {
    test = await openTestDatabase(kind);
    database = test.database;
  });
  afterEach(() => worker?.stop());
  afterAll(() => test.drop());

  const start = (
    options: Omit<StartWorkerOptions, "database" | "logger">,
    logs = captureLogs(),
  ) => {
    worker = startWorker({ database, logger: logs.logger, workerId: "scheduler-test", ...options });
    return worker;
  };
  const runsOf = (name: string) =>
    database.db.select().from(jobRuns).where(eq(jobRuns.jobName, name));

  it("runs runOnStart jobs at start, and runNow runs a job by name", async () => {
    const handle = start({
      jobs: [
        job("at-start", () => Promise.resolve({ at: "start" }), { runOnStart: true }),
        job("on-request", () => Promise.resolve({ at: "request" })),
      ],
    });
    await vi.waitFor(async () => {
      expect(await runsOf("at-start")).toMatchObject([
        { status: "succeeded", result: { at: "start" } },
      ]);
    });
    expect(await runsOf("on-request")).toHaveLength(0);
    const outcome = await handle.runNow("on-request");
    expect(outcome).toMatchObject({ status: "succeeded", result: { at: "request" } });
    expect(await runsOf("on-request")).toMatchObject([
      { status: "succeeded", workerId: "scheduler-test" },
    ]);
    await expect(handle.runNow("no-such-job")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("runs at most a third of the pool's connections in jobs at once, the rest in turn", async () => {
    let running = 0;
    let peak = 0;
    const slow = () => async () => {
      running += 1;
      peak = Math.max(peak, running);
      await sleep(150);
      running -= 1;
    };
    const names = Array.from({ length: MAX_CONCURRENT_RUNS * 3 }, (_, i) => `starter-${i}`);
    start({ jobs: names.map((name) => job(name, slow(), { runOnStart: true })) });
    await vi.waitFor(
      async () => {
        for (const name of names)
          expect(await runsOf(name)).toMatchObject([{ status: "succeeded" }]);
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(peak).toBe(concurrentRunsFor(database.connections));
  });

  it("fires jobs on their cron schedule, and starts none once stopped", async () => {
    const handle = start({
      jobs: [job("every-second", () => Promise.resolve(), { schedule: EVERY_SECOND })],
    });
    await vi.waitFor(
      async () => expect((await runsOf("every-second")).length).toBeGreaterThanOrEqual(2),
      { timeout: 5_000, interval: 100 },
    );
    await handle.stop();
    // Left scheduled, the tasks' timers would keep a host process (the API) from ever exiting.
    const leftScheduled = [...getTasks().values()].filter(
      (task) => task.name === "job:every-second",
    );
    expect(leftScheduled).toHaveLength(0);
    const afterStop = await runsOf("every-second");
    expect(afterStop.every((row) => row.status === "succeeded")).toBe(true);
    await sleep(2_200);
    expect(await runsOf("every-second")).toHaveLength(afterStop.length);
    const refused = handle.runNow("every-second");
    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toMatchObject({ code: "UNAVAILABLE" });
  });

  it("never runs one job twice at once in a process, whatever starts it", async () => {
    let running = 0;
    let mostAtOnce = 0;
    let started = 0;
    const logs = captureLogs();
    const handle = start(
      {
        jobs: [
          job(
            "slow",
            async () => {
              started += 1;
              running += 1;
              mostAtOnce = Math.max(mostAtOnce, running);
              await sleep(1_300);
              running -= 1;
            },
            { schedule: EVERY_SECOND, runOnStart: true },
          ),
        ],
      },
      logs,
    );
    await vi.waitFor(() => expect(started).toBe(1));
    expect(await handle.runNow("slow")).toEqual({ status: "skipped" });
    await vi.waitFor(
      () => expect(logs.find("this scheduled run is skipped", 40).length).toBeGreaterThan(0),
      {
        timeout: 5_000,
      },
    );
    await handle.stop();
    expect(mostAtOnce).toBe(1);
    const rows = await runsOf("slow");
    expect(rows).toHaveLength(started);
    expect(rows.every((row) => row.status === "succeeded")).toBe(true);
  });

  it("stop() aborts the running job's signal and waits for it to finish; calling it twice is safe", async () => {
    let jobStarted = false;
    const handle = start({
      jobs: [
        job(
          "cleans-up",
          async ({ signal }) => {
            jobStarted = true;
            await new Promise((resolve) =>
              signal.addEventListener("abort", resolve, { once: true }),
            );
            await sleep(300);
            return { aborted: signal.aborted };
          },
          { runOnStart: true },
        ),
      ],
    });
    await vi.waitFor(() => expect(jobStarted).toBe(true));
    // The run's row is inserted before the job starts.
    expect(await runsOf("cleans-up")).toMatchObject([{ status: "running" }]);
    const first = handle.stop();
    const second = handle.stop();
    expect(second).toBe(first);
    await first;
    expect(await runsOf("cleans-up")).toMatchObject([
      { status: "succeeded", result: { aborted: true } },
    ]);
  });

  it("stop() stops waiting after its timeout for a job that ignores the signal, and says so", async () => {
    let release!: () => void;
    const blocker = new Promise<void>((resolve) => (release = resolve));
    let jobStarted = false;
    const logs = captureLogs();
    const handle = start(
      {
        stopTimeoutMs: 200,
        jobs: [
          job(
            "stubborn",
            async () => {
              jobStarted = true;
              await blocker;
            },
            { runOnStart: true },
          ),
        ],
      },
      logs,
    );
    await vi.waitFor(() => expect(jobStarted).toBe(true));
    const startedAt = Date.now();
    await handle.stop();
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    expect(logs.find("still running after the stop timeout", 40)).toMatchObject([
      { jobs: ["stubborn"], stopTimeoutMs: 200 },
    ]);
    expect(await runsOf("stubborn")).toMatchObject([{ status: "running" }]);
    // Let the job end so that its lock and connection are released before the database is dropped.
    release();
    await vi.waitFor(async () =>
      expect(await runsOf("stubborn")).toMatchObject([{ status: "succeeded" }]),
    );
  });
});

describe("startWorker options", () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase("pglite");
  });
  afterAll(() => test.drop());

  it("names the worker <hostname>:<pid> by default", async () => {
    const handle = startWorker({ database: test.database, logger: captureLogs().logger, jobs: [] });
    expect(handle.workerId).toBe(`${hostname()}:${process.pid}`);
    await handle.stop();
  });

  it("refuses a job list with a duplicate name or a bad schedule before scheduling anything", () => {
    const options = { database: test.database, logger: captureLogs().logger };
    const ok = job("dup", () => Promise.resolve());
    expect(() => startWorker({ ...options, jobs: [ok, ok] })).toThrow("used twice");
    const bad = job("bad", () => Promise.resolve(), { schedule: "nope" });
    expect(() => startWorker({ ...options, jobs: [bad] })).toThrow("invalid cron expression");
  });
});
