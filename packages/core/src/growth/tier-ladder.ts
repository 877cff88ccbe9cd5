// The revenue tier ladder: labels with the annual revenue where each tier starts. A tier runs from its start up to
// the next tier's start; the originals' labels are kept as written ("11-20M" starts at 10M).
import { z } from "zod";

export const ZTierLadder = z
  .array(
    z
      .object({
        label: z.string().trim().min(1).max(40),
        /** Annual revenue (currency units) at which the tier starts. */
        minRevenue: z.number().finite().min(0),
      })
      .strict(),
  )
  .min(2, "The ladder needs at least two tiers")
  .max(50)
  .refine((tiers) => tiers[0]?.minRevenue === 0, {
    message: "The first tier must start at 0",
  })
  .refine((tiers) => tiers.every((t, i) => i === 0 || t.minRevenue > tiers[i - 1]!.minRevenue), {
    message: "Tiers must start at strictly increasing revenues",
  })
  .refine((tiers) => new Set(tiers.map((t) => t.label.toLowerCase())).size === tiers.length, {
    message: "Tier labels must be unique",
  });
export type TierLadder = z.infer<typeof ZTierLadder>;

const M = 1_000_000;
export const defaultTierLadder: TierLadder = [
  { label: "0-5M", minRevenue: 0 },
  { label: "5-10M", minRevenue: 5 * M },
  { label: "11-20M", minRevenue: 10 * M },
  { label: "21-30M", minRevenue: 20 * M },
  { label: "31-50M", minRevenue: 30 * M },
  { label: "51-75M", minRevenue: 50 * M },
  { label: "76-100M", minRevenue: 75 * M },
  { label: "101-150M", minRevenue: 100 * M },
  { label: "151-300M", minRevenue: 150 * M },
  { label: "300M+", minRevenue: 300 * M },
];

/** Index of the tier holding this revenue. */
export function tierOfRevenue(ladder: TierLadder, revenue: number): number {
  let index = 0;
  for (let i = 1; i < ladder.length; i++) if (revenue >= ladder[i]!.minRevenue) index = i;
  return index;
}

/** Index of the tier with this label (case-insensitive), or -1. */
export function tierOfLabel(ladder: TierLadder, label: string): number {
  const wanted = label.trim().toLowerCase();
  return ladder.findIndex((t) => t.label.toLowerCase() === wanted);
}
