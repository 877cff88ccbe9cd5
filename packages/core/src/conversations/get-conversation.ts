// One conversation with its customer, every message, and the decision Playbook made for each customer message.
import { asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "@playbook/db";
import {
  approvalQueue,
  conversations,
  customers,
  decisions,
  experimentVariants,
  messages,
} from "@playbook/db/schema";
import { notFound } from "../errors";

export async function getConversation(executor: Executor, id: string) {
  const [row] = await executor
    .select({ conversation: conversations, customer: customers })
    .from(conversations)
    .innerJoin(customers, eq(customers.id, conversations.customerId))
    .where(eq(conversations.id, id));
  if (!row) throw notFound("Conversation");
  const [history, decided, queued] = await Promise.all([
    executor
      .select()
      .from(messages)
      .where(eq(messages.conversationId, id))
      .orderBy(asc(messages.sentAt), asc(messages.createdAt)),
    executor
      .select()
      .from(decisions)
      .where(eq(decisions.conversationId, id))
      .orderBy(asc(decisions.createdAt)),
    executor.select().from(approvalQueue).where(eq(approvalQueue.conversationId, id)),
  ]);
  const queueByDecision = new Map(queued.map((q) => [q.decisionId, q]));
  // The wording an experiment gave this customer, named as the experiment names it (the trace shows it).
  const variantIds = [...new Set(decided.flatMap((d) => (d.variantId ? [d.variantId] : [])))];
  const variants =
    variantIds.length === 0
      ? []
      : await executor
          .select({ id: experimentVariants.id, name: experimentVariants.name })
          .from(experimentVariants)
          .where(inArray(experimentVariants.id, variantIds));
  const variantName = new Map(variants.map((v) => [v.id, v.name]));
  return {
    ...row,
    messages: history,
    decisions: decided.map((d) => ({
      ...d,
      queueItem: queueByDecision.get(d.id) ?? null,
      variantName: d.variantId ? (variantName.get(d.variantId) ?? null) : null,
    })),
  };
}
