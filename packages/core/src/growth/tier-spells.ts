// Tier spells from a contractor's revenue history: when they were in each tier, and whether and when they first
// reached any higher tier. Dates are whole days since 1970-01-01 (UTC).

/** One dated tier observation. */
export interface TierObservation {
  day: number;
  tier: number;
}

export interface TierSpell {
  tier: number;
  /** Day the spell is taken to have started (its first observation, or joined_at for one already running). */
  origin: number;
  /** Days from origin to the first observation: > 0 for a late entrant (left truncation). */
  entry: number;
  /** Days from origin to the move up (event) or to the last observation in the tier (censored). */
  exit: number;
  movedUp: boolean;
  /** The tier first reached above this one, when movedUp. */
  toTier: number | null;
}

/**
 * A spell starts at an observation in a tier the previous observation was not in. It ends at the first later
 * observation in a higher tier (moved up, time = that day − origin), at one in a lower tier (censored there: they
 * left downwards) or at the last observation (censored). A spell already running at the first observation has
 * an unknown start: with `joinedDay` on or before that observation it starts there and enters late (it could only
 * be seen because it had not moved up before); without it, the spell is left out (no honest duration).
 */
export function buildTierSpells(
  observations: readonly TierObservation[],
  joinedDay: number | null,
): TierSpell[] {
  const sorted = [...observations].sort((a, b) => a.day - b.day);
  const spells: TierSpell[] = [];
  let i = 0;
  while (i < sorted.length) {
    const start = sorted[i]!;
    const first = i === 0;
    let j = i + 1;
    while (j < sorted.length && sorted[j]!.tier === start.tier) j++;
    const next = sorted[j];
    const lastIn = sorted[j - 1]!;
    let origin = start.day;
    let entry = 0;
    let keep = true;
    if (first) {
      if (joinedDay !== null && joinedDay <= start.day) {
        origin = joinedDay;
        entry = start.day - joinedDay;
      } else keep = false;
    }
    const movedUp = next !== undefined && next.tier > start.tier;
    // Leaving downwards is censored on the day it was seen in the lower tier.
    const endDay = movedUp ? next.day : next !== undefined ? next.day : lastIn.day;
    if (keep && endDay - origin > entry) {
      spells.push({
        tier: start.tier,
        origin,
        entry,
        exit: endDay - origin,
        movedUp,
        toTier: movedUp ? next.tier : null,
      });
    }
    i = j;
  }
  return spells;
}

export const DAYS_PER_MONTH = 365.25 / 12;

/** "2024-03-01" → days since 1970-01-01. The caller has validated the format. */
export function isoDateToDay(iso: string): number {
  return Math.floor(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / 86_400_000);
}

export function dayToIsoDate(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
