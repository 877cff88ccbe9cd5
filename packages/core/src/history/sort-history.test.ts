// The external sort behind replay: rows come back in sent order across many sorted runs, bad rows are counted
// and kept for the report, and the temporary folder goes away.
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { createRandom } from "../matching/synthetic-corpus";
import { sortHistoryFile } from "./sort-history";

const HEADER =
  "message_id,conversation_id,sent_at,direction,customer_phone,customer_name,operator,body";
const start = Date.parse("2025-03-01T14:00:00Z");

describe("sortHistoryFile", () => {
  let dir: string;
  let file: string;
  const good = 50;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "sort-history-test-"));
    file = path.join(dir, "shuffled.csv");
    const random = createRandom(3);
    // Two rows share each time, so the line breaks the tie.
    const rows = Array.from({ length: good }, (_, i) => {
      const at = new Date(start + Math.floor(i / 2) * 60_000).toISOString();
      return `m${i},c1,${at},inbound,+15550100${String(i % 7).padStart(3, "0")},,,question ${i}`;
    });
    for (let i = rows.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    rows.splice(10, 0, "bad1,c1,not a date,inbound,+15550100001,,,hello");
    rows.splice(30, 0, "bad2,c1,2025-03-01T14:00:00Z,sideways,+15550100001,,,hello");
    await writeFile(file, `${[HEADER, ...rows].join("\n")}\n`);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("returns every good row once, by time and then by line, across many runs", async () => {
    const sorted = await sortHistoryFile(file, { runRows: 7 });
    try {
      const rows = [];
      for await (const row of sorted.rows) rows.push(row);
      expect(rows).toHaveLength(good);
      expect(new Set(rows.map((r) => r.key)).size).toBe(good);
      for (let i = 1; i < rows.length; i += 1) {
        const [a, b] = [rows[i - 1]!, rows[i]!];
        expect(a.sentAt.getTime() < b.sentAt.getTime() || a.line < b.line).toBe(true);
        expect(a.sentAt.getTime()).toBeLessThanOrEqual(b.sentAt.getTime());
      }
      expect(rows[0]!.sentAt).toBeInstanceOf(Date);
      expect(sorted.rowsRead).toBe(good + 2);
      expect(sorted.rowsRejected).toBe(2);
      expect(sorted.rejections.map((r) => r.reason)).toEqual([
        expect.stringContaining("sent_at"),
        expect.stringContaining("direction"),
      ]);
    } finally {
      await sorted.close();
    }
  });

  it("keeps only the first rejections it is asked to, and removes its folder on close", async () => {
    // A temp folder of its own, so another test's sort cannot come and go in between.
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = dir;
    onTestFinished(() => {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
    });
    const before = (await readdir(tmpdir())).filter((n) => n.startsWith("playbook-sort-"));
    const sorted = await sortHistoryFile(file, { runRows: 5, keepRejections: 1 });
    const during = (await readdir(tmpdir())).filter((n) => n.startsWith("playbook-sort-"));
    expect(during.length).toBe(before.length + 1);
    expect(sorted.rejections).toHaveLength(1);
    expect(sorted.rowsRejected).toBe(2);
    await sorted.close();
    const after = (await readdir(tmpdir())).filter((n) => n.startsWith("playbook-sort-"));
    expect(after).toEqual(before);
  });
});
