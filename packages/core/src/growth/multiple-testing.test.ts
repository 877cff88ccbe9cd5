import { describe, expect, it } from "vitest";
import { evidenceConfidence } from "./evidence-confidence";
import { benjaminiHochberg, shareRatio } from "./multiple-testing";

describe("benjaminiHochberg", () => {
  it("matches R's p.adjust(method = 'BH') on its documented example", () => {
    // p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "BH") = 0.05 0.05 0.05 0.05 0.05
    for (const q of benjaminiHochberg([0.01, 0.02, 0.03, 0.04, 0.05]))
      expect(q).toBeCloseTo(0.05, 12);
    // Benjamini & Hochberg (1995), 15 p-values: at 0.05 the first four are rejected.
    const bh1995 = [
      0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719,
      0.6528, 0.759, 1,
    ];
    const q = benjaminiHochberg(bh1995);
    expect(q.filter((v) => v <= 0.05)).toHaveLength(4);
    expect(q[3]).toBeCloseTo(0.035625, 6);
  });

  it("keeps the input order", () => {
    const q = benjaminiHochberg([0.5, 0.001, 0.04]);
    expect(q[1]).toBeCloseTo(0.003, 9);
    expect(q[2]).toBeCloseTo(0.06, 9);
    expect(q[0]).toBeCloseTo(0.5, 9);
  });
});

describe("shareRatio", () => {
  it("gives Katz's interval for a risk ratio", () => {
    // 30/100 vs 15/100: RR 2, log SE sqrt(0.7/30 + 0.85/15) = √0.08 → 2·exp(±1.96·0.2828) = (1.1489, 3.4817).
    const r = shareRatio(0.3, 100, 0.15, 100)!;
    expect(r.ratio).toBeCloseTo(2, 9);
    expect(r.lower).toBeCloseTo(1.1489, 3);
    expect(r.upper).toBeCloseTo(3.4817, 3);
  });
  it("has no ratio when a share is zero", () => {
    expect(shareRatio(0.3, 10, 0, 10)).toBeNull();
  });
});

describe("evidenceConfidence", () => {
  it("is 0 below 5 contractors and rises with size and consistency", () => {
    expect(evidenceConfidence(4, 1)).toBe(0);
    expect(evidenceConfidence(5, 1)).toBe(0.25);
    expect(evidenceConfidence(10, 1)).toBe(0.5);
    expect(evidenceConfidence(40, 1)).toBe(1);
    expect(evidenceConfidence(40, 0.5)).toBe(0.5);
  });
});
