// Crash recovery for webhooks: events stored but not processed (the API died, an attempt failed) are processed.
import { processPendingWebhookEvents } from "@playbook/core";
import type { JobDefinition } from "../job";

export const processWebhookBacklogJob: JobDefinition = {
  name: "process-webhook-backlog",
  schedule: "*/15 * * * * *",
  description: "Processes webhook events still pending after a crash or a failed attempt.",
  runOnStart: true,
  async run({ engine, signal }) {
    // Stops before the next run is due; whatever is left, that run continues. Events of the last few seconds are
    // being decided by the API that stored them.
    return processPendingWebhookEvents(engine, { maxDurationMs: 12_000, minAgeMs: 5_000, signal });
  },
};
