// The analysis input, held in columns (typed arrays) rather than one object per observation or adoption: a
// refresh reads a million observations and millions of adoptions, and objects for each cost more time in garbage
// collection than the statistics take. Built from stored rows (streamed per contractor), from generated or parsed
// rows, and cut at a day for the backtest's fit.
import { ANY_HIRE, factorKey, type Factor } from "./describe-pattern";
import { tierOfLabel, tierOfRevenue, type TierLadder } from "./tier-ladder";
import { isoDateToDay } from "./tier-spells";

/**
 * Contractors are numbered 0 … count − 1. Contractor i's tier observations are obsDay/obsTier at
 * obsStart[i] … obsStart[i + 1] − 1, sorted by day; its first day with each factor (an index into `factors`, once
 * per factor) is adoptFactor/adoptDay at adoptStart[i] … adoptStart[i + 1] − 1. Days count from 1970-01-01.
 */
export interface GrowthDataset {
  ladder: TierLadder;
  factors: Factor[];
  count: number;
  /** The day each contractor joined; NaN when unknown. */
  joinedDay: Float64Array;
  obsStart: Int32Array;
  obsDay: Int32Array;
  obsTier: Int16Array;
  adoptStart: Int32Array;
  adoptFactor: Int32Array;
  adoptDay: Int32Array;
  /** The last observation day (−Infinity without observations). */
  lastDay: number;
}

/** A column of 32-bit integers that grows by doubling. */
export class IntColumn {
  private data = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * Appends contractors one at a time: `contractor()`, then its observations in day order and its adoptions (one
 * per factor).
 */
export class GrowthDatasetWriter {
  private readonly joined: number[] = [];
  private readonly obsStart = new IntColumn();
  private readonly obsDay = new IntColumn();
  private readonly obsTier = new IntColumn();
  private readonly adoptStart = new IntColumn();
  private readonly adoptFactor = new IntColumn();
  private readonly adoptDay = new IntColumn();
  private lastDay = Number.NEGATIVE_INFINITY;

  constructor(
    readonly ladder: TierLadder,
    readonly factors: Factor[],
  ) {}

  contractor(joinedDay: number | null): void {
    this.joined.push(joinedDay ?? Number.NaN);
    this.obsStart.push(this.obsDay.length);
    this.adoptStart.push(this.adoptDay.length);
  }

  observation(day: number, tier: number): void {
    this.obsDay.push(day);
    this.obsTier.push(tier);
    if (day > this.lastDay) this.lastDay = day;
  }

  adoption(factor: number, day: number): void {
    this.adoptFactor.push(factor);
    this.adoptDay.push(day);
  }

  finish(): GrowthDataset {
    this.obsStart.push(this.obsDay.length);
    this.adoptStart.push(this.adoptDay.length);
    return {
      ladder: this.ladder,
      factors: this.factors,
      count: this.joined.length,
      joinedDay: Float64Array.from(this.joined),
      obsStart: this.obsStart.toArray(),
      obsDay: this.obsDay.toArray(),
      obsTier: Int16Array.from(this.obsTier.toArray()),
      adoptStart: this.adoptStart.toArray(),
      adoptFactor: this.adoptFactor.toArray(),
      adoptDay: this.adoptDay.toArray(),
      lastDay: this.lastDay,
    };
  }
}

/** A contractor's join day from the dataset's column (null when unknown). */
export const joinedDayOf = (data: GrowthDataset, i: number): number | null => {
  const day = data.joinedDay[i]!;
  return Number.isNaN(day) ? null : day;
};

/** Dates are whole days since 1970-01-01 (the database computes them; isoDateToDay for text). */
export interface GrowthRows {
  contractors: Iterable<{ id: string; joinedDay: number | null; focusAreas: string[] }>;
  revenue: Iterable<{ id: string; day: number; revenue: number | null; tier: string | null }>;
  /** Any number of rows per contractor, kind and name: the first day counts. */
  activities: Iterable<{ id: string; kind: string; name: string; firstDay: number }>;
}

/** From rows in any order (tests, generated data, bench): tiers per observation, first day per factor. */
export function buildGrowthDataset(ladder: TierLadder, rows: GrowthRows): GrowthDataset {
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
  const who = new Map<
    string,
    { joinedDay: number | null; obs: { day: number; tier: number }[]; firsts: Map<number, number> }
  >();
  const adopt = (firsts: Map<number, number>, factor: Factor, day: number) => {
    const i = indexOf(factor);
    const known = firsts.get(i);
    if (known === undefined || day < known) firsts.set(i, day);
  };
  for (const c of rows.contractors) {
    const entry = { joinedDay: c.joinedDay, obs: [], firsts: new Map<number, number>() };
    who.set(c.id, entry);
    // Profile focus areas carry no date of their own: they count from joining, and not at all without it.
    if (c.joinedDay !== null) {
      for (const area of c.focusAreas) {
        adopt(entry.firsts, { kind: "focus_area", name: area }, c.joinedDay);
      }
    }
  }
  for (const r of rows.revenue) {
    const entry = who.get(r.id);
    if (!entry) continue;
    const tier =
      r.revenue !== null ? tierOfRevenue(ladder, r.revenue) : tierOfLabel(ladder, r.tier ?? "");
    if (tier >= 0) entry.obs.push({ day: r.day, tier });
  }
  for (const a of rows.activities) {
    const entry = who.get(a.id);
    if (!entry) continue;
    adopt(entry.firsts, { kind: a.kind, name: a.name }, a.firstDay);
    if (a.kind === "hire") adopt(entry.firsts, { kind: "hire", name: ANY_HIRE }, a.firstDay);
  }
  const writer = new GrowthDatasetWriter(ladder, factors);
  for (const entry of who.values()) {
    writer.contractor(entry.joinedDay);
    // A stable sort: two observations on one day keep their order, as they always have.
    for (const o of entry.obs.sort((a, b) => a.day - b.day)) writer.observation(o.day, o.tier);
    for (const [factor, day] of entry.firsts) writer.adoption(factor, day);
  }
  return writer.finish();
}

/** The dataset as it was known before `beforeDay`: later observations and adoptions dropped (for the backtest). */
export function datasetBefore(data: GrowthDataset, beforeDay: number): GrowthDataset {
  const writer = new GrowthDatasetWriter(data.ladder, data.factors);
  for (let i = 0; i < data.count; i++) {
    writer.contractor(joinedDayOf(data, i));
    for (let k = data.obsStart[i]!; k < data.obsStart[i + 1]!; k++) {
      if (data.obsDay[k]! < beforeDay) writer.observation(data.obsDay[k]!, data.obsTier[k]!);
    }
    for (let k = data.adoptStart[i]!; k < data.adoptStart[i + 1]!; k++) {
      if (data.adoptDay[k]! < beforeDay) writer.adoption(data.adoptFactor[k]!, data.adoptDay[k]!);
    }
  }
  return writer.finish();
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
