// Learns operator replies once they have settled (no further operator message within replySettleSeconds).
import { learnPendingExchanges } from "@playbook/core";
import type { JobDefinition } from "../job";

export const learnSettledRepliesJob: JobDefinition = {
  name: "learn-settled-replies",
  schedule: "*/30 * * * * *",
  description: "Learns patterns from operator replies that have settled.",
  runOnStart: true,
  async run({ engine }) {
    return learnPendingExchanges(engine, { limit: 500 });
  },
};
