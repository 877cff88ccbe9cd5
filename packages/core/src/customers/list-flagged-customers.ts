// The customers the Settings page lists: those marked VIP and those opted out, newest first, searchable by phone.
import { and, desc, eq, like, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@playbook/db";
import { customers } from "@playbook/db/schema";

export const ZListFlaggedCustomersRequest = z.object({
  /** Digits of the number to look for, anywhere in it ("0101" finds +19025550101). */
  phone: z
    .string()
    .trim()
    .max(40)
    .regex(/^[+\d\s\-().]*$/, "Search by phone number: digits only")
    .optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export type ListFlaggedCustomersRequest = z.input<typeof ZListFlaggedCustomersRequest>;

export interface FlaggedCustomer {
  id: string;
  name: string | null;
  phone: string;
  /** When the flag was set (null for VIPs marked before this was kept). */
  since: Date | null;
}

export async function listFlaggedCustomers(
  executor: Executor,
  request: ListFlaggedCustomersRequest,
): Promise<{ vip: FlaggedCustomer[]; optedOut: FlaggedCustomer[] }> {
  const input = ZListFlaggedCustomersRequest.parse(request);
  const digits = (input.phone ?? "").replace(/\D/g, "");
  const matching = (flag: SQL | undefined) =>
    digits === "" ? flag : and(flag, like(customers.phone, `%${digits}%`));
  const [vip, optedOut] = await Promise.all([
    executor
      .select({
        id: customers.id,
        name: customers.name,
        phone: customers.phone,
        since: customers.vipAt,
      })
      .from(customers)
      .where(matching(eq(customers.isVip, true)))
      .orderBy(desc(customers.vipAt), customers.phone)
      .limit(input.limit),
    executor
      .select({
        id: customers.id,
        name: customers.name,
        phone: customers.phone,
        since: customers.optedOutAt,
      })
      .from(customers)
      .where(matching(eq(customers.optedOut, true)))
      .orderBy(desc(customers.optedOutAt), customers.phone)
      .limit(input.limit),
  ]);
  return { vip, optedOut };
}
