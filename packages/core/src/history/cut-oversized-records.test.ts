// The cutter in front of the CSV parser: a file under the limit passes byte for byte, however it is chunked; a
// record over it is cut short without merging or splitting any record, as csv-parse itself reads them.
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { createRandom } from "../matching/synthetic-corpus";
import { OversizedRecordCutter } from "./cut-oversized-records";

// The reader's options that decide where records and fields end.
const parseLikeTheReader = (text: string | Buffer): string[][] =>
  parse(text, { bom: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: true });

/** A CSV-like text: plain and quoted fields, escaped and stray quotes, line breaks of one style. */
function randomCsv(random: () => number, lineBreak: string): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const word = () =>
    pick(["bay", "door", "code", "9am", "ok", "x".repeat(1 + Math.floor(random() * 40))]);
  const field = () => {
    const kind = random();
    if (kind < 0.4) return word();
    if (kind < 0.5) return `${word()}"${word()}`; // a stray quote inside a plain field
    if (kind < 0.55) return "";
    const inner = Array.from({ length: 1 + Math.floor(random() * 6) }, () =>
      pick([word(), ",", '""', lineBreak, " "]),
    ).join("");
    return `"${inner}"`;
  };
  const records = Array.from({ length: 1 + Math.floor(random() * 12) }, () =>
    Array.from({ length: 1 + Math.floor(random() * 5) }, field).join(","),
  );
  return records.join(lineBreak) + (random() < 0.5 ? lineBreak : "");
}

async function cut(text: string, limit: number, random: () => number) {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length;) {
    const size = 1 + Math.floor(random() * 8);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  const cutter = new OversizedRecordCutter(limit);
  const output = await buffer(Readable.from(chunks).pipe(cutter));
  return { output, cuts: cutter.cuts };
}

describe("OversizedRecordCutter", () => {
  it("passes a file under the limit through byte for byte, whatever the chunks", async () => {
    const random = createRandom(11);
    for (let round = 0; round < 300; round++) {
      const text = (random() < 0.2 ? "\ufeff" : "") + randomCsv(random, pick3(random));
      const { output, cuts } = await cut(text, 1_000_000, random);
      expect(output.toString()).toBe(text);
      expect(cuts).toEqual([]);
    }
  });

  it("cuts only the records over the limit, leaving every record boundary where csv-parse finds it", async () => {
    const random = createRandom(12);
    for (let round = 0; round < 300; round++) {
      const text = randomCsv(random, pick3(random));
      const limit = 10 + Math.floor(random() * 40);
      const whole = parseLikeTheReader(text);
      const { output, cuts } = await cut(text, limit, random);
      const read = parseLikeTheReader(output);
      expect(read.length, JSON.stringify(text)).toBe(whole.length);
      // A record short enough is untouched; the cut ones are no longer than the limit (plus a closing quote).
      const recordBytes = (fields: string[]) => Buffer.byteLength(fields.join(","));
      read.forEach((fields, i) => {
        // Written out, a record is at most twice its text (every quote escaped) plus quotes and commas.
        if (2 * recordBytes(whole[i]!) + 3 * whole[i]!.length <= limit) {
          expect(fields).toEqual(whole[i]);
        }
        expect(recordBytes(fields)).toBeLessThanOrEqual(recordBytes(whole[i]!));
      });
      const dropped = cuts.reduce((sum, c) => sum + c.droppedBytes, 0);
      expect(output.length + dropped).toBe(Buffer.byteLength(text));
    }
  });
});

function pick3(random: () => number): string {
  return ["\n", "\r\n", "\r"][Math.floor(random() * 3)]!;
}
