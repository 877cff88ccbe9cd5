// What is known of one contractor for advice: profile, current tier and how long they have been in it, and what
// they have already done (so nothing done is suggested again).
import { sql } from "drizzle-orm";
import type { Executor } from "@playbook/db";
import { queryRows } from "@playbook/db";
import { notFound } from "../errors";
import { ANY_HIRE, factorKey } from "./describe-pattern";
import type { ContractorProfile } from "./match-contractor";
import { tierOfLabel, tierOfRevenue, type TierLadder } from "./tier-ladder";
import { buildTierSpells, type TierObservation } from "./tier-spells";

export interface ContractorFacts {
  contractorId: string;
  name: string | null;
  joinedDay: number | null;
  profile: ContractorProfile;
  /** Days in the current tier at the last observation; null when its start is unknown. */
  daysInTier: number | null;
  observations: TierObservation[];
  /** Factor keys of everything done (activities, profile focus areas, "any hire"). */
  done: Set<string>;
  activities: number;
}

export async function loadContractorFacts(
  db: Executor,
  contractorId: string,
  ladder: TierLadder,
): Promise<ContractorFacts> {
  // One round trip: the profile with its revenue and activities as arrays.
  const [row] = await queryRows<{
    name: string | null;
    joinedDay: number | null;
    teamSize: number | null;
    stage: string | null;
    focusAreas: string[];
    revenue: { day: number; revenue: number | null; tier: string | null }[];
    activities: { kind: string; name: string }[];
  }>(
    db,
    sql`select name, joined_at - date '1970-01-01' as "joinedDay", team_size as "teamSize", stage,
               focus_areas as "focusAreas",
               coalesce((select json_agg(json_build_object('day', as_of - date '1970-01-01',
                                                           'revenue', revenue, 'tier', tier) order by as_of)
                         from growth_revenue r where r.contractor_id = c.contractor_id), '[]') as "revenue",
               coalesce((select json_agg(distinct jsonb_build_object('kind', kind, 'name', name))
                         from growth_activities a where a.contractor_id = c.contractor_id), '[]') as "activities"
        from growth_contractors c where contractor_id = ${contractorId}`,
  );
  if (!row) throw notFound("Contractor");
  const { revenue, activities } = row;
  return contractorFacts(contractorId, row, revenue, activities, ladder);
}

export function contractorFacts(
  contractorId: string,
  row: {
    name: string | null;
    joinedDay: number | null;
    teamSize: number | null;
    stage: string | null;
    focusAreas: string[];
  },
  revenue: readonly { day: number; revenue: number | null; tier: string | null }[],
  activities: readonly { kind: string; name: string }[],
  ladder: TierLadder,
): ContractorFacts {
  const observations: TierObservation[] = [];
  for (const r of revenue) {
    const tier =
      r.revenue !== null ? tierOfRevenue(ladder, r.revenue) : tierOfLabel(ladder, r.tier ?? "");
    if (tier >= 0) observations.push({ day: r.day, tier });
  }
  const current = observations.at(-1)?.tier ?? null;
  const last = buildTierSpells(observations, row.joinedDay).at(-1);
  const done = new Set(activities.map(factorKey));
  for (const area of row.focusAreas) done.add(factorKey({ kind: "focus_area", name: area }));
  if (activities.some((a) => a.kind === "hire"))
    done.add(factorKey({ kind: "hire", name: ANY_HIRE }));
  return {
    contractorId,
    name: row.name,
    joinedDay: row.joinedDay,
    profile: {
      tier: current,
      teamSize: row.teamSize,
      stage: row.stage?.trim() ? row.stage.trim() : null,
      focusAreas: row.focusAreas.filter((f) => f.trim() !== ""),
    },
    daysInTier: last && last.tier === current && !last.movedUp ? last.exit : null,
    observations,
    done,
    activities: activities.length,
  };
}
