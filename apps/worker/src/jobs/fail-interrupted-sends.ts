// Automatic replies interrupted between decision and send are marked failed, so they are seen and retried.
import { failInterruptedSends } from "@playbook/core";
import type { JobDefinition } from "../job";

export const failInterruptedSendsJob: JobDefinition = {
  name: "fail-interrupted-sends",
  schedule: "30 * * * * *",
  description: "Marks automatic replies stuck between decision and send as failed sends.",
  async run({ engine }) {
    return failInterruptedSends(engine.database.db, engine.now());
  },
};
