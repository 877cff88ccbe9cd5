import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { historyCsvColumns } from "./history-csv";
import { writeSyntheticHistory, type SyntheticHistorySummary } from "./synthetic-history";

type HistoryRecord = { [column in (typeof historyCsvColumns)[number]]: string };

describe("writeSyntheticHistory", () => {
  let dir: string;
  let summary: SyntheticHistorySummary;
  let text: string;
  let records: HistoryRecord[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "synthetic-history-"));
    summary = await writeSyntheticHistory(join(dir, "a.csv"), {
      messages: 3_000,
      customers: 200,
      seed: 5,
    });
    text = await readFile(join(dir, "a.csv"), "utf8");
    records = parse<HistoryRecord>(text, { columns: true });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes exactly the rows asked for, in the import format, in time order", () => {
    expect(text.slice(0, text.indexOf("\n"))).toBe(historyCsvColumns.join(","));
    expect(records).toHaveLength(3_000);
    expect(summary.rows).toBe(3_000);
    const times = records.map((record) => Date.parse(record.sent_at));
    expect(times.every((time, index) => index === 0 || time >= (times[index - 1] ?? 0))).toBe(true);
    expect(summary.firstSentAt?.toISOString()).toBe(records[0]?.sent_at);
    expect(summary.lastSentAt?.toISOString()).toBe(records.at(-1)?.sent_at);
    expect(new Set(records.map((record) => record.message_id)).size).toBe(3_000);
    for (const record of records) {
      expect(record.customer_phone).toMatch(/^\+1555\d{7}$/);
      expect(record.body.trim()).not.toBe("");
      // Only operators' messages name who sent them.
      expect(record.operator === "").toBe(record.direction === "inbound");
    }
  });

  it("has roughly as many customer messages as operator replies", () => {
    const inbound = records.filter((record) => record.direction === "inbound").length;
    expect(summary.inbound).toBe(inbound);
    expect(summary.outbound).toBe(3_000 - inbound);
    expect(inbound / 3_000).toBeGreaterThan(0.45);
    expect(inbound / 3_000).toBeLessThan(0.6);
  });

  it("starts every conversation (a customer's messages after a 60-minute silence) with the customer", () => {
    const lastAt = new Map<string, number>();
    let conversations = 0;
    for (const record of records) {
      const at = Date.parse(record.sent_at);
      const previous = lastAt.get(record.customer_phone);
      if (previous === undefined || at - previous > 60 * 60_000) {
        conversations += 1;
        expect(record.direction).toBe("inbound");
      }
      lastAt.set(record.customer_phone, at);
    }
    // Every conversation in the file is one the generator started (the last may be cut short).
    expect(conversations).toBe(summary.conversations);
  });

  it("spreads conversations over many customers", () => {
    expect(new Set(records.map((record) => record.customer_phone)).size).toBeGreaterThan(150);
  });

  it("writes the same file for the same seed and another for another seed", async () => {
    const again = join(dir, "again.csv");
    const other = join(dir, "other.csv");
    await writeSyntheticHistory(again, { messages: 3_000, customers: 200, seed: 5 });
    await writeSyntheticHistory(other, { messages: 3_000, customers: 200, seed: 6 });
    expect(await readFile(again, "utf8")).toBe(text);
    expect(await readFile(other, "utf8")).not.toBe(text);
  });

  it("starts where it is told to, skipping the hours the business is closed", async () => {
    const path = join(dir, "later.csv");
    const later = await writeSyntheticHistory(path, {
      messages: 10,
      customers: 5,
      seed: 5,
      startAt: new Date("2025-06-01T05:00:00Z"),
    });
    expect(later.firstSentAt!.getTime()).toBeGreaterThanOrEqual(Date.parse("2025-06-01T13:00:00Z"));
  });

  it("makes a customer wait for their next conversation when there are few customers", async () => {
    const path = join(dir, "one.csv");
    await writeSyntheticHistory(path, { messages: 200, customers: 1, seed: 3 });
    const rows = parse<HistoryRecord>(await readFile(path, "utf8"), { columns: true });
    expect(rows).toHaveLength(200);
    const times = rows.map((record) => Date.parse(record.sent_at));
    expect(times.every((time, index) => index === 0 || time >= (times[index - 1] ?? 0))).toBe(true);
  });
});
