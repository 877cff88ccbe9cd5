// One row per run of a scheduled worker job.
import { sql } from "drizzle-orm";
import { check, index, jsonb, pgEnum, pgTable, text } from "drizzle-orm/pg-core";
import { id, timestamptz } from "./columns";

export const jobRunStatuses = ["running", "succeeded", "failed"] as const;
export const jobRunStatus = pgEnum("job_run_status", jobRunStatuses);

export const jobRuns = pgTable(
  "job_runs",
  {
    id: id(),
    jobName: text().notNull(),
    workerId: text().notNull(),
    status: jobRunStatus().notNull().default("running"),
    startedAt: timestamptz().notNull().defaultNow(),
    finishedAt: timestamptz(),
    result: jsonb().$type<Record<string, unknown>>(),
    error: text(),
  },
  (t) => [
    index("job_runs_job_started_idx").on(t.jobName, t.startedAt.desc()),
    check(
      "job_runs_finished_when_done",
      sql`(${t.status} = 'running') = (${t.finishedAt} is null)`,
    ),
    check("job_runs_error_only_on_failure", sql`${t.error} is null or ${t.status} = 'failed'`),
  ],
);
