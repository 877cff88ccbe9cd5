// Schedules the registered jobs with node-cron in a running process, and stops them cleanly.
import { hostname } from "node:os";
import {
  AppError,
  createReplyEngine,
  loadEnv,
  notFound,
  type Logger,
  type ReplyEngine,
} from "@playbook/core";
import type { Database } from "@playbook/db";
import { createTask, type Logger as CronLogger, type ScheduledTask } from "node-cron";
import type { JobDefinition } from "./job";
import { jobs as registeredJobs, validateJobs } from "./registry";
import { runJob, type RunOutcome } from "./run-job";

export interface StartWorkerOptions {
  /** Opened and closed by the caller; the worker only uses it. */
  database: Database;
  logger: Logger;
  /** Shared with an API in the same process; made from the environment when not given. */
  engine?: ReplyEngine | undefined;
  /** Defaults to `<hostname>:<pid>`. */
  workerId?: string | undefined;
  /** Defaults to the registry. */
  jobs?: readonly JobDefinition[] | undefined;
  /** How long `stop()` waits for running jobs before giving up on them. */
  stopTimeoutMs?: number | undefined;
}

export interface WorkerHandle {
  readonly workerId: string;
  /**
   * Stops scheduling, aborts the signal of running jobs and waits for them (bounded by `stopTimeoutMs`).
   * Calling it again returns the same promise.
   */
  stop(): Promise<void>;
  /**
   * Runs a job by name at once. Resolves `skipped` when that job is already running, here or on another
   * worker; rejects with NOT_FOUND for an unknown name and UNAVAILABLE once the worker is stopping.
   */
  runNow(name: string): Promise<RunOutcome>;
}

type Trigger = "start" | "schedule" | "request";

/**
 * Job runs at once in one process, at most: each may hold two connections (its lock and its work), and a third of the
 * pool is left to an API in the same process. A small pool allows fewer.
 */
export const MAX_CONCURRENT_RUNS = 4;
export const concurrentRunsFor = (connections: number) =>
  Math.max(1, Math.min(MAX_CONCURRENT_RUNS, Math.floor(connections / 3)));

/** Starts scheduling at once. Opens nothing and installs no signal handlers: the host process owns those. */
export function startWorker(options: StartWorkerOptions): WorkerHandle {
  const { database } = options;
  const jobList = options.jobs ?? registeredJobs;
  validateJobs(jobList);
  const workerId = options.workerId ?? `${hostname()}:${process.pid}`;
  const logger = options.logger.child({ workerId });
  const engine =
    options.engine ?? createReplyEngine({ database, env: loadEnv(), logger: options.logger });
  const stopTimeoutMs = options.stopTimeoutMs ?? 30_000;
  const controller = new AbortController();
  // One run per job at a time in this process, whatever started it. node-cron's `noOverlap` would only
  // see scheduled runs, not those started at start-up or by runNow.
  const inFlight = new Map<string, Promise<RunOutcome>>();
  let stopping: Promise<void> | undefined;
  // A run holds a connection for its lock and takes another for its work: with every job starting at once (at
  // start-up, or on a minute's boundary) an unbounded number of runs would share out the pool's connections as
  // locks and wait on each other for the rest. Runs beyond the limit wait their turn, in order.
  const limit = concurrentRunsFor(database.connections);
  let running = 0;
  const waiting: (() => void)[] = [];
  const acquire = (): Promise<void> => {
    if (running < limit) {
      running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };

  const start = (job: JobDefinition, trigger: Trigger): Promise<RunOutcome> => {
    const run = acquire()
      .then(() =>
        runJob(job, {
          database,
          engine,
          logger: logger.child({ trigger }),
          workerId,
          signal: controller.signal,
        }).finally(release),
      )
      .finally(() => inFlight.delete(job.name));
    inFlight.set(job.name, run);
    return run;
  };

  const cronLogger = toCronLogger(logger);
  const tasks: ScheduledTask[] = jobList.map((job) =>
    createTask(
      job.schedule,
      async () => {
        if (inFlight.has(job.name)) {
          logger.warn(
            { job: job.name },
            "job still running from before; this scheduled run is skipped",
          );
          return;
        }
        await start(job, "schedule");
      },
      { name: `job:${job.name}`, timezone: "UTC", logger: cronLogger },
    ),
  );
  for (const task of tasks) void task.start();
  for (const job of jobList) if (job.runOnStart) void start(job, "start");
  logger.info({ jobs: jobList.map((job) => job.name) }, "worker started");

  const shutDown = async (): Promise<void> => {
    await Promise.all(tasks.map(async (task) => task.destroy()));
    controller.abort();
    const running = [...inFlight.values()];
    if (running.length === 0) return;
    logger.info({ jobs: [...inFlight.keys()] }, "waiting for running jobs to finish");
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<true>((resolve) => {
      timer = setTimeout(() => resolve(true), stopTimeoutMs);
    });
    const finished = Promise.allSettled(running).then(() => false as const);
    if (await Promise.race([finished, timedOut])) {
      logger.warn(
        { jobs: [...inFlight.keys()], stopTimeoutMs },
        "jobs still running after the stop timeout; no longer waiting for them",
      );
    }
    clearTimeout(timer);
  };

  return {
    workerId,
    stop() {
      stopping ??= shutDown().then(() => logger.info("worker stopped"));
      return stopping;
    },
    async runNow(name) {
      if (stopping) throw new AppError("UNAVAILABLE", "The worker is stopping");
      const job = jobList.find((candidate) => candidate.name === name);
      if (!job) throw notFound(`Job "${name}"`);
      if (inFlight.has(name)) {
        logger.info({ job: name }, "job already running; run request skipped");
        return { status: "skipped" };
      }
      return start(job, "request");
    },
  };
}

// node-cron reports missed ticks and its own errors through this; keep them in the structured logs.
function toCronLogger(logger: Logger): CronLogger {
  const cron = logger.child({ component: "node-cron" });
  return {
    info: (message) => cron.info(message),
    warn: (message) => cron.warn(message),
    error: (message, err) => cron.error({ err: err ?? message }, String(message)),
    debug: (message, err) => cron.debug({ err: err ?? message }, String(message)),
  };
}
