import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { PatternSnapshot } from "@playbook/db/schema";
import { changedFields, patternFieldSchemas, sameSnapshot } from "./pattern-fields";

const snapshot: PatternSnapshot = {
  type: "faq",
  triggerText: "Where do I park?",
  triggerKeywords: ["park"],
  responseTemplate: "Behind the building.",
  variables: [],
  actionTemplate: { kind: "send_map", params: { a: "1", b: "2" } },
  tags: ["parking"],
  notes: null,
};

describe("pattern field schemas", () => {
  const fields = z.object(patternFieldSchemas).partial();

  it("normalises keywords like message text and drops repeats", () => {
    expect(fields.parse({ triggerKeywords: ["Gift-Card", "gift card", " Café "] })).toEqual({
      triggerKeywords: ["gift card", "cafe"],
    });
  });

  it("lower-cases and de-duplicates tags, and stores a cleared note as null", () => {
    expect(fields.parse({ tags: [" VIP", "vip", "Late"], notes: "   " })).toEqual({
      tags: ["vip", "late"],
      notes: null,
    });
  });

  it("refuses keywords without words, too many keywords and blank texts", () => {
    expect(fields.safeParse({ triggerKeywords: ["!!"] }).success).toBe(false);
    expect(
      fields.safeParse({ triggerKeywords: Array.from({ length: 13 }, (_, i) => `k${i}`) }).success,
    ).toBe(false);
    expect(fields.safeParse({ responseTemplate: "  " }).success).toBe(false);
  });

  it("leaves absent fields absent, so a partial update changes only what it names", () => {
    expect(fields.parse({})).toEqual({});
  });
});

describe("sameSnapshot and changedFields", () => {
  it("ignore key order, including inside the action template", () => {
    const reordered = {
      ...snapshot,
      actionTemplate: { params: { b: "2", a: "1" }, kind: "send_map" },
    };
    expect(sameSnapshot(snapshot, reordered)).toBe(true);
    expect(changedFields(snapshot, reordered)).toEqual([]);
  });

  it("see a change in any field, including array order", () => {
    const changed = { ...snapshot, tags: ["parking", "map"], notes: "n" };
    expect(sameSnapshot(snapshot, changed)).toBe(false);
    expect(changedFields(snapshot, changed)).toEqual(["tags", "notes"]);
    expect(sameSnapshot(snapshot, { ...snapshot, triggerKeywords: ["park", "car"] })).toBe(false);
  });
});
