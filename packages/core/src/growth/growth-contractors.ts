// The contractors staff look up: a searchable list, and one contractor's profile with their tier history.
import { asc, eq, ilike, or } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@playbook/db";
import { growthContractors, growthRevenue } from "@playbook/db/schema";
import { notFound } from "../errors";
import { getGrowthSettings } from "./growth-settings";
import { tierOfLabel, tierOfRevenue } from "./tier-ladder";

export const ZListGrowthContractorsRequest = z
  .object({
    search: z.string().trim().max(100).default(""),
    limit: z.number().int().min(1).max(200).default(50),
    offset: z.number().int().min(0).default(0),
  })
  .strict()
  .default({ search: "", limit: 50, offset: 0 });

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listGrowthContractors(
  db: Executor,
  input: z.infer<typeof ZListGrowthContractorsRequest>,
) {
  const pattern = `%${escapeLike(input.search)}%`;
  return db
    .select()
    .from(growthContractors)
    .where(
      input.search
        ? or(ilike(growthContractors.contractorId, pattern), ilike(growthContractors.name, pattern))
        : undefined,
    )
    .orderBy(asc(growthContractors.contractorId))
    .limit(input.limit)
    .offset(input.offset);
}

export const ZContractorIdRequest = z.object({ contractorId: z.string().min(1).max(200) }).strict();

/** The profile and each revenue observation with its tier on the current ladder setting. */
export async function getGrowthContractor(db: Executor, contractorId: string) {
  const [row] = await db
    .select()
    .from(growthContractors)
    .where(eq(growthContractors.contractorId, contractorId));
  if (!row) throw notFound("Contractor");
  const { growthTierLadder: ladder } = await getGrowthSettings(db);
  const revenue = await db
    .select({ asOf: growthRevenue.asOf, revenue: growthRevenue.revenue, tier: growthRevenue.tier })
    .from(growthRevenue)
    .where(eq(growthRevenue.contractorId, contractorId))
    .orderBy(asc(growthRevenue.asOf));
  return {
    ...row,
    ladder,
    history: revenue.map((r) => {
      const tier =
        r.revenue !== null ? tierOfRevenue(ladder, r.revenue) : tierOfLabel(ladder, r.tier ?? "");
      return {
        asOf: r.asOf,
        revenue: r.revenue,
        tierIndex: tier,
        tier: ladder[tier]?.label ?? null,
      };
    }),
  };
}
