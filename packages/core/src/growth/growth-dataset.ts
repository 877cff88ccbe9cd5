// Builds the analysis input from stored rows (or generated ones): tiers per observation, and each contractor's
// first day with each factor; and the same as known before a day, for the backtest's fit.
import { ANY_HIRE, factorKey, type Factor } from "./describe-pattern";
import type { ContractorHistory, GrowthDataset } from "./mine-growth";
import { tierOfLabel, tierOfRevenue, type TierLadder } from "./tier-ladder";
import { isoDateToDay } from "./tier-spells";

/** Dates are whole days since 1970-01-01 (the database computes them; isoDateToDay for text). */
export interface GrowthRows {
  contractors: Iterable<{ id: string; joinedDay: number | null; focusAreas: string[] }>;
  revenue: Iterable<{ id: string; day: number; revenue: number | null; tier: string | null }>;
  /** Ideally one row per contractor, kind and name: the first day it happened. */
  activities: Iterable<{ id: string; kind: string; name: string; firstDay: number }>;
}

export function buildGrowthDataset(
  ladder: TierLadder,
  rows: GrowthRows,
): GrowthDataset & { lastDay: number; byId: Map<string, ContractorHistory> } {
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
    const i = indexOf(factor);
    const known = who.adoptions.get(i);
    if (known === undefined || day < known) who.adoptions.set(i, day);
  };
  for (const c of rows.contractors) {
    const joinedDay = c.joinedDay;
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
    const day = r.day;
    const tier =
      r.revenue !== null ? tierOfRevenue(ladder, r.revenue) : tierOfLabel(ladder, r.tier ?? "");
    if (tier < 0) continue;
    who.observations.push({ day, tier });
    if (day > lastDay) lastDay = day;
  }
  for (const a of rows.activities) {
    const who = byId.get(a.id);
    if (!who) continue;
    const day = a.firstDay;
    adopt(who, { kind: a.kind, name: a.name }, day);
    if (a.kind === "hire") adopt(who, { kind: "hire", name: ANY_HIRE }, day);
  }
  return { ladder, factors, contractors: [...byId.values()], lastDay, byId };
}

/** The dataset as it was known before `beforeDay`: later observations and adoptions dropped (for the backtest). */
export function datasetBefore<D extends GrowthDataset & { byId: Map<string, ContractorHistory> }>(
  data: D,
  beforeDay: number,
): GrowthDataset & { byId: Map<string, ContractorHistory> } {
  const byId = new Map<string, ContractorHistory>();
  for (const [id, who] of data.byId) {
    byId.set(id, {
      joinedDay: who.joinedDay,
      observations: who.observations.filter((o) => o.day < beforeDay),
      adoptions: new Map([...who.adoptions].filter(([, day]) => day < beforeDay)),
    });
  }
  return { ladder: data.ladder, factors: data.factors, contractors: [...byId.values()], byId };
}

/** Rows whose dates are ISO text (generated or parsed files), as GrowthRows. */
export function growthRowsFromText(rows: {
  contractors: { contractor_id: string; joined_at?: string | null; focus_areas?: string[] }[];
  revenue: {
    contractor_id: string;
    as_of: string;
    revenue?: number | null;
    tier?: string | null;
  }[];
  activities: { contractor_id: string; occurred_at: string; kind: string; name: string }[];
}): GrowthRows {
  return {
    contractors: rows.contractors.map((c) => ({
      id: c.contractor_id,
      joinedDay: c.joined_at ? isoDateToDay(c.joined_at) : null,
      focusAreas: c.focus_areas ?? [],
    })),
    revenue: rows.revenue.map((r) => ({
      id: r.contractor_id,
      day: isoDateToDay(r.as_of),
      revenue: r.revenue ?? null,
      tier: r.tier ?? null,
    })),
    activities: rows.activities.map((a) => ({
      id: a.contractor_id,
      kind: a.kind,
      name: a.name,
      firstDay: isoDateToDay(a.occurred_at),
    })),
  };
}
