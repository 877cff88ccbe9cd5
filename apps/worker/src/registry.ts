// Every job the worker runs. A new job is one file in ./jobs plus one line in this list.
import { validate } from "node-cron";
import type { JobDefinition } from "./job";
import { confidenceDecayJob } from "./jobs/confidence-decay";
import { evaluateExperimentsJob } from "./jobs/evaluate-experiments";
import { expireApprovalQueueJob } from "./jobs/expire-approval-queue";
import { failInterruptedReplaysJob } from "./jobs/fail-interrupted-replays";
import { failInterruptedSendsJob } from "./jobs/fail-interrupted-sends";
import { growthRefreshJob } from "./jobs/growth-refresh";
import { heartbeatJob } from "./jobs/heartbeat";
import { learnSettledRepliesJob } from "./jobs/learn-settled-replies";
import { resumeImportsJob } from "./jobs/resume-imports";
import { satisfactionTextsJob } from "./jobs/satisfaction-texts";
import { sendAlertsJob } from "./jobs/send-alerts";
import { smartSuggestionsJob } from "./jobs/smart-suggestions";
import { maintenanceJob } from "./jobs/maintenance";
import { processWebhookBacklogJob } from "./jobs/process-webhook-backlog";

export const jobs: JobDefinition[] = [
  heartbeatJob,
  maintenanceJob,
  processWebhookBacklogJob,
  learnSettledRepliesJob,
  resumeImportsJob,
  expireApprovalQueueJob,
  failInterruptedSendsJob,
  failInterruptedReplaysJob,
  confidenceDecayJob,
  growthRefreshJob,
  sendAlertsJob,
  smartSuggestionsJob,
  evaluateExperimentsJob,
  satisfactionTextsJob,
];

const JOB_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Throws on a name that is not unique kebab-case or a schedule node-cron cannot parse. */
export function validateJobs(list: readonly JobDefinition[]): void {
  const seen = new Set<string>();
  for (const job of list) {
    if (!JOB_NAME.test(job.name)) {
      throw new Error(`Job name "${job.name}" is not kebab-case`);
    }
    if (seen.has(job.name)) throw new Error(`Job name "${job.name}" is used twice`);
    seen.add(job.name);
    if (!validate(job.schedule)) {
      throw new Error(`Job "${job.name}" has an invalid cron expression: "${job.schedule}"`);
    }
  }
}

// A mistake in the list stops the worker at start-up rather than at the first tick.
validateJobs(jobs);
