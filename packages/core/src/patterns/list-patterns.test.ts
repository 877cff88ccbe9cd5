import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@playbook/db";
import { patternExamples, patterns, patternTypes } from "@playbook/db/schema";
import type { TestDatabase } from "@playbook/db/testing";
import { testDatabaseKinds } from "@playbook/db/testing";
import { listPatterns, type TListPatternsRequest } from "./list-patterns";
import type { Pattern } from "./pattern-fields";
import { insertPattern, openPatternTestDatabase } from "./pattern-test-fixtures";

describe.each(testDatabaseKinds)("listPatterns on %s", (kind) => {
  let test: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    ({ test, db } = await openPatternTestDatabase(kind));
  });
  afterAll(() => test.drop());
  beforeEach(async () => {
    await db.delete(patterns);
  });

  async function pageThrough(request: Omit<TListPatternsRequest & object, "cursor">) {
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listPatterns(db, { ...request, cursor });
      ids.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
      expect(pages).toBeLessThan(50);
    } while (cursor);
    return { ids, pages };
  }

  // Expected order: the sort value (nulls last), then the id, both in the requested direction.
  function expectedOrder(
    rows: Pattern[],
    key: "confidence" | "executionCount" | "lastUsedAt" | "createdAt",
    direction: "asc" | "desc",
  ) {
    const sign = direction === "desc" ? -1 : 1;
    const value = (row: Pattern) => {
      const v = row[key];
      return v instanceof Date ? v.getTime() : v;
    };
    return [...rows]
      .sort((a, b) => {
        const va = value(a);
        const vb = value(b);
        if (va === null && vb !== null) return 1;
        if (vb === null && va !== null) return -1;
        if (va !== null && vb !== null && va !== vb) return sign * (va < vb ? -1 : 1);
        return sign * (a.id < b.id ? -1 : 1);
      })
      .map((row) => row.id);
  }

  it("pages by confidence with many equal values, each pattern exactly once, in both directions", async () => {
    const rows: Pattern[] = [];
    for (const confidence of [0.8, 0.8, 0.8, 0.5, 0.5, 0.9, 0.8, 0.8, 0.1]) {
      rows.push(await insertPattern(db, { confidence }));
    }
    for (const direction of ["desc", "asc"] as const) {
      const { ids, pages } = await pageThrough({ sort: "confidence", order: direction, limit: 2 });
      expect(pages).toBe(5);
      expect(ids).toEqual(expectedOrder(rows, "confidence", direction));
    }
    const first = await listPatterns(db, {});
    expect(first.items.map((item) => item.confidence)).toEqual([
      0.9, 0.8, 0.8, 0.8, 0.8, 0.8, 0.5, 0.5, 0.1,
    ]);
    expect(first.nextCursor).toBeNull();
  });

  it("pages by last use with never-used patterns last in either direction", async () => {
    const at = new Date("2025-03-01T10:00:00.123Z");
    const earlier = new Date("2025-02-01T10:00:00.000Z");
    const rows = [
      await insertPattern(db, { lastUsedAt: at }),
      await insertPattern(db, { lastUsedAt: null }),
      await insertPattern(db, { lastUsedAt: at }),
      await insertPattern(db, { lastUsedAt: null }),
      await insertPattern(db, { lastUsedAt: earlier }),
      await insertPattern(db, { lastUsedAt: null }),
      await insertPattern(db, { lastUsedAt: at }),
    ];
    for (const direction of ["desc", "asc"] as const) {
      for (const limit of [1, 2, 3]) {
        const { ids } = await pageThrough({ sort: "lastUsedAt", order: direction, limit });
        expect(ids).toEqual(expectedOrder(rows, "lastUsedAt", direction));
      }
    }
  });

  it("pages by creation time and by execution count with ties", async () => {
    const created = new Date("2025-01-01T00:00:00.001Z");
    const rows = [
      await insertPattern(db, { createdAt: created, executionCount: 3 }),
      await insertPattern(db, { createdAt: created, executionCount: 3 }),
      await insertPattern(db, { executionCount: 0 }),
      await insertPattern(db, { createdAt: created, executionCount: 3 }),
      await insertPattern(db, { executionCount: 10 }),
    ];
    for (const sort of ["createdAt", "executionCount"] as const) {
      const { ids } = await pageThrough({ sort, limit: 2 });
      expect(ids).toEqual(expectedOrder(rows, sort, "desc"));
    }
  });

  it("sorts by trigger, type, state and update time on numbered pages with a total, ties by id", async () => {
    const updated = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));
    const rows: Pattern[] = [];
    for (const [triggerText, type, state, minute] of [
      ["bravo", "faq", "inactive", 1],
      ["alpha", "general", "active", 2],
      ["bravo", "general", "auto", 1],
      ["charlie", "faq", "deleted", 3],
      ["alpha", "faq", "inactive", 2],
      ["delta", "general", "active", 1],
      ["bravo", "faq", "auto", 3],
    ] as const) {
      rows.push(
        await insertPattern(db, {
          triggerText,
          type,
          isActive: state === "active" || state === "auto",
          autoExecutable: state === "auto",
          deletedAt: state === "deleted" ? updated(0) : null,
          updatedAt: updated(minute),
        }),
      );
    }
    const rank = {
      triggerText: (row: Pattern) => row.triggerText,
      type: (row: Pattern) => patternTypes.indexOf(row.type),
      state: (row: Pattern) =>
        row.deletedAt ? 0 : !row.isActive ? 1 : !row.autoExecutable ? 2 : 3,
      updatedAt: (row: Pattern) => row.updatedAt.getTime(),
    };
    for (const sort of ["triggerText", "type", "state", "updatedAt"] as const) {
      for (const order of ["asc", "desc"] as const) {
        const sign = order === "desc" ? -1 : 1;
        const expected = [...rows]
          .sort((a, b) => {
            const [va, vb] = [rank[sort](a), rank[sort](b)];
            return va !== vb ? sign * (va < vb ? -1 : 1) : sign * (a.id < b.id ? -1 : 1);
          })
          .map((row) => row.id);
        const pages = [];
        for (const page of [1, 2, 3, 4]) {
          pages.push(await listPatterns(db, { sort, order, deleted: "include", limit: 2, page }));
        }
        expect(pages.map((page) => page.total)).toEqual([7, 7, 7, 7]);
        expect(pages.map((page) => page.items.length)).toEqual([2, 2, 2, 1]);
        expect(pages.flatMap((page) => page.items.map((item) => item.id))).toEqual(expected);
        // The cursor walks the same order.
        expect((await pageThrough({ sort, order, deleted: "include", limit: 3 })).ids).toEqual(
          expected,
        );
      }
    }
    // The total counts what the filters match, whatever the page; past the end is empty, not an error.
    const faqs = await listPatterns(db, { type: "faq", limit: 2, page: 2 });
    expect(faqs.total).toBe(3);
    expect(faqs.items).toHaveLength(1);
    expect(await listPatterns(db, { page: 9 })).toMatchObject({ total: 6, items: [] });
  });

  it("does not repeat or skip rows when a pattern is added between pages", async () => {
    for (const confidence of [0.7, 0.7, 0.6, 0.6]) await insertPattern(db, { confidence });
    const first = await listPatterns(db, { limit: 2 });
    await insertPattern(db, { confidence: 0.99 });
    const second = await listPatterns(db, { limit: 2, cursor: first.nextCursor! });
    const seen = [...first.items, ...second.items].map((item) => item.id);
    expect(new Set(seen).size).toBe(4);
    expect(second.items.map((item) => item.confidence)).toEqual([0.6, 0.6]);
  });

  it("filters by type, state, origin, confidence range and tag", async () => {
    const faq = await insertPattern(db, { type: "faq", tags: ["hours", "weekend"] });
    const active = await insertPattern(db, { isActive: true, confidence: 0.9 });
    const auto = await insertPattern(db, {
      isActive: true,
      autoExecutable: true,
      confidence: 0.97,
      createdFrom: "manual",
    });
    const low = await insertPattern(db, { confidence: 0.2, tags: ["hours"] });
    const ids = async (request: TListPatternsRequest) =>
      (await listPatterns(db, request)).items.map((item) => item.id).sort();
    expect(await ids({ type: "faq" })).toEqual([faq.id]);
    expect(await ids({ isActive: true })).toEqual([active.id, auto.id].sort());
    expect(await ids({ isActive: false })).toEqual([faq.id, low.id].sort());
    expect(await ids({ autoExecutable: true })).toEqual([auto.id]);
    expect(await ids({ createdFrom: "manual" })).toEqual([auto.id]);
    expect(await ids({ minConfidence: 0.9 })).toEqual([active.id, auto.id].sort());
    expect(await ids({ maxConfidence: 0.5 })).toEqual([faq.id, low.id].sort());
    expect(await ids({ minConfidence: 0.3, maxConfidence: 0.95 })).toEqual(
      [faq.id, active.id].sort(),
    );
    expect(await ids({ tag: " Hours " })).toEqual([faq.id, low.id].sort());
    expect(await ids({ tag: "weekend", type: "faq" })).toEqual([faq.id]);
    expect(await ids({ tag: "none" })).toEqual([]);
  });

  it("searches trigger and template case-insensitively, with % and _ taken literally", async () => {
    const percent = await insertPattern(db, {
      triggerText: "Is there a 10% discount?",
      responseTemplate: "Yes, members get it.",
    });
    const underscore = await insertPattern(db, {
      triggerText: "What is the wifi?",
      responseTemplate: "The network is GOLF_GUEST.",
    });
    const plain = await insertPattern(db, {
      triggerText: "Do you have 100 balls?",
      responseTemplate: "We have a golf guest pass.",
    });
    const ids = async (search: string) =>
      (await listPatterns(db, { search })).items.map((item) => item.id).sort();
    expect(await ids("10%")).toEqual([percent.id]);
    expect(await ids("%")).toEqual([percent.id]);
    expect(await ids("golf_guest")).toEqual([underscore.id]);
    expect(await ids("GOLF")).toEqual([underscore.id, plain.id].sort());
    expect(await ids("wifi")).toEqual([underscore.id]);
    expect(await ids("back\\slash")).toEqual([]);
  });

  it("hides deleted patterns by default and shows them on request", async () => {
    const live = await insertPattern(db);
    const gone = await insertPattern(db, { deletedAt: new Date() });
    const ids = async (deleted?: "exclude" | "only" | "include") =>
      (await listPatterns(db, { deleted })).items.map((item) => item.id).sort();
    expect(await ids()).toEqual([live.id]);
    expect(await ids("exclude")).toEqual([live.id]);
    expect(await ids("only")).toEqual([gone.id]);
    expect(await ids("include")).toEqual([live.id, gone.id].sort());
  });

  it("counts each pattern's examples", async () => {
    const withExamples = await insertPattern(db, { confidence: 0.9 });
    const without = await insertPattern(db, { confidence: 0.1 });
    await db.insert(patternExamples).values(
      [1, 2, 3].map((n) => ({
        patternId: withExamples.id,
        customerText: `q ${n}`,
        replyText: `a ${n}`,
        source: "learned" as const,
      })),
    );
    const { items } = await listPatterns(db, undefined);
    expect(items.map((item) => [item.id, item.exampleCount])).toEqual([
      [withExamples.id, 3],
      [without.id, 0],
    ]);
    expect(items[0]).toMatchObject({ triggerText: withExamples.triggerText, confidence: 0.9 });
  });

  it("refuses bad requests and cursors with BAD_REQUEST", async () => {
    for (let i = 0; i < 3; i += 1) await insertPattern(db);
    const { nextCursor } = await listPatterns(db, { limit: 1 });
    expect(nextCursor).toBeTruthy();
    const refused = (request: TListPatternsRequest) =>
      expect(listPatterns(db, request)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await refused({ limit: 0 });
    await refused({ limit: 101 });
    await refused({ minConfidence: 0.8, maxConfidence: 0.2 });
    await refused({ minConfidence: 1.5 });
    await refused({ cursor: "not-a-cursor" });
    await refused({ cursor: Buffer.from('{"sort":"confidence"}').toString("base64url") });
    await refused({ cursor: nextCursor!, sort: "createdAt" });
    await refused({ cursor: nextCursor!, order: "asc" });
    await refused({ cursor: nextCursor!, page: 1 });
    await refused({ page: 0 });
    await refused({ page: 1.5 });
    await refused({ sort: "responseTemplate" } as unknown as TListPatternsRequest);
    const second = await listPatterns(db, { limit: 1, cursor: nextCursor! });
    expect(second.items).toHaveLength(1);
  });
});
