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

/** Called once per spell by forEachTierSpell (fields as in TierSpell; toTier is -1 when not moved up). */
export type SpellVisitor = (
  tier: number,
  origin: number,
  entry: number,
  exit: number,
  movedUp: boolean,
  toTier: number,
) => void;

/**
 * A spell starts at an observation in a tier the previous observation was not in. It ends at the first later
 * observation in a higher tier (moved up, time = that day − origin), at one in a lower tier (censored there: they
 * left downwards) or at the last observation (censored). A spell already running at the first observation has
 * an unknown start: with `joinedDay` on or before that observation it starts there and enters late (it could only
 * be seen because it had not moved up before); without it, the spell is left out (no honest duration).
 *
 * This form reads observations `from` up to `to` of two parallel arrays already sorted by day, and makes no
 * objects: the refresh walks a million observations this way.
 */
export function forEachTierSpell(
  days: ArrayLike<number>,
  tiers: ArrayLike<number>,
  from: number,
  to: number,
  joinedDay: number | null,
  visit: SpellVisitor,
): void {
  let i = from;
  while (i < to) {
    const tier = tiers[i]!;
    const startDay = days[i]!;
    let j = i + 1;
    while (j < to && tiers[j] === tier) j++;
    let origin = startDay;
    let entry = 0;
    let keep = true;
    if (i === from) {
      if (joinedDay !== null && joinedDay <= startDay) {
        origin = joinedDay;
        entry = startDay - joinedDay;
      } else keep = false;
    }
    const movedUp = j < to && tiers[j]! > tier;
    // Leaving downwards is censored on the day it was seen in the lower tier.
    const endDay = j < to ? days[j]! : days[j - 1]!;
    if (keep && endDay - origin > entry) {
      visit(tier, origin, entry, endDay - origin, movedUp, movedUp ? tiers[j]! : -1);
    }
    i = j;
  }
}

/** The spells of one contractor's observations (in any order), as objects; see forEachTierSpell. */
export function buildTierSpells(
  observations: readonly TierObservation[],
  joinedDay: number | null,
): TierSpell[] {
  const sorted = [...observations].sort((a, b) => a.day - b.day);
  const spells: TierSpell[] = [];
  forEachTierSpell(
    sorted.map((o) => o.day),
    sorted.map((o) => o.tier),
    0,
    sorted.length,
    joinedDay,
    (tier, origin, entry, exit, movedUp, toTier) =>
      spells.push({ tier, origin, entry, exit, movedUp, toTier: movedUp ? toTier : null }),
  );
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
