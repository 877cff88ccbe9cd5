// An operator answered a customer by hand (in OpenPhone): Playbook's proposals for that customer's earlier
// messages are withdrawn at once, so nobody can accept one and send the customer a second answer. They are still
// judged against the operator's reply when it settles (judgeOperatorAnswer).
import { and, desc, eq, gte, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Tx } from "@playbook/db";
import { approvalQueue, decisions, messages } from "@playbook/db/schema";

export const WITHDRAWN_REASON = "withdrawn: an operator answered the customer by hand";

/** Withdraws the pending suggestions and queue items for the customer's messages sent up to `answeredAt`. */
export async function withdrawAnsweredProposals(
  tx: Tx,
  input: { customerId: string; answeredAt: Date; now: Date },
): Promise<{ withdrawn: string[] }> {
  const withdrawn = await tx
    .update(decisions)
    .set({ outcome: "answered", outcomeAt: input.now })
    .where(
      and(
        eq(decisions.outcome, "pending"),
        isNull(decisions.review),
        inArray(decisions.mode, ["suggest", "queue"]),
        inArray(
          decisions.messageId,
          tx
            .select({ id: messages.id })
            .from(messages)
            .where(
              and(
                eq(messages.customerId, input.customerId),
                eq(messages.direction, "inbound"),
                lte(messages.sentAt, input.answeredAt),
              ),
            ),
        ),
      ),
    )
    .returning({ id: decisions.id });
  const ids = withdrawn.map((d) => d.id);
  if (ids.length > 0) {
    await tx
      .update(approvalQueue)
      .set({ status: "answered", resolvedAt: input.now, reason: WITHDRAWN_REASON })
      .where(and(inArray(approvalQueue.decisionId, ids), eq(approvalQueue.status, "pending")));
  }
  return { withdrawn: ids };
}

/** The newest message an operator wrote by hand to this customer at or after `since`, if any. */
async function findHandAnswerSince(tx: Tx, customerId: string, since: Date) {
  const [answer] = await tx
    .select({ id: messages.id, sentAt: messages.sentAt })
    .from(messages)
    .where(
      and(
        eq(messages.customerId, customerId),
        eq(messages.direction, "outbound"),
        eq(messages.sentByPlaybook, false),
        // A reply written in the dashboard whose send failed never reached the customer.
        sql`coalesce(${messages.providerStatus}, '') <> 'failed'`,
        gte(messages.sentAt, since),
      ),
    )
    .orderBy(desc(messages.sentAt))
    .limit(1);
  return answer ?? null;
}

/** Why a proposal cannot be accepted any more: the customer already has an operator's answer. */
export function answeredByHandRefusal(mode: string, answeredAt: Date | null): string {
  const what = mode === "queue" ? "queue item" : "suggestion";
  const when = answeredAt ? ` at ${answeredAt.toISOString().replace(/\.\d{3}Z$/, "Z")}` : "";
  return `An operator already answered this customer by hand${when}; this ${what} was withdrawn so the customer does not get two answers`;
}

/**
 * Whether the customer of a pending proposal already has an operator's hand-written answer to it (stored, even if
 * not yet settled). If so the proposal is withdrawn here and the reason returned: the caller refuses with it.
 */
export async function refuseIfAnsweredByHand(
  tx: Tx,
  decision: { mode: string; messageId: string },
  now: Date,
): Promise<string | null> {
  const [asked] = await tx
    .select({ customerId: messages.customerId, sentAt: messages.sentAt })
    .from(messages)
    .where(eq(messages.id, decision.messageId));
  if (!asked) return null;
  const answer = await findHandAnswerSince(tx, asked.customerId, asked.sentAt);
  if (!answer) return null;
  await withdrawAnsweredProposals(tx, {
    customerId: asked.customerId,
    answeredAt: answer.sentAt,
    now,
  });
  return answeredByHandRefusal(decision.mode, answer.sentAt);
}
