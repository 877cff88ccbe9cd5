import { describe, expect, it } from "vitest";
import { estimateCostUsd } from "./llm-usage";

describe("estimateCostUsd", () => {
  it("prices prompt and completion tokens per million", () => {
    expect(estimateCostUsd("gpt-4o-mini", 1_000_000, 1_000_000)).toBeCloseTo(0.75, 10);
    expect(estimateCostUsd("gpt-4.1-mini", 1_000_000, 0)).toBeCloseTo(0.4, 10);
    expect(estimateCostUsd("gpt-4.1-mini", 0, 1_000_000)).toBeCloseTo(1.6, 10);
    expect(estimateCostUsd("gpt-4o", 2_000, 1_000)).toBeCloseTo(0.005 + 0.01, 10);
    expect(estimateCostUsd("text-embedding-3-small", 500_000, 0)).toBeCloseTo(0.01, 10);
  });

  it("prices a dated snapshot like its alias, without confusing gpt-4o with gpt-4o-mini", () => {
    expect(estimateCostUsd("gpt-4o-mini-2024-07-18", 1_000_000, 0)).toBeCloseTo(0.15, 10);
    expect(estimateCostUsd("gpt-4o-2024-08-06", 1_000_000, 0)).toBeCloseTo(2.5, 10);
  });

  it("counts an unknown model as free rather than guessing", () => {
    expect(estimateCostUsd("my-fine-tune", 1_000_000, 1_000_000)).toBe(0);
    expect(estimateCostUsd("gpt-4o-audio-preview", 1_000_000, 1_000_000)).toBe(0);
  });

  it("ignores negative or non-finite token counts", () => {
    expect(estimateCostUsd("gpt-4o-mini", -5, Number.NaN)).toBe(0);
    expect(estimateCostUsd("gpt-4o-mini", 0, 0)).toBe(0);
  });
});
