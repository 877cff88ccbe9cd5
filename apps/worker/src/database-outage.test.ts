// The worker while its PostgreSQL server goes away and comes back: a run that cannot reach the database fails
// (and says so) instead of killing the process, and the next run works by itself. The outage is a TCP proxy the
// test cuts. Only on a server: PGlite runs inside the process.
import type { Database } from "@playbook/db";
import {
  openProxiedTestDatabase,
  testDatabaseKinds,
  type ProxiedTestDatabase,
  type TcpProxy,
} from "@playbook/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureLogs, createTestEngine } from "@playbook/core/testing";
import type { JobDefinition } from "./job";
import { runJob } from "./run-job";

describe.runIf(testDatabaseKinds.includes("postgres"))(
  "the worker during a database outage",
  () => {
    let outage: ProxiedTestDatabase;
    let proxy: TcpProxy;
    let database: Database;
    const logs = captureLogs();

    beforeAll(async () => {
      outage = await openProxiedTestDatabase((err) => logs.logger.warn({ err }, "connection lost"));
      ({ proxy, database } = outage);
    });
    afterAll(() => outage.drop());

    it("fails the run that loses the server while holding its lock, then runs again once it is back", async () => {
      let cutNow = () => undefined as void;
      const cutDone = new Promise<void>((resolve) => (cutNow = resolve));
      let started = () => undefined as void;
      const running = new Promise<void>((resolve) => (started = resolve));
      const job: JobDefinition = {
        name: "outage-probe",
        schedule: "* * * * *",
        description: "test job",
        async run() {
          started();
          await cutDone;
          return { done: true };
        },
      };
      const context = {
        database,
        engine: createTestEngine(database),
        logger: logs.logger,
        workerId: "test-worker",
        signal: new AbortController().signal,
      };
      const first = runJob(job, context);
      await running;
      // The job's lock connection and the pool's idle ones all break while the job is working.
      proxy.cut();
      cutNow();
      // Its outcome cannot be recorded while the server is away; the run is reported, the process lives on.
      expect(await first).toMatchObject({ status: "succeeded" });
      expect(await runJob(job, context)).toMatchObject({ status: "failed", runId: null });

      proxy.restore();
      expect(await runJob(job, context)).toMatchObject({ status: "succeeded" });
    });
  },
);
