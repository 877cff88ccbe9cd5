import { describe, expect, it } from "vitest";
import { formatDelta, formatPercent, formatScore } from "./format-number";

describe("formatScore", () => {
  it("prints two decimals", () => {
    expect(formatScore(0.5)).toBe("0.50");
    expect(formatScore(0.12345)).toBe("0.12");
    expect(formatScore(1)).toBe("1.00");
  });

  it("shows a dash for a missing or unusable value", () => {
    expect(formatScore(null)).toBe("—");
    expect(formatScore(undefined)).toBe("—");
    expect(formatScore(Number.NaN)).toBe("—");
  });
});

describe("formatPercent", () => {
  it("turns a ratio into a percentage", () => {
    expect(formatPercent(0.5)).toMatch(/^50\s?%$/);
    expect(formatPercent(0)).toMatch(/^0\s?%$/);
    expect(formatPercent(2 / 3)).toMatch(/^66[.,]7\s?%$/);
  });

  it("shows a dash when there is no ratio yet", () => {
    expect(formatPercent(null)).toBe("—");
    expect(formatPercent(Number.POSITIVE_INFINITY)).toBe("—");
  });
});

describe("formatDelta", () => {
  it("signs increases and decreases", () => {
    expect(formatDelta(0.5, 0.65)).toBe("+0.15");
    expect(formatDelta(0.65, 0.45)).toBe("−0.20");
  });

  it("does not print float noise as a change", () => {
    expect(formatDelta(0.3, 0.1 + 0.2)).toBe("±0.00");
    expect(formatDelta(Number.NaN, 1)).toBe("—");
  });
});
