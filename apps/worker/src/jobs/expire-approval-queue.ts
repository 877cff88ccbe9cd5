// Queue items nobody reviewed in time expire, so nothing stale is approved and sent later.
import { expireApprovalQueue } from "@playbook/core";
import type { JobDefinition } from "../job";

export const expireApprovalQueueJob: JobDefinition = {
  name: "expire-approval-queue",
  schedule: "* * * * *",
  description: "Expires approval-queue items past their expiry time.",
  async run({ engine }) {
    return expireApprovalQueue(engine.database.db, engine.now());
  },
};
