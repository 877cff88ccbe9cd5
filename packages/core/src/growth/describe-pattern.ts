// The plain sentence every pattern carries, with its counts.
import { DAYS_PER_MONTH } from "./tier-spells";

export interface Factor {
  kind: string;
  name: string;
}

/** Key of a factor in maps: "partner:BuildPro". */
export const factorKey = (f: Factor) => `${f.kind}:${f.name}`;

/** The "team grew" factor: any hire, whatever the role. */
export const ANY_HIRE = "any hire";

export function did(f: Factor): string {
  switch (f.kind) {
    case "partner":
      return `used ${f.name}`;
    case "milestone":
      return `reached the milestone "${f.name}"`;
    case "book":
      return `read "${f.name}"`;
    case "podcast":
      return `listened to "${f.name}"`;
    case "event":
      return `attended ${f.name}`;
    case "focus_area":
      return `focused on ${f.name}`;
    case "hire":
      return f.name === ANY_HIRE ? "grew their team" : `hired a ${f.name}`;
    default:
      return `did "${f.name}"`;
  }
}

export const months = (days: number) => Math.round((days / DAYS_PER_MONTH) * 10) / 10;
export const percent = (share: number) => `${Math.round(share * 100)}%`;

export function describePattern(p: {
  factor: Factor;
  fromTier: string;
  toTier: string;
  movers: number;
  moversWith: number;
  comparatorShare: number;
  medianWith: number | null;
  medianWithout: number | null;
}): string {
  const head =
    `${p.moversWith} of ${p.movers} contractors who went from ${p.fromTier} to ${p.toTier} ${did(p.factor)} ` +
    `before moving up, against ${percent(p.comparatorShare)} of those who had not moved up by the same time`;
  if (p.medianWith !== null && p.medianWithout !== null) {
    return `${head}; they moved up in a median of ${months(p.medianWith)} months against ${months(p.medianWithout)}.`;
  }
  if (p.medianWith !== null) {
    return `${head}; they moved up in a median of ${months(p.medianWith)} months, while fewer than half of the others have moved up yet.`;
  }
  return `${head}.`;
}
