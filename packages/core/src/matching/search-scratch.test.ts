import { describe, expect, it } from "vitest";
import { QueryTable, TopDocs } from "./search-scratch";

describe("QueryTable", () => {
  it("answers like a map through collisions, growth and resets", () => {
    const table = new QueryTable();
    const random = (() => {
      let state = 7;
      return () => (state = (Math.imul(state, 48271) >>> 0) % 2147483647);
    })();
    for (const count of [3, 150, 1000, 40]) {
      table.reset(count);
      const expected = new Map<number, number>();
      // Terms spread like an index's (up to millions) and clustered (consecutive numbers collide in a plain mod).
      for (let i = 0; i < count; i++) {
        const term = i % 2 === 0 ? random() % 5_000_000 : 1024 * i;
        expected.set(term, i + 0.5);
        table.set(term, i + 0.5);
      }
      for (const [term, value] of expected) expect(table.get(term)).toBe(value);
      // Absent terms read 0, including every term of the previous query.
      for (let i = 0; i < 200; i++) {
        const term = 5_000_000 + i;
        expect(table.get(term)).toBe(0);
      }
    }
    table.reset(1);
    expect(table.get(1024)).toBe(0);
  });
});

describe("TopDocs", () => {
  it("keeps the best `capacity` docs", () => {
    const top = new TopDocs(3);
    [0.5, 0.1, 0.9, 0.3, 0.7, 0.2].forEach((score, doc) => top.offer(score, doc));
    const kept = Array.from({ length: top.size }, (_, i) => top.docs[i]).sort();
    expect(kept).toEqual([0, 2, 4]);
  });
});
