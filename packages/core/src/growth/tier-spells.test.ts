import { describe, expect, it } from "vitest";
import { defaultTierLadder, tierOfLabel, tierOfRevenue } from "./tier-ladder";
import { buildTierSpells } from "./tier-spells";

describe("buildTierSpells", () => {
  it("times a move up from entering the tier, and censors at the last observation", () => {
    const spells = buildTierSpells(
      [
        { day: 0, tier: 0 },
        { day: 100, tier: 1 },
        { day: 200, tier: 1 },
        { day: 300, tier: 3 },
        { day: 400, tier: 3 },
      ],
      0,
    );
    expect(spells).toEqual([
      { tier: 0, origin: 0, entry: 0, exit: 100, movedUp: true, toTier: 1 },
      // Skipping a tier still moves up from tier 1.
      { tier: 1, origin: 100, entry: 0, exit: 200, movedUp: true, toTier: 3 },
      { tier: 3, origin: 300, entry: 0, exit: 100, movedUp: false, toTier: null },
    ]);
  });

  it("enters a spell already running at the first observation late, from joined_at (left truncation)", () => {
    const spells = buildTierSpells(
      [
        { day: 50, tier: 2 },
        { day: 120, tier: 3 },
      ],
      10,
    );
    expect(spells[0]).toEqual({
      tier: 2,
      origin: 10,
      entry: 40,
      exit: 110,
      movedUp: true,
      toTier: 3,
    });
  });

  it("leaves out a running spell without joined_at, and censors a drop to a lower tier", () => {
    const spells = buildTierSpells(
      [
        { day: 0, tier: 2 },
        { day: 30, tier: 1 },
        { day: 60, tier: 1 },
        { day: 90, tier: 0 },
      ],
      null,
    );
    expect(spells).toEqual([
      { tier: 1, origin: 30, entry: 0, exit: 60, movedUp: false, toTier: null },
    ]);
  });
});

describe("tier ladder", () => {
  it("places revenue by where each tier starts, and finds labels", () => {
    expect(tierOfRevenue(defaultTierLadder, 4_999_999)).toBe(0);
    expect(tierOfRevenue(defaultTierLadder, 10_500_000)).toBe(2);
    expect(tierOfRevenue(defaultTierLadder, 1e9)).toBe(9);
    expect(tierOfLabel(defaultTierLadder, " 11-20m ")).toBe(2);
    expect(tierOfLabel(defaultTierLadder, "12-20M")).toBe(-1);
  });
});
