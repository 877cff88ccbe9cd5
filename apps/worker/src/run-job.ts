// One run of one job: under the job's advisory lock, recorded in job_runs from start to outcome.
import { jobRuns } from "@playbook/db/schema";
import { eq, sql } from "drizzle-orm";
import type { JobContext, JobDefinition } from "./job";

export type RunOutcome =
  /** Another run of the job held its lock (in this process or another worker), or the worker is stopping. */
  | { status: "skipped" }
  | { status: "succeeded"; runId: string; result: Record<string, unknown> | null }
  /** `runId` is null when the database failed before the run could be recorded. */
  | { status: "failed"; runId: string | null; error: string };

/** Never rejects: a failing job, or a failing database, becomes a `failed` outcome and an error log. */
export async function runJob(job: JobDefinition, context: JobContext): Promise<RunOutcome> {
  const logger = context.logger.child({ job: job.name });
  if (context.signal.aborted) {
    logger.debug("worker is stopping; run not started");
    return { status: "skipped" };
  }
  try {
    const locked = await context.database.withAdvisoryLock(`job:${job.name}`, () =>
      runLocked(job, { ...context, logger }),
    );
    if (!locked.acquired) {
      logger.debug("job is already running; run skipped");
      return { status: "skipped" };
    }
    return locked.value;
  } catch (error) {
    logger.error({ err: error }, "job run could not be started or recorded");
    return { status: "failed", runId: null, error: messageOf(error) };
  }
}

async function runLocked(job: JobDefinition, context: JobContext): Promise<RunOutcome> {
  const { database } = context;
  const [row] = await database.db
    .insert(jobRuns)
    .values({ jobName: job.name, workerId: context.workerId })
    .returning({ id: jobRuns.id });
  if (!row) throw new Error("inserting the job run returned no row");
  const runId = row.id;
  const logger = context.logger.child({ runId });
  logger.debug("job run started");
  const startedAt = performance.now();

  let outcome: RunOutcome;
  let failure: unknown;
  try {
    const returned = await job.run({ ...context, logger });
    // Round-trip through JSON so the outcome holds exactly what is stored, and so a result jsonb cannot
    // hold (a BigInt, a cycle) fails the job instead of leaving its row 'running'.
    const result = returned
      ? (JSON.parse(JSON.stringify(returned)) as Record<string, unknown>)
      : null;
    outcome = { status: "succeeded", runId, result };
  } catch (error) {
    failure = error;
    outcome = { status: "failed", runId, error: messageOf(error) };
  }
  const durationMs = Math.round(performance.now() - startedAt);
  if (outcome.status === "succeeded") logger.info({ durationMs }, "job run succeeded");
  else logger.error({ err: failure, durationMs }, "job run failed");

  try {
    await database.db
      .update(jobRuns)
      .set(
        outcome.status === "succeeded"
          ? { status: "succeeded", result: outcome.result, finishedAt: sql`now()` }
          : { status: "failed", error: outcome.error, finishedAt: sql`now()` },
      )
      .where(eq(jobRuns.id, runId));
  } catch (error) {
    logger.error(
      { err: error, outcome: outcome.status },
      "could not record the job run's outcome; its row stays 'running'",
    );
  }
  return outcome;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
