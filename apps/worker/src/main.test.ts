// The standalone worker as a real process: started, left to run its heartbeat, stopped with SIGTERM.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Database } from "@playbook/db";
import { jobRuns } from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { spawnProcess } from "../../../build/spawn-process";

const workerDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

const spawnWorker = (env: Record<string, string | undefined>) =>
  spawnProcess(["--import", "tsx", "src/main.ts"], {
    cwd: workerDir,
    env: { ...env, LOG_LEVEL: "info" },
  });

describe("worker process", () => {
  it("exits 1 without DATABASE_URL, saying why and pointing to npm start", async () => {
    const worker = spawnWorker({ ...process.env, DATABASE_URL: undefined });
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toContain("DATABASE_URL is not set");
    expect(worker.output()).toContain("PostgreSQL server");
    expect(worker.output()).toContain("npm start");
  });
});

// Only a server can be shared with another process; PGlite never is (see main.ts).
if (testDatabaseKinds.includes("postgres")) {
  describe("worker process on postgres", () => {
    let test: TestDatabase;
    let database: Database;
    beforeAll(async () => {
      test = await openTestDatabase("postgres");
      database = test.database;
    });
    afterAll(() => test.drop());

    it("records a heartbeat, then stops on SIGTERM with exit code 0 and no run left running", async () => {
      const worker = spawnWorker({
        ...process.env,
        DATABASE_URL: test.url,
        PLAYBOOK_WORKER_ID: "process-test",
      });
      try {
        await vi.waitFor(
          async () => {
            const rows = await database.db
              .select()
              .from(jobRuns)
              .where(and(eq(jobRuns.jobName, "heartbeat"), eq(jobRuns.status, "succeeded")));
            expect(rows).toMatchObject([{ workerId: "process-test" }]);
          },
          { timeout: 20_000, interval: 200 },
        );
        expect(await worker.stop()).toBe(0);
        expect(worker.output()).toContain(`"msg":"stopped"`);
        const running = await database.db
          .select()
          .from(jobRuns)
          .where(eq(jobRuns.status, "running"));
        expect(running).toHaveLength(0);
      } finally {
        worker.child.kill("SIGKILL");
      }
    });
  });
}
