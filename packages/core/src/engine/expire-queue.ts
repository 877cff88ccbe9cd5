// Queue items nobody reviewed in time expire, and so do their decisions: nothing stale is sent later.
import { and, eq, inArray, lte } from "drizzle-orm";
import { approvalQueue, decisions } from "@playbook/db/schema";
import type { Db } from "@playbook/db";

export async function expireApprovalQueue(db: Db, now: Date): Promise<{ expired: number }> {
  return db.transaction(async (tx) => {
    const expired = await tx
      .update(approvalQueue)
      .set({ status: "expired", resolvedAt: now, reason: "not reviewed in time" })
      .where(and(eq(approvalQueue.status, "pending"), lte(approvalQueue.expiresAt, now)))
      .returning({ decisionId: approvalQueue.decisionId });
    if (expired.length > 0) {
      await tx
        .update(decisions)
        .set({ outcome: "expired", outcomeAt: now })
        .where(
          and(
            inArray(
              decisions.id,
              expired.map((e) => e.decisionId),
            ),
            eq(decisions.outcome, "pending"),
          ),
        );
    }
    return { expired: expired.length };
  });
}
