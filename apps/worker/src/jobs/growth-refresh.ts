// Recomputes growth patterns when they are due: after a growth import, or once the last refresh is older than
// growthRefreshIntervalDays (30 by default). Checking is cheap, so the job looks every ten minutes.
import { applyOutcomeConfidence, growthRefreshDue, refreshGrowthPatterns } from "@playbook/core";
import type { JobDefinition } from "../job";

export const growthRefreshJob: JobDefinition = {
  // The lock this job runs under (job:growth-refresh) is the one an admin's refresh request takes.
  name: "growth-refresh",
  schedule: "*/10 * * * *",
  description:
    "Recomputes growth transitions and patterns after an import or when the interval has passed.",
  runOnStart: true,
  async run({ database, logger }) {
    const trigger = await growthRefreshDue(database.db, new Date());
    if (!trigger) return { refreshed: false };
    const result = await refreshGrowthPatterns({ database, logger }, trigger);
    // Outcomes recorded for earlier sets carry over to the new one (outcome confidence, by pattern key).
    const outcomePatterns = await applyOutcomeConfidence(database.db, result.refreshId);
    return { refreshed: true, trigger, ...result, outcomePatterns };
  },
};
