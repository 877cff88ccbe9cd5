import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureLogs, createTestEngine } from "@playbook/core/testing";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { jobs } from "../registry";
import { runJob } from "../run-job";
import { evaluateExperimentsJob } from "./evaluate-experiments";
import { satisfactionTextsJob } from "./satisfaction-texts";

describe.each(testDatabaseKinds)("evaluate-experiments job on %s", (kind) => {
  let test: TestDatabase;
  const context = () => ({
    database: test.database,
    engine: createTestEngine(test.database),
    logger: captureLogs().logger,
    workerId: "experiments-worker",
    signal: new AbortController().signal,
  });
  beforeAll(async () => {
    test = await openTestDatabase(kind);
  });
  afterAll(() => test.drop());

  it("is registered, runs under its lock and records what it did", async () => {
    expect(jobs).toContain(evaluateExperimentsJob);
    expect(await runJob(evaluateExperimentsJob, context())).toMatchObject({
      status: "succeeded",
      result: { measured: 0, evaluated: 0, variantsStopped: 0, winners: 0, promoted: 0 },
    });
  });

  it("runs the satisfaction texts, which stay off until a business turns them on", async () => {
    expect(jobs).toContain(satisfactionTextsJob);
    expect(await runJob(satisfactionTextsJob, context())).toMatchObject({
      status: "succeeded",
      result: { sent: 0, disabled: true, recorded: 0 },
    });
  });
});
