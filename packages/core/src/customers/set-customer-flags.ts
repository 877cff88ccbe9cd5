// Operators mark a customer as VIP (a human always answers them) or record an opt-out given outside SMS; only an
// admin clears an opt-out, and says why (a customer who texted STOP has withdrawn consent until START).
import { eq, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db, Executor } from "@playbook/db";
import { customers } from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../auth/users";
import { AppError, badRequest, notFound } from "../errors";
import { normalizePhoneNumber } from "../openphone/parse-webhook-event";

/** A phone number as customers are stored ("+1 (902) 555-0101" → "+19025550101"). */
export const ZCustomerPhone = z
  .string()
  .trim()
  .min(1, "Give a phone number")
  .max(40)
  .transform((value, ctx) => {
    const phone = normalizePhoneNumber(value);
    if (phone === null) {
      ctx.addIssue({ code: "custom", message: `"${value}" is not a phone number` });
      return z.NEVER;
    }
    return phone;
  });

export const ZSetCustomerFlagsRequest = z
  .object({
    /** The customer, by id (from a conversation) or by phone (from Settings). */
    id: z.uuid().optional(),
    phone: ZCustomerPhone.optional(),
    isVip: z.boolean().optional(),
    optedOut: z.boolean().optional(),
  })
  .refine((input) => (input.id === undefined) !== (input.phone === undefined), {
    message: "Give the customer's id or phone, not both",
  })
  .refine((input) => input.isVip !== undefined || input.optedOut !== undefined, {
    message: "Give isVip or optedOut",
  });
export type SetCustomerFlagsRequest = z.infer<typeof ZSetCustomerFlagsRequest>;

const customerWhere = (input: { id?: string; phone?: string }): SQL =>
  input.id !== undefined ? eq(customers.id, input.id) : eq(customers.phone, input.phone ?? "");

async function lockCustomer(tx: Executor, input: { id?: string; phone?: string }) {
  const [row] = await tx.select().from(customers).where(customerWhere(input)).for("update");
  if (row) return row;
  // Flags only exist for people who have texted: a typo must not create a customer.
  if (input.phone !== undefined)
    throw new AppError(
      "NOT_FOUND",
      `No customer has the number ${input.phone}: only customers who have texted the business can be flagged`,
    );
  throw notFound("Customer");
}

export async function setCustomerFlags(db: Db, input: SetCustomerFlagsRequest, actor: Actor) {
  return db.transaction(async (tx) => {
    const before = await lockCustomer(tx, input);
    if (input.optedOut === false && before.optedOut)
      throw new AppError(
        "FORBIDDEN",
        "An opt-out is cleared by the customer texting START, or by an admin giving a reason (Settings → Customers)",
      );
    // A second click asking for the state already set changes nothing and is not audited again.
    const unchanged =
      (input.isVip === undefined || input.isVip === before.isVip) &&
      (input.optedOut === undefined || input.optedOut === before.optedOut);
    if (unchanged) return before;
    const now = new Date();
    const [after] = await tx
      .update(customers)
      .set({
        ...(input.isVip === undefined || input.isVip === before.isVip
          ? {}
          : { isVip: input.isVip, vipAt: input.isVip ? now : null }),
        ...(input.optedOut === undefined || input.optedOut === before.optedOut
          ? {}
          : { optedOut: input.optedOut, optedOutAt: input.optedOut ? now : null }),
      })
      .where(eq(customers.id, before.id))
      .returning();
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "customer.update",
      targetType: "customer",
      targetId: before.id,
      details: {
        before: { isVip: before.isVip, optedOut: before.optedOut },
        after: { isVip: after?.isVip, optedOut: after?.optedOut },
      },
      ip: actor.ip,
    });
    return after!;
  });
}

export const ZClearOptOutRequest = z.object({
  id: z.uuid(),
  reason: z
    .string()
    .trim()
    .min(3, "Say why the opt-out is cleared (at least 3 characters)")
    .max(500, "The reason can have at most 500 characters"),
});
export type ClearOptOutRequest = z.infer<typeof ZClearOptOutRequest>;

/** An admin withdraws an opt-out (e.g. the customer asked in person); the reason is kept in the audit log. */
export async function clearOptOut(db: Db, input: ClearOptOutRequest, actor: Actor) {
  return db.transaction(async (tx) => {
    const before = await lockCustomer(tx, input);
    if (!before.optedOut) throw badRequest("This customer has not opted out");
    const [after] = await tx
      .update(customers)
      .set({ optedOut: false, optedOutAt: null })
      .where(eq(customers.id, before.id))
      .returning();
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "customer.opt_out_cleared",
      targetType: "customer",
      targetId: before.id,
      details: {
        before: { optedOut: true, optedOutAt: before.optedOutAt },
        after: { optedOut: false },
        reason: input.reason,
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
