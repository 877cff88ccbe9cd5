// Reading the worker's job run history for the dashboard.
import { desc } from "drizzle-orm";
import type { Executor } from "@playbook/db";
import { jobRuns } from "@playbook/db/schema";

export async function listRecentJobRuns(executor: Executor, limit: number) {
  return executor
    .select({
      id: jobRuns.id,
      jobName: jobRuns.jobName,
      workerId: jobRuns.workerId,
      status: jobRuns.status,
      startedAt: jobRuns.startedAt,
      finishedAt: jobRuns.finishedAt,
      error: jobRuns.error,
    })
    .from(jobRuns)
    .orderBy(desc(jobRuns.startedAt))
    .limit(limit);
}
