// Alerts people must hear about: replies waiting longer than the setting, and any escalation, failed send or
// kill switch the API processes have not already sent (they check at once; this catches up and retries Slack).
import { runAlerts } from "@playbook/core";
import type { JobDefinition } from "../job";

export const sendAlertsJob: JobDefinition = {
  name: "send-alerts",
  schedule: "* * * * *",
  description: "Records new alerts and sends them to Slack, retrying failed posts with backoff.",
  runOnStart: true,
  async run({ engine, logger }) {
    const result = await runAlerts(engine.database, engine.alerts, engine.now(), logger);
    return result ?? { skipped: "another process is sending alerts" };
  },
};
