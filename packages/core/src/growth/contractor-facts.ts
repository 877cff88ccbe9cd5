// What is known of one contractor for advice: profile, current tier and how long they have been in it, and what
// they have already done (so nothing done is suggested again).
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

export type ContractorFactsRow = {
  name: string | null;
  joinedDay: number | null;
  teamSize: number | null;
  stage: string | null;
  focusAreas: string[];
  revenue: { day: number; revenue: number | null; tier: string | null }[];
  activities: { kind: string; name: string }[];
};

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
