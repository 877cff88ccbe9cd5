export type { JobContext, JobDefinition } from "./job";
export { jobs } from "./registry";
export { runJob, type RunOutcome } from "./run-job";
export { startWorker, type StartWorkerOptions, type WorkerHandle } from "./scheduler";
