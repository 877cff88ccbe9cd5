import { describe, expect, it } from "vitest";
import { clampConfidence, requireFinite, requireUnit, roundConfidence } from "./confidence-number";

describe("confidence numbers", () => {
  it("rounds to six decimals", () => {
    expect(roundConfidence(0.1 + 0.2)).toBe(0.3);
    expect(roundConfidence(0.1234567)).toBe(0.123457);
    expect(Object.is(roundConfidence(-0.0000001), 0)).toBe(true);
  });

  it("clamps into [0, 1]", () => {
    expect(clampConfidence(1.2)).toBe(1);
    expect(clampConfidence(-0.3)).toBe(0);
    expect(clampConfidence(0.4)).toBe(0.4);
  });

  it("accepts finite numbers only", () => {
    expect(requireFinite(-3, "x")).toBe(-3);
    expect(() => requireFinite("0.5", "x")).toThrow('x must be a finite number, got "0.5"');
    expect(() => requireFinite(Number.NEGATIVE_INFINITY, "x")).toThrow(TypeError);
  });

  it("accepts [0, 1] inclusive as a unit", () => {
    expect(requireUnit(0, "c")).toBe(0);
    expect(requireUnit(1, "c")).toBe(1);
    expect(() => requireUnit(1.000001, "c")).toThrow("c must be between 0 and 1");
  });
});
