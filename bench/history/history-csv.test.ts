import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import {
  csvField,
  csvRecord,
  historyCsvColumns,
  writeHistoryCsv,
  type HistoryCsvRow,
} from "./history-csv";

describe("csvField", () => {
  it("leaves a plain value as it is", () => {
    expect(csvField("hello there")).toBe("hello there");
    expect(csvField("")).toBe("");
    expect(csvField("+15550100123")).toBe("+15550100123");
  });

  it("quotes a value with a comma, a quote or a line break and doubles its quotes", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("carriage\rreturn")).toBe('"carriage\rreturn"');
  });
});

describe("csvRecord", () => {
  it("reads back field for field with a standard CSV parser", () => {
    const fields = ["plain", "with, comma", 'a "quoted" word', "line\r\nbreak", "", "  spaced  "];
    expect(parse(csvRecord(fields) + csvRecord(["x"]), { relax_column_count: true })).toEqual([
      fields,
      ["x"],
    ]);
  });
});

describe("writeHistoryCsv", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("writes the header and every row, past the size of one write chunk", async () => {
    const dir = await mkdtemp(join(tmpdir(), "history-csv-"));
    dirs.push(dir);
    const rows: HistoryCsvRow[] = Array.from({ length: 2_000 }, (_, index) => ({
      messageId: `m${index}`,
      conversationId: index % 2 === 0 ? `c${index}` : null,
      sentAt: new Date(Date.UTC(2025, 2, 1, 14, 5) + index * 1000),
      direction: index % 2 === 0 ? "inbound" : "outbound",
      customerPhone: "+15550100123",
      customerName: index % 3 === 0 ? null : "Sam Taylor",
      operator: index % 2 === 0 ? null : "Dana",
      body: `question ${index}, "really"\nsecond line`,
    }));
    const path = join(dir, "history.csv");
    await writeHistoryCsv(path, rows);

    const records = parse<Record<string, string>>(await readFile(path, "utf8"), {
      columns: true,
    });
    expect(records).toHaveLength(rows.length);
    expect(Object.keys(records[0] ?? {})).toEqual([...historyCsvColumns]);
    expect(records[1]).toEqual({
      message_id: "m1",
      conversation_id: "",
      sent_at: "2025-03-01T14:05:01.000Z",
      direction: "outbound",
      customer_phone: "+15550100123",
      customer_name: "Sam Taylor",
      operator: "Dana",
      body: 'question 1, "really"\nsecond line',
    });
    expect(records.at(-1)?.message_id).toBe("m1999");
  });
});
