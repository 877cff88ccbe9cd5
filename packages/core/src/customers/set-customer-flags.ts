// Operators mark a customer as VIP (a human always answers them) or record an opt-out given outside SMS.
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@playbook/db";
import { customers } from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../auth/users";
import { notFound } from "../errors";

export const ZSetCustomerFlagsRequest = z
  .object({
    id: z.uuid(),
    isVip: z.boolean().optional(),
    optedOut: z.boolean().optional(),
  })
  .refine((input) => input.isVip !== undefined || input.optedOut !== undefined, {
    message: "Give isVip or optedOut",
  });
export type SetCustomerFlagsRequest = z.infer<typeof ZSetCustomerFlagsRequest>;

export async function setCustomerFlags(db: Db, input: SetCustomerFlagsRequest, actor: Actor) {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(customers)
      .where(eq(customers.id, input.id))
      .for("update");
    if (!before) throw notFound("Customer");
    // A second click asking for the state already set changes nothing and is not audited again.
    const unchanged =
      (input.isVip === undefined || input.isVip === before.isVip) &&
      (input.optedOut === undefined || input.optedOut === before.optedOut);
    if (unchanged) return before;
    const [after] = await tx
      .update(customers)
      .set({
        ...(input.isVip === undefined ? {} : { isVip: input.isVip }),
        ...(input.optedOut === undefined
          ? {}
          : { optedOut: input.optedOut, optedOutAt: input.optedOut ? new Date() : null }),
      })
      .where(eq(customers.id, input.id))
      .returning();
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "customer.update",
      targetType: "customer",
      targetId: input.id,
      details: {
        before: { isVip: before.isVip, optedOut: before.optedOut },
        after: { isVip: after?.isVip, optedOut: after?.optedOut },
      },
      ip: actor.ip,
    });
    return after!;
  });
}

export const ZFindCustomerRequest = z.object({ phone: z.string().trim().min(1).max(40) });

export async function findCustomerByPhone(db: Db, phone: string) {
  const [row] = await db.select().from(customers).where(eq(customers.phone, phone));
  if (!row) throw notFound("Customer");
  return row;
}
