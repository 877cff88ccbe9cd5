// Synthetic contractor histories with planted truth, for tests and bench/: activities that really shorten the
// time to move up (known hazard ratios), popular ones that change nothing, one that only comes with the higher
// tier, noise, late observation starts (left truncation) and dropouts and an end of data (censoring).
import { defaultTierLadder } from "./tier-ladder";
import { DAYS_PER_MONTH, dayToIsoDate } from "./tier-spells";

export interface SyntheticActivity {
  kind: string;
  name: string;
  /** Share of contractors who ever adopt it. */
  adoption: number;
  /** Multiplies the hazard of moving up from the day it is adopted (1: no effect). */
  hazardRatio: number;
  /** Only adopted in the month after moving up (goes with a higher tier, causes nothing). */
  afterMoveOnly?: boolean;
}

export interface SyntheticOptions {
  contractors: number;
  seed: number;
  /** Baseline median months to move up from tiers 0, 1, 2, … (without any driver). */
  medianMonths: number[];
  activities: SyntheticActivity[];
  /** Days between revenue observations. */
  observeEveryDays: number;
  /** Share whose revenue is first observed up to a year after joining. */
  lateObservationShare: number;
  years: number;
  /** Extra activities with no effect, each adopted by 10%. */
  noiseActivities?: number;
}

export const plantedActivities: SyntheticActivity[] = [
  { kind: "partner", name: "CRM Pro", adoption: 0.4, hazardRatio: 2.5 },
  { kind: "milestone", name: "Hired an operations manager", adoption: 0.35, hazardRatio: 2 },
  { kind: "book", name: "Traction", adoption: 0.75, hazardRatio: 1 },
  { kind: "podcast", name: "Contractor Talk", adoption: 0.6, hazardRatio: 1 },
  { kind: "event", name: "Top Tier Summit", adoption: 0.9, hazardRatio: 1, afterMoveOnly: true },
];

export const defaultSyntheticOptions: SyntheticOptions = {
  contractors: 2000,
  seed: 7,
  medianMonths: [18, 24, 30, 36, 36, 36, 36, 36, 36],
  activities: plantedActivities,
  observeEveryDays: 30,
  lateObservationShare: 0.3,
  years: 6,
  noiseActivities: 10,
};

export interface SyntheticRows {
  contractors: { contractor_id: string; joined_at: string; team_size: number; stage: string }[];
  revenue: { contractor_id: string; as_of: string; revenue: number }[];
  activities: { contractor_id: string; occurred_at: string; kind: string; name: string }[];
}

/** mulberry32: a small seeded generator, so every run plants the same data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateSyntheticGrowth(
  partial: Partial<SyntheticOptions> = {},
  onContractor?: (rows: SyntheticRows) => void,
): SyntheticRows {
  const o = { ...defaultSyntheticOptions, ...partial };
  const rand = random(o.seed);
  const exp = (rate: number) => -Math.log(1 - rand()) / rate;
  const ladder = defaultTierLadder;
  const endDay = Math.floor(Date.UTC(2025, 0, 1) / 86_400_000);
  const startDay = endDay - Math.round(o.years * 365.25);
  const activities: SyntheticActivity[] = [
    ...o.activities,
    ...Array.from({ length: o.noiseActivities ?? 0 }, (_, i) => ({
      kind: "other",
      name: `Noise ${i + 1}`,
      adoption: 0.1,
      hazardRatio: 1,
    })),
  ];
  const out: SyntheticRows = { contractors: [], revenue: [], activities: [] };
  for (let c = 0; c < o.contractors; c++) {
    const rows: SyntheticRows = { contractors: [], revenue: [], activities: [] };
    const id = `s${c + 1}`;
    const joined = startDay + Math.floor(rand() * (endDay - startDay - 180));
    const dropout = joined + Math.round(exp(1 / (60 * DAYS_PER_MONTH)));
    const lastDay = Math.min(endDay, dropout);
    let tier = Math.floor(rand() * 3);
    rows.contractors.push({
      contractor_id: id,
      joined_at: dayToIsoDate(joined),
      team_size: 3 + Math.floor(rand() * 40),
      stage: ["starting", "growing", "scaling"][tier]!,
    });
    // Adoption days (from joining) of the activities that are adopted before any move.
    const adoptedAt = activities.map((a) =>
      !a.afterMoveOnly && rand() < a.adoption
        ? joined + Math.round(exp(1 / (8 * DAYS_PER_MONTH)))
        : null,
    );
    const moves: { day: number; tier: number }[] = [{ day: joined, tier }];
    let day = joined;
    while (tier < ladder.length - 1 && day < lastDay) {
      // Piecewise-constant hazard: it changes on each adoption day.
      const base = Math.LN2 / ((o.medianMonths[tier] ?? 36) * DAYS_PER_MONTH);
      const changes = [
        ...adoptedAt.filter((d): d is number => d !== null && d > day),
        lastDay,
      ].sort((a, b) => a - b);
      let moved: number | null = null;
      let t = day;
      for (const until of changes) {
        const rate =
          base *
          activities.reduce(
            (m, a, i) => (adoptedAt[i] !== null && adoptedAt[i]! <= t ? m * a.hazardRatio : m),
            1,
          );
        const wait = exp(rate);
        if (t + wait < until) {
          moved = Math.round(t + wait);
          break;
        }
        t = until;
        if (t >= lastDay) break;
      }
      if (moved === null || moved >= lastDay) break;
      tier += 1;
      day = moved;
      moves.push({ day, tier });
      activities.forEach((a, i) => {
        if (a.afterMoveOnly && adoptedAt[i] === null && rand() < a.adoption) {
          // After the revenue observation that shows the move, as a program would record it.
          adoptedAt[i] = day + o.observeEveryDays + 1 + Math.floor(rand() * 30);
        }
      });
    }
    const firstObserved =
      rand() < o.lateObservationShare ? joined + Math.floor(rand() * 365) : joined;
    for (let d = firstObserved; d <= lastDay; d += o.observeEveryDays) {
      let current = moves[0]!.tier;
      for (const m of moves) if (m.day <= d) current = m.tier;
      const low = ladder[current]!.minRevenue;
      const high = ladder[current + 1]?.minRevenue ?? low * 2;
      rows.revenue.push({
        contractor_id: id,
        as_of: dayToIsoDate(d),
        revenue: Math.round(low + (high - low) * (0.05 + 0.9 * rand())),
      });
    }
    activities.forEach((a, i) => {
      const at = adoptedAt[i];
      if (at !== null && at !== undefined && at < lastDay) {
        rows.activities.push({
          contractor_id: id,
          occurred_at: dayToIsoDate(at),
          kind: a.kind,
          name: a.name,
        });
      }
    });
    if (onContractor) onContractor(rows);
    else {
      out.contractors.push(...rows.contractors);
      out.revenue.push(...rows.revenue);
      out.activities.push(...rows.activities);
    }
  }
  return out;
}
