// What a job is: one file in ./jobs exports a definition, and the registry lists it.
import type { Logger, ReplyEngine } from "@playbook/core";
import type { Database } from "@playbook/db";

export interface JobContext {
  database: Database;
  engine: ReplyEngine;
  /** Already bound to the job's name and run id. */
  logger: Logger;
  /** Recorded on the job's runs, to tell which worker of a cluster ran them. */
  workerId: string;
  /** Aborted when the worker stops; a long job should check it and return early. */
  signal: AbortSignal;
}

export interface JobDefinition {
  /** kebab-case, unique; names the lock (`job:<name>`) and the rows in job_runs. */
  name: string;
  /** A node-cron expression (five fields, or six with seconds first), evaluated in UTC. */
  schedule: string;
  description: string;
  /** Also run once when the worker starts, not only at the first scheduled time. */
  runOnStart?: boolean;
  /** The result is stored as JSON in job_runs.result. */
  run(ctx: JobContext): Promise<Record<string, unknown> | void>;
}
