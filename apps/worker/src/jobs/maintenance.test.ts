import { jobRuns, loginAttempts, sessions, users } from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runJob } from "../run-job";
import { captureLogs, createTestEngine } from "@playbook/core/testing";
import { maintenanceJob } from "./maintenance";

describe.each(testDatabaseKinds)("maintenance job on %s", (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase(kind);
  });
  afterAll(() => test.drop());

  it("removes expired sessions and old login attempts, keeps live ones, fails abandoned runs", async () => {
    const { db } = test.database;
    const [user] = await db
      .insert(users)
      .values({ email: "m@example.com", name: "M", passwordHash: "x" })
      .returning();
    const hour = 3_600_000;
    await db.insert(sessions).values([
      {
        tokenHash: "expired",
        userId: user!.id,
        csrfToken: "a",
        expiresAt: new Date(Date.now() - hour),
      },
      {
        tokenHash: "live",
        userId: user!.id,
        csrfToken: "b",
        expiresAt: new Date(Date.now() + hour),
      },
    ]);
    await db.insert(loginAttempts).values([
      { email: "m@example.com", succeeded: false, attemptedAt: new Date(Date.now() - 48 * hour) },
      { email: "m@example.com", succeeded: false },
    ]);
    // A run whose worker died: 'running', and nobody holds its lock.
    await db.insert(jobRuns).values({ jobName: "heartbeat", workerId: "dead-worker" });

    // A run that is really in progress holds its lock and must be left alone.
    let release!: () => void;
    const inProgress = test.database.withAdvisoryLock("job:busy", async () => {
      await db.insert(jobRuns).values({ jobName: "busy", workerId: "live-worker" });
      await new Promise<void>((resolve) => (release = resolve));
    });
    await new Promise((resolve) => setTimeout(resolve, 50));

    const outcome = await runJob(maintenanceJob, {
      database: test.database,
      engine: createTestEngine(test.database),
      logger: captureLogs().logger,
      workerId: "w",
      signal: new AbortController().signal,
    });
    release();
    await inProgress;

    expect(outcome).toMatchObject({
      status: "succeeded",
      result: { expiredSessions: 1, loginAttempts: 1, oldAlerts: 0, abandonedRuns: 1 },
    });
    // The embedded database has no autovacuum: the job gathers the statistics of the tables just written.
    const analyzed = outcome.status === "succeeded" ? outcome.result?.analyzedTables : undefined;
    if (kind === "pglite")
      expect(analyzed).toEqual(expect.arrayContaining(["job_runs", "sessions"]));
    else expect(analyzed).toEqual([]);
    expect((await db.select().from(sessions)).map((s) => s.tokenHash)).toEqual(["live"]);
    expect(await db.select().from(loginAttempts)).toHaveLength(1);
    const [dead] = await db.select().from(jobRuns).where(eq(jobRuns.workerId, "dead-worker"));
    expect(dead).toMatchObject({
      status: "failed",
      error: "The worker stopped before the run finished",
    });
    const [busy] = await db.select().from(jobRuns).where(eq(jobRuns.workerId, "live-worker"));
    expect(busy?.status).toBe("running");
  });
});
