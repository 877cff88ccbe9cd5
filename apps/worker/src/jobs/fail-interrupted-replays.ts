// Replays from the dashboard whose process stopped cannot continue (their file was a temporary one): once their
// heartbeat is older than the lease they are marked failed, so none stays "running" forever.
import { failInterruptedReplays } from "@playbook/core";
import type { JobDefinition } from "../job";

export const failInterruptedReplaysJob: JobDefinition = {
  name: "fail-interrupted-replays",
  schedule: "15 * * * * *",
  description: "Marks dashboard replays whose process stopped as failed.",
  runOnStart: true,
  async run({ database }) {
    return failInterruptedReplays(database.db);
  },
};
