import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import { historyCsvColumns, writeHistoryCsv } from "../history/history-csv";
import { exchangeRows, sampleExamples, splitByIntent, startAfter } from "./build-exchanges";
import type { LabeledExample } from "./datasets";

const MINUTE = 60_000;

function examplesOf(counts: Record<string, number>): LabeledExample[] {
  return Object.entries(counts).flatMap(([intent, count]) =>
    Array.from({ length: count }, (_, index) => ({
      text: `${intent} question ${index}`,
      intent,
      reply: `The answer about ${intent}.`,
    })),
  );
}

const countBy = (examples: readonly LabeledExample[], intent: string) =>
  examples.filter((example) => example.intent === intent).length;

describe("splitByIntent", () => {
  const examples = examplesOf({ a: 10, b: 5, c: 2, d: 1 });

  it("gives each intent its share to learn from and keeps the rest to test", () => {
    const { learn, test } = splitByIntent(examples, 0.6, 1);
    expect(learn.length + test.length).toBe(examples.length);
    expect([countBy(learn, "a"), countBy(test, "a")]).toEqual([6, 4]);
    expect([countBy(learn, "b"), countBy(test, "b")]).toEqual([3, 2]);
    // Two examples: one on each side, whatever the share; one example can only be learned from.
    expect([countBy(learn, "c"), countBy(test, "c")]).toEqual([1, 1]);
    expect([countBy(learn, "d"), countBy(test, "d")]).toEqual([1, 0]);
    const learned = new Set(learn.map((example) => example.text));
    expect(test.some((example) => learned.has(example.text))).toBe(false);
  });

  it("splits the same way for the same seed, whatever the order of the file", () => {
    const first = splitByIntent(examples, 0.6, 7);
    expect(splitByIntent([...examples].reverse(), 0.6, 7)).toEqual(first);
    expect(splitByIntent(examples, 0.6, 8)).not.toEqual(first);
  });

  it("refuses a share that leaves one part empty", () => {
    expect(() => splitByIntent(examples, 1, 1)).toThrow(/learnShare/);
    expect(() => splitByIntent(examples, 0, 1)).toThrow(/learnShare/);
  });
});

describe("sampleExamples", () => {
  it("draws the same examples for the same seed", () => {
    const examples = examplesOf({ a: 30, b: 30 });
    const sample = sampleExamples(examples, 10, 3);
    expect(sample).toHaveLength(10);
    expect(sampleExamples(examples, 10, 3)).toEqual(sample);
    expect(sampleExamples(examples, 100, 3)).toHaveLength(60);
  });
});

describe("exchangeRows", () => {
  const examples = examplesOf({ a: 60, b: 60 });
  const startAt = new Date("2025-01-06T14:00:00Z");
  const rows = exchangeRows(examples, { idPrefix: "t", startAt, seed: 1, dressReplies: true });

  it("makes each example a question and, 1 to 5 minutes later, its reply", () => {
    expect(rows).toHaveLength(240);
    const byId = new Map(rows.map((row) => [row.messageId, row]));
    examples.forEach((example, index) => {
      const question = byId.get(`t-${index}-q`)!;
      const reply = byId.get(`t-${index}-a`)!;
      expect(question).toMatchObject({ direction: "inbound", body: example.text, operator: null });
      expect(reply.direction).toBe("outbound");
      expect(reply.operator).not.toBeNull();
      expect(reply.body).toContain(example.reply);
      expect(reply.customerPhone).toBe(question.customerPhone);
      const delay = reply.sentAt.getTime() - question.sentAt.getTime();
      expect(delay).toBeGreaterThanOrEqual(MINUTE);
      expect(delay).toBeLessThanOrEqual(5 * MINUTE);
    });
  });

  it("lists the messages in time order", () => {
    const times = rows.map((row) => row.sentAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBe(startAt.getTime());
  });

  it("recycles customers only after more than an hour of silence, so every exchange is its own conversation", () => {
    const lastAt = new Map<string, number>();
    for (const row of rows) {
      const previous = lastAt.get(row.customerPhone);
      if (row.direction === "inbound" && previous !== undefined) {
        expect(row.sentAt.getTime() - previous).toBeGreaterThan(61 * MINUTE);
      }
      lastAt.set(row.customerPhone, row.sentAt.getTime());
    }
    expect(lastAt.size).toBeGreaterThan(1);
  });

  it("dresses replies with greetings and sign-offs in several ways, or leaves them bare", () => {
    const dressed = new Set(
      rows.filter((row) => row.direction === "outbound" && row.body.includes("about a.")),
    );
    expect(new Set([...dressed].map((row) => row.body)).size).toBeGreaterThan(3);
    for (const row of dressed) {
      const firstName = row.customerName?.split(" ")[0];
      if (firstName !== undefined) expect(row.body).toContain(firstName);
    }
    const bare = exchangeRows(examples, { idPrefix: "t", startAt, seed: 1, dressReplies: false });
    expect(bare.filter((row) => row.direction === "outbound").map((row) => row.body)).toEqual(
      examples.map((example) => example.reply),
    );
  });

  it("starts the next part after a gap longer than any conversation", () => {
    const next = startAfter(rows, startAt);
    expect(next.getTime() - (rows.at(-1)?.sentAt.getTime() ?? 0)).toBeGreaterThan(61 * MINUTE);
    expect(startAfter([], startAt)).toBe(startAt);
  });

  describe("written as a CSV file", () => {
    let dir = "";
    afterAll(async () => {
      if (dir !== "") await rm(dir, { recursive: true, force: true });
    });

    it("is in the import format", async () => {
      dir = await mkdtemp(join(tmpdir(), "exchange-rows-"));
      const path = join(dir, "learn.csv");
      await writeHistoryCsv(path, rows);
      const text = await readFile(path, "utf8");
      expect(text.slice(0, text.indexOf("\n"))).toBe(historyCsvColumns.join(","));
      const records = parse<Record<string, string>>(text, { columns: true });
      expect(records).toHaveLength(rows.length);
      for (const record of records) {
        expect(record.sent_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        expect(["inbound", "outbound"]).toContain(record.direction);
        expect(record.customer_phone).toMatch(/^\+1555\d{7}$/);
        expect(record.message_id).not.toBe("");
      }
    });
  });
});
