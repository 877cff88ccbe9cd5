// The playground: what Playbook would decide for a message, with the whole trace. Reads only, writes nothing
// (the original's test endpoint wrote fake rows into real history; this one cannot).
import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { customers, patterns } from "@playbook/db/schema";
import { getSettings } from "../settings/settings";
import { planDecision } from "./plan-decision";
import type { ReplyEngine } from "./reply-engine";

export const ZDryRunRequest = z.object({
  text: z.string().trim().min(1).max(1600),
  /** A known customer's VIP flag, opt-out and recent automated replies are used unless overridden. */
  customerPhone: z.string().trim().min(1).max(40).optional(),
  customerName: z.string().trim().min(1).max(200).optional(),
  isVip: z.boolean().optional(),
  optedOut: z.boolean().optional(),
  /** Evaluate working hours at this moment instead of now. */
  at: z.iso.datetime({ offset: true }).optional(),
});
export type DryRunRequest = z.infer<typeof ZDryRunRequest>;

export async function dryRunDecision(engine: ReplyEngine, input: DryRunRequest) {
  const { db } = engine.database;
  const settings = await getSettings(db);
  const [customer] = input.customerPhone
    ? await db.select().from(customers).where(eq(customers.phone, input.customerPhone))
    : [];
  const plan = await planDecision(engine, db, settings, {
    text: input.text,
    customer: {
      id: customer?.id ?? null,
      name: input.customerName ?? customer?.name ?? null,
      isVip: input.isVip ?? customer?.isVip ?? false,
      optedOut: input.optedOut ?? customer?.optedOut ?? false,
    },
    now: input.at ? new Date(input.at) : engine.now(),
  });
  const ids = plan.candidates.map((c) => c.patternId);
  const described =
    ids.length === 0
      ? []
      : await db
          .select({
            id: patterns.id,
            type: patterns.type,
            triggerText: patterns.triggerText,
            responseTemplate: patterns.responseTemplate,
            isActive: patterns.isActive,
          })
          .from(patterns)
          .where(inArray(patterns.id, ids));
  const byId = new Map(described.map((p) => [p.id, p]));
  return {
    ...plan,
    candidates: plan.candidates.map((c) => ({ ...c, pattern: byId.get(c.patternId) ?? null })),
    customerKnown: Boolean(customer),
  };
}
