// Housekeeping: expired sessions, old login attempts, week-old alerts, runs left 'running' by a worker that died,
// and the embedded database's planner statistics (it has no autovacuum).
import { deleteExpiredSessions, pruneAlerts, pruneLoginAttempts } from "@playbook/core";
import { analyzeStaleTables } from "@playbook/db";
import { jobRuns } from "@playbook/db/schema";
import { and, eq, lt, ne, sql } from "drizzle-orm";
import type { JobDefinition } from "../job";

const LOGIN_ATTEMPTS_KEPT_MS = 24 * 3_600_000;
// Frequent jobs (the webhook sweep runs every 15 s) would otherwise grow job_runs without bound.
const JOB_RUNS_KEPT_MS = 14 * 24 * 3_600_000;

export const maintenanceJob: JobDefinition = {
  name: "maintenance",
  schedule: "7 * * * *",
  description:
    "Deletes expired sessions, day-old login attempts and week-old alerts; marks runs of dead workers as failed; " +
    "on the embedded database, gathers statistics on tables that grew or shrank by a tenth.",
  runOnStart: true,
  async run({ database }) {
    const expiredSessions = await deleteExpiredSessions(database.db);
    const loginAttempts = await pruneLoginAttempts(
      database.db,
      new Date(Date.now() - LOGIN_ATTEMPTS_KEPT_MS),
    );
    const oldAlerts = await pruneAlerts(database.db, new Date());

    // A run is abandoned when its row says 'running' but nobody holds its job's lock: every live run holds it.
    const names = await database.db
      .selectDistinct({ jobName: jobRuns.jobName })
      .from(jobRuns)
      .where(and(eq(jobRuns.status, "running"), ne(jobRuns.jobName, maintenanceJob.name)));
    let abandonedRuns = 0;
    for (const { jobName } of names) {
      const marked = await database.withAdvisoryLock(`job:${jobName}`, async () => {
        const rows = await database.db
          .update(jobRuns)
          .set({
            status: "failed",
            error: "The worker stopped before the run finished",
            finishedAt: sql`now()`,
          })
          .where(and(eq(jobRuns.jobName, jobName), eq(jobRuns.status, "running")))
          .returning({ id: jobRuns.id });
        return rows.length;
      });
      if (marked.acquired) abandonedRuns += marked.value;
    }
    const oldRuns = await database.db
      .delete(jobRuns)
      .where(
        and(
          ne(jobRuns.status, "running"),
          lt(jobRuns.startedAt, new Date(Date.now() - JOB_RUNS_KEPT_MS)),
        ),
      )
      .returning({ id: jobRuns.id });
    // Last, after the deletions above: a table they emptied by a tenth is measured as it is now.
    const analyzedTables = await analyzeStaleTables(database);
    return {
      expiredSessions,
      loginAttempts,
      oldAlerts,
      abandonedRuns,
      oldRuns: oldRuns.length,
      analyzedTables,
    };
  },
};
