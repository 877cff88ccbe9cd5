// Builds the analysis input from stored rows (or generated ones): tiers per observation, and each contractor's
// first day with each factor. Only what happened before `beforeDay` is kept, for the backtest's fit.
import { ANY_HIRE, factorKey, type Factor } from "./describe-pattern";
import type { ContractorHistory, GrowthDataset } from "./mine-growth";
import { tierOfLabel, tierOfRevenue, type TierLadder } from "./tier-ladder";
import { isoDateToDay } from "./tier-spells";

export interface GrowthRows {
  contractors: Iterable<{ id: string; joinedAt: string | null; focusAreas: string[] }>;
  revenue: Iterable<{ id: string; asOf: string; revenue: number | null; tier: string | null }>;
  /** Ideally one row per contractor, kind and name: the first day it happened. */
  activities: Iterable<{ id: string; kind: string; name: string; firstAt: string }>;
}

export function buildGrowthDataset(
  ladder: TierLadder,
  rows: GrowthRows,
  opts: { beforeDay?: number } = {},
): GrowthDataset & { lastDay: number; byId: Map<string, ContractorHistory> } {
  const before = opts.beforeDay ?? Number.POSITIVE_INFINITY;
  const factors: Factor[] = [];
  const factorIndex = new Map<string, number>();
  const indexOf = (f: Factor) => {
    const key = factorKey(f);
    let i = factorIndex.get(key);
    if (i === undefined) {
      i = factors.length;
      factors.push(f);
      factorIndex.set(key, i);
    }
    return i;
  };
  const byId = new Map<string, ContractorHistory>();
  const adopt = (who: ContractorHistory, factor: Factor, day: number) => {
    if (day >= before) return;
    const i = indexOf(factor);
    const known = who.adoptions.get(i);
    if (known === undefined || day < known) who.adoptions.set(i, day);
  };
  for (const c of rows.contractors) {
    const joinedDay = c.joinedAt ? isoDateToDay(c.joinedAt) : null;
    const who: ContractorHistory = { joinedDay, observations: [], adoptions: new Map() };
    byId.set(c.id, who);
    // Profile focus areas carry no date of their own: they count from joining, and not at all without it.
    if (joinedDay !== null) {
      for (const area of c.focusAreas) adopt(who, { kind: "focus_area", name: area }, joinedDay);
    }
  }
  let lastDay = Number.NEGATIVE_INFINITY;
  for (const r of rows.revenue) {
    const who = byId.get(r.id);
    if (!who) continue;
    const day = isoDateToDay(r.asOf);
    if (day >= before) continue;
    const tier =
      r.revenue !== null ? tierOfRevenue(ladder, r.revenue) : tierOfLabel(ladder, r.tier ?? "");
    if (tier < 0) continue;
    who.observations.push({ day, tier });
    if (day > lastDay) lastDay = day;
  }
  for (const a of rows.activities) {
    const who = byId.get(a.id);
    if (!who) continue;
    const day = isoDateToDay(a.firstAt);
    adopt(who, { kind: a.kind, name: a.name }, day);
    if (a.kind === "hire") adopt(who, { kind: "hire", name: ANY_HIRE }, day);
  }
  return { ladder, factors, contractors: [...byId.values()], lastDay, byId };
}
