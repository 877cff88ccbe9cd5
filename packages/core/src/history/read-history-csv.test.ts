// The history CSV reader: both header dialects, every rejection reason, line numbers across multi-line records,
// resuming, file-level errors, malformed CSV, and a large file streamed in bounded memory.
import { Readable } from "node:stream";
import { setImmediate } from "node:timers/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { createRandom } from "../matching/synthetic-corpus";
import type { HistoryRecord, HistoryRow, RejectedRow } from "./history-row";
import { HistoryCsvError, historyColumnAliases, readHistoryCsv } from "./read-history-csv";

const OUR_HEADER =
  "message_id,conversation_id,sent_at,direction,customer_phone,customer_name,operator,body";
const CUSTOMER = "+15550100199";
const BUSINESS = "+15550100100";

async function readAll(
  input: string | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
  opts?: { afterLine?: number },
): Promise<HistoryRecord[]> {
  const records: HistoryRecord[] = [];
  const source = Readable.from(typeof input === "string" ? [input] : input);
  for await (const record of readHistoryCsv(source, opts)) {
    records.push(record);
  }
  return records;
}

function rowsOf(records: readonly HistoryRecord[]): HistoryRow[] {
  return records.map((record) => {
    if (!record.ok)
      throw new Error(`line ${record.rejected.line} rejected: ${record.rejected.reason}`);
    return record.row;
  });
}

function rejectionsOf(records: readonly HistoryRecord[]): RejectedRow[] {
  return records.flatMap((record) => (record.ok ? [] : [record.rejected]));
}

function linesOf(records: readonly HistoryRecord[]): number[] {
  return records.map((record) => (record.ok ? record.row.line : record.rejected.line));
}

/** A row of our format with sensible defaults; `fields` overrides by column name. */
function ourRow(fields: Partial<Record<string, string>> = {}): string {
  const values: Record<string, string> = {
    message_id: "",
    conversation_id: "",
    sent_at: "2024-03-01T14:05:00Z",
    direction: "inbound",
    customer_phone: CUSTOMER,
    customer_name: "",
    operator: "",
    body: "Is bay 3 free at 6?",
    ...fields,
  };
  return OUR_HEADER.split(",")
    .map((column) => values[column] ?? "")
    .join(",");
}

/** The records read before the reader stopped with an error, and that error. */
async function readUntilError(
  input: string,
): Promise<{ records: HistoryRecord[]; error: unknown }> {
  const records: HistoryRecord[] = [];
  try {
    for await (const record of readHistoryCsv(Readable.from([input]))) records.push(record);
  } catch (error) {
    return { records, error };
  }
  throw new Error("expected the reader to stop with an error");
}

async function readError(input: string): Promise<unknown> {
  try {
    await readAll(input);
  } catch (error) {
    return error;
  }
  throw new Error("expected the file to be refused");
}

describe("readHistoryCsv: our header", () => {
  it("reads every field of a row, trimming the optional ones", async () => {
    const file = [
      OUR_HEADER,
      `m-1,c-1,2024-03-01T14:05:00Z,inbound,+1 (555) 010-0199, Dana Wu ,,"Hi, is bay 3 free at 6?"`,
      `,  ,2024-03-01T14:06:30.250-05:00,outbound,${CUSTOMER},,sam@example.com,  Yes!  See you  `,
      "",
    ].join("\n");

    const records = await readAll(file);

    expect(rowsOf(records)).toEqual([
      {
        line: 2,
        key: "m-1",
        messageId: "m-1",
        conversationId: "c-1",
        sentAt: new Date("2024-03-01T14:05:00Z"),
        direction: "inbound",
        customerPhone: CUSTOMER,
        customerName: "Dana Wu",
        operator: null,
        body: "Hi, is bay 3 free at 6?",
      },
      {
        line: 3,
        key: "row:983e9e98c894698969c8a1f9708b54c0",
        messageId: null,
        conversationId: null,
        sentAt: new Date("2024-03-01T19:06:30.250Z"),
        direction: "outbound",
        customerPhone: CUSTOMER,
        customerName: null,
        operator: "sam@example.com",
        body: "  Yes!  See you  ",
      },
    ]);
  });

  it("reports the bytes consumed so far with each record, ending at the size of the file", async () => {
    const file = [
      OUR_HEADER,
      ourRow({ body: "Grüße" }),
      ourRow({ body: "bad", direction: "x" }),
    ].join("\n");
    const records = await readAll(file);
    const firstRowEnd = Buffer.byteLength(`${OUR_HEADER}\n${ourRow({ body: "Grüße" })}\n`);

    expect(records.map((record) => record.bytes)).toEqual([firstRowEnd, Buffer.byteLength(file)]);
  });

  it("accepts columns in any order, any case and spelling, and ignores unknown ones", async () => {
    const file = [
      "Body,Notes,SENT AT,Direction,Customer Phone",
      `Hello,ignored,2024-03-01T14:05:00Z,INCOMING,${CUSTOMER}`,
    ].join("\n");

    const [row] = rowsOf(await readAll(file));

    expect(row).toMatchObject({ body: "Hello", direction: "inbound", customerPhone: CUSTOMER });
    expect(row?.messageId).toBeNull();
  });

  it("skips empty lines and rows of empty cells, and handles a file without a final line break", async () => {
    const file = [
      OUR_HEADER,
      "",
      ourRow({ body: "one" }),
      ",,,,,,,",
      "  ",
      ourRow({ body: "two" }),
    ].join("\n");
    const records = await readAll(`${file}\n\n\n`);
    const withoutFinalBreak = await readAll(file);

    expect(rowsOf(records).map((row) => [row.line, row.body])).toEqual([
      [3, "one"],
      [6, "two"],
    ]);
    expect(rowsOf(withoutFinalBreak).map((row) => row.line)).toEqual([3, 6]);
  });

  it("drops NUL characters, which the database cannot store", async () => {
    const [row] = rowsOf(await readAll([OUR_HEADER, ourRow({ body: "a\u0000b" })].join("\n")));
    expect(row?.body).toBe("ab");
  });

  it("reads strings and byte chunks from any async iterable, split anywhere", async () => {
    const file = [OUR_HEADER, ourRow({ body: "Grüße 👋" }), ourRow({ body: "two" })].join("\n");
    const bytes = Buffer.from(file);
    // Arrives like an upload: one byte per turn of the event loop.
    async function* oneByteAtATime() {
      for (const byte of bytes) {
        await setImmediate();
        yield new Uint8Array([byte]);
      }
    }
    const records: HistoryRecord[] = [];
    for await (const record of readHistoryCsv(oneByteAtATime())) records.push(record);

    expect(rowsOf(records).map((row) => row.body)).toEqual(["Grüße 👋", "two"]);
  });
});

describe("readHistoryCsv: OpenPhone's export", () => {
  const header = "id,conversationId,createdAt,direction,from,to,text,userId,status";

  it("maps its columns and takes the customer from `from` when incoming and `to` when outgoing", async () => {
    const file = [
      header,
      `AC1,CN1,2024-03-01T14:05:00.000Z,incoming,${CUSTOMER},${BUSINESS},Is bay 3 free?,,received`,
      `AC2,CN1,2024-03-01T14:06:00.000Z,outgoing,${BUSINESS},${CUSTOMER},Yes it is,US1,delivered`,
      `AC3,CN2,2024-03-01T14:07:00.000Z,outgoing,${BUSINESS},"[""+15550100123"",""+15550100124""]",Group hello,US1,sent`,
      `AC4,CN3,2024-03-01T14:08:00.000Z,outgoing,${BUSINESS},"+15550100125, +15550100126",Another,US1,sent`,
    ].join("\n");

    const rows = rowsOf(await readAll(file));

    expect(
      rows.map((row) => [
        row.key,
        row.conversationId,
        row.direction,
        row.customerPhone,
        row.operator,
      ]),
    ).toEqual([
      ["AC1", "CN1", "inbound", CUSTOMER, null],
      ["AC2", "CN1", "outbound", CUSTOMER, "US1"],
      ["AC3", "CN2", "outbound", "+15550100123", "US1"],
      ["AC4", "CN3", "outbound", "+15550100125", "US1"],
    ]);
    expect(rows[1]?.body).toBe("Yes it is");
  });

  it("names the column the file uses when the number it needs is bad", async () => {
    const file = [
      header,
      `AC1,CN1,2024-03-01T14:05:00Z,incoming,not-a-number,${BUSINESS},Hi,,`,
      `AC2,CN1,2024-03-01T14:05:00Z,outgoing,${BUSINESS},,Hi,,`,
      `AC3,CN1,2024-03-01T14:05:00Z,outgoing,not-a-number,${CUSTOMER},Only to matters,,`,
    ].join("\n");

    const records = await readAll(file);

    expect(rejectionsOf(records).map((rejected) => rejected.reason)).toEqual([
      'from "not-a-number" is not a phone number',
      "to is empty",
    ]);
    expect(rowsOf(records.slice(2))[0]?.customerPhone).toBe(CUSTOMER);
  });

  it("prefers a customer_phone column over from and to", async () => {
    const file = [
      "sent_at,direction,from,to,phone,body",
      `2024-03-01T14:05:00Z,inbound,${BUSINESS},${BUSINESS},${CUSTOMER},Hi`,
    ].join("\n");
    expect(rowsOf(await readAll(file))[0]?.customerPhone).toBe(CUSTOMER);
  });
});

describe("readHistoryCsv: rejected rows", () => {
  it.each<[string, Partial<Record<string, string>>, string]>([
    [
      "a date that is not one",
      { sent_at: "yesterday" },
      'sent_at "yesterday" is not an ISO 8601 date-time such as 2024-03-01T14:05:00Z',
    ],
    [
      "a date without seconds",
      { sent_at: "2024-03-01T14:05Z" },
      'sent_at "2024-03-01T14:05Z" is not an ISO 8601 date-time such as 2024-03-01T14:05:00Z',
    ],
    [
      "a date that does not exist",
      { sent_at: "2023-02-29T10:00:00Z" },
      'sent_at "2023-02-29T10:00:00Z" is not an ISO 8601 date-time such as 2024-03-01T14:05:00Z',
    ],
    [
      "a date-time without a time zone",
      { sent_at: "2024-03-01 14:05:00" },
      'sent_at "2024-03-01 14:05:00" has no time zone: add Z for UTC or an offset such as -05:00',
    ],
    ["an empty date", { sent_at: " " }, "sent_at is empty"],
    [
      "an unknown direction",
      { direction: "sideways" },
      'direction "sideways" is not inbound, outbound, incoming or outgoing',
    ],
    ["an empty direction", { direction: "" }, "direction is empty"],
    [
      "a phone that is not one",
      { customer_phone: "abc" },
      'customer_phone "abc" is not a phone number',
    ],
    [
      "a phone spreadsheets turned into a number",
      { customer_phone: "1.5550100199E+10" },
      'customer_phone "1.5550100199E+10" is not a phone number',
    ],
    ["an empty phone", { customer_phone: "" }, "customer_phone is empty"],
    ["an empty body", { body: "" }, "body is empty"],
    ["a blank body", { body: '"  \n "' }, "body is empty"],
    [
      "a body over the limit",
      { body: "x".repeat(10_001) },
      "body is 10,001 characters long; the limit is 10,000",
    ],
    [
      "several problems",
      { sent_at: "soon", direction: "up", body: "" },
      'sent_at "soon" is not an ISO 8601 date-time such as 2024-03-01T14:05:00Z; direction "up" is not inbound, outbound, incoming or outgoing; body is empty',
    ],
  ])("rejects %s with a reason, and reads on", async (_, fields, reason) => {
    const bad = ourRow(fields);
    const records = await readAll([OUR_HEADER, bad, ourRow({ body: "after" })].join("\n"));

    expect(records[0]).toEqual({
      ok: false,
      rejected: { line: 2, reason, excerpt: bad.slice(0, 120).replace(/[\r\n]+$/, "") },
      bytes: Buffer.byteLength(`${OUR_HEADER}\n${bad}\n`),
    });
    expect(rowsOf(records.slice(1)).map((row) => row.body)).toEqual(["after"]);
  });

  it("shortens a long value in a reason", async () => {
    const [rejected] = rejectionsOf(
      await readAll([OUR_HEADER, ourRow({ direction: "d".repeat(50) })].join("\n")),
    );
    expect(rejected?.reason).toBe(
      `direction "${"d".repeat(40)}…" is not inbound, outbound, incoming or outgoing`,
    );
  });

  it("rejects a record with the wrong number of fields", async () => {
    const records = await readAll(
      [OUR_HEADER, "a,b,c,d,e", `${ourRow()},extra`, ourRow()].join("\n"),
    );

    expect(rejectionsOf(records)).toEqual([
      { line: 2, reason: "wrong number of fields: 5 (header has 8)", excerpt: "a,b,c,d,e" },
      { line: 3, reason: "wrong number of fields: 9 (header has 8)", excerpt: `${ourRow()},extra` },
    ]);
    expect(rowsOf(records.slice(2))).toHaveLength(1);
  });

  it("counts a body's length in characters, so 10,000 emoji fit", async () => {
    const body = "👋".repeat(10_000);
    expect(rowsOf(await readAll([OUR_HEADER, ourRow({ body })].join("\n")))[0]?.body).toBe(body);
  });
});

describe("readHistoryCsv: dates", () => {
  it.each([
    ["2024-03-01T14:05:00Z", "2024-03-01T14:05:00.000Z"],
    ["2024-03-01T14:05:00.123456+01:00", "2024-03-01T13:05:00.123Z"],
    ["2024-03-01 14:05:00+00", "2024-03-01T14:05:00.000Z"],
    ["2024-03-01 14:05:00.5+0530", "2024-03-01T08:35:00.500Z"],
    ["2024-03-01T14:05:00-05", "2024-03-01T19:05:00.000Z"],
  ])("accepts %s", async (sentAt, iso) => {
    const [row] = rowsOf(await readAll([OUR_HEADER, ourRow({ sent_at: sentAt })].join("\n")));
    expect(row?.sentAt.toISOString()).toBe(iso);
  });
});

describe("readHistoryCsv: line numbers", () => {
  const multiLine = [
    OUR_HEADER,
    ourRow({ body: '"first line\nsecond, with comma\nthird ""quoted"""' }),
    ourRow({ body: "next", direction: "bad" }),
    "",
    ourRow({ body: '"two\n\nlines apart"' }),
    ourRow({ body: "last" }),
  ].join("\n");

  it("numbers records by the line they start on when bodies span lines", async () => {
    const records = await readAll(multiLine);

    expect(linesOf(records)).toEqual([2, 5, 7, 10]);
    expect(rowsOf([records[0]!])[0]?.body).toBe('first line\nsecond, with comma\nthird "quoted"');
  });

  it("counts CRLF line breaks inside quoted bodies once, whatever the chunking", async () => {
    const crlf = multiLine.replaceAll("\n", "\r\n");
    const bytes = Buffer.from(`\uFEFF${crlf}\r\n\r\n`);
    const whole = await readAll([bytes]);
    const byteByByte = await readAll([...bytes].map((byte) => new Uint8Array([byte])));

    expect(linesOf(whole)).toEqual([2, 5, 7, 10]);
    expect(rowsOf([whole[0]!])[0]?.body).toBe('first line\r\nsecond, with comma\r\nthird "quoted"');
    expect(byteByByte).toEqual(whole);
    // The last record ends before the one empty line after it.
    expect(whole.at(-1)?.bytes).toBe(bytes.length - 2);
  });

  it("reads a header that starts with a byte order mark", async () => {
    const [row] = rowsOf(
      await readAll(`\uFEFF${OUR_HEADER}\r\n${ourRow({ message_id: "m-1" })}\r\n`),
    );
    expect(row).toMatchObject({ line: 2, key: "m-1", body: "Is bay 3 free at 6?" });
  });

  it("skips records starting at or before afterLine unvalidated, still counting their bytes", async () => {
    const all = await readAll(multiLine);
    const resumed = await readAll(multiLine, { afterLine: 5 });
    const fromStart = await readAll(multiLine, { afterLine: 0 });
    const insideARecord = await readAll(multiLine, { afterLine: 3 });

    expect(resumed).toEqual(all.slice(2));
    expect(fromStart).toEqual(all);
    expect(insideARecord).toEqual(all.slice(1));
  });
});

describe("readHistoryCsv: malformed CSV", () => {
  it("rejects the records an unclosed quote runs into and reads on after them", async () => {
    const file = [
      OUR_HEADER,
      ourRow({ body: "before" }),
      ourRow({ body: '"never closed, oops' }),
      ourRow({ body: "swallowed" }),
      ourRow({ body: '"quoted, here"' }),
      ourRow({ body: "after" }),
    ].join("\n");

    const records = await readAll(file);

    // With relaxed quotes the open quote ends at the next quote character (line 5), so lines 3–5 read as one
    // record of the wrong width: the row on line 4 is lost inside that rejection, and the line range says so.
    expect(rejectionsOf(records)).toEqual([
      {
        line: 3,
        reason:
          "wrong number of fields: 9 (header has 8); the record runs from line 3 to line 5, check for a quote that is not closed",
        excerpt: ourRow({ body: '"never closed, oops' })
          .concat("\n", ourRow({ body: "swallowed" }))
          .slice(0, 120),
      },
    ]);
    expect(linesOf(records)).toEqual([2, 3, 6]);
    expect(rowsOf([records[2]!])[0]?.body).toBe("after");
  });

  it("keeps a stray quote inside an unquoted field as text", async () => {
    const [row] = rowsOf(
      await readAll([OUR_HEADER, ourRow({ body: 'He said "hi" twice' })].join("\n")),
    );
    expect(row?.body).toBe('He said "hi" twice');
  });

  it("gives the rows before a quote that is never closed, then stops with the reason and its line", async () => {
    const file = [
      OUR_HEADER,
      ourRow({ body: "before" }),
      "",
      ourRow({ body: '"never closed' }),
      ourRow(),
    ].join("\n");

    const { records, error } = await readUntilError(file);

    expect(rowsOf(records).map((row) => row.body)).toEqual(["before"]);
    expect(error).toBeInstanceOf(HistoryCsvError);
    expect((error as Error).message).toBe(
      "Line 4: a quote opened in this record is never closed, so everything from here to the end of the file reads as one field. Nothing after it can be read, so the import stopped; correct the file and import it again.",
    );
  });

  it("stops with the unclosed quote as the reason when the runaway record is also over the size limit", async () => {
    const runaway = ourRow({ body: `"${"x".repeat(1_100_000)}` });
    const { records, error } = await readUntilError(
      [OUR_HEADER, ourRow({ body: "before" }), runaway, ourRow()].join("\n"),
    );

    expect(rowsOf(records).map((row) => row.body)).toEqual(["before"]);
    expect((error as Error).message).toMatch(
      /^Line 3: a quote opened in this record is never closed/,
    );
  });
});

describe("readHistoryCsv: a field over the size limit", () => {
  // Quoted, with commas, escaped quotes and line breaks inside: 3 MB, three times the limit.
  const huge = `"${'word, ""quoted"" and\nmore '.repeat(120_000)}"`;
  const file = [
    OUR_HEADER,
    ourRow({ body: "before 1" }),
    ourRow({ body: "before 2" }),
    ourRow({ body: huge }),
    ourRow({ body: "after 1" }),
    ourRow({ body: '"after 2, quoted\nover two lines"' }),
    ourRow({ body: "after 3" }),
  ].join("\n");
  const hugeLines = huge.split("\n").length;

  it("rejects that row with its line and the real reason, and reads every row after it", async () => {
    const records = await readAll(file);

    expect(rejectionsOf(records)).toEqual([
      {
        line: 4,
        reason:
          "Field body (column 8) is longer than the 1,000,000 bytes a row may hold; the row was skipped",
        excerpt: ourRow({ body: huge }).slice(0, 120).replace(/\n$/, ""),
      },
    ]);
    expect(records.filter((r) => r.ok).map((r) => (r.ok ? r.row.body : ""))).toEqual([
      "before 1",
      "before 2",
      "after 1",
      "after 2, quoted\nover two lines",
      "after 3",
    ]);
    // Line numbers after it still match the file: the lines of the left-out part are counted.
    expect(linesOf(records)).toEqual([2, 3, 4, 4 + hugeLines, 5 + hugeLines, 7 + hugeLines]);
    expect(records.at(-1)?.bytes).toBe(Buffer.byteLength(file));
  });

  it("reads the same whatever the chunks the file arrives in", async () => {
    const whole = await readAll(file);
    const bytes = Buffer.from(file);
    const random = createRandom(7);
    for (let round = 0; round < 3; round++) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length;) {
        const size = 1 + Math.floor(random() * (round === 0 ? 3 : 70_000));
        chunks.push(bytes.subarray(at, at + size));
        at += size;
      }
      expect(await readAll(chunks)).toEqual(whole);
    }
  });

  it("rejects an unquoted over-long field too, and a last row with no line break after it", async () => {
    const records = await readAll(
      [OUR_HEADER, ourRow({ body: "x".repeat(1_200_000) }), ourRow({ body: "after" })].join("\n") +
        `\n${ourRow({ body: "y".repeat(1_200_000) })}`,
    );
    expect(rejectionsOf(records).map((r) => [r.line, r.reason])).toEqual([
      [2, expect.stringMatching(/^Field body \(column 8\) is longer than/) as string],
      [4, expect.stringMatching(/^Field body \(column 8\) is longer than/) as string],
    ]);
    expect(rowsOf([records[1]!])[0]?.body).toBe("after");
  });
});

describe("readHistoryCsv: the file as a whole", () => {
  it("refuses a header without the required columns, naming what is missing and what was found", async () => {
    const error = await readError("when,who,what\n2024-03-01T14:05:00Z,+15550100199,Hi\n");

    expect(error).toBeInstanceOf(HistoryCsvError);
    expect((error as Error).message).toBe(
      "The header lacks required columns (sent_at: one of sent_at, createdAt, date, timestamp, time; " +
        "direction: one of direction; " +
        "customer_phone: one of customer_phone, phone, phoneNumber, contactPhone, participant, participants, or both from and to; " +
        'body: one of body, text, content, message). Found columns: "when", "who", "what".',
    );
  });

  it("needs both from and to to stand in for customer_phone", async () => {
    const error = await readError("createdAt,direction,from,text\n");
    expect((error as Error).message).toMatch(
      /^The header lacks required columns \(customer_phone: one of .*, or both from and to\)\. Found columns: "createdAt", "direction", "from", "text"\.$/,
    );
  });

  it("refuses two columns that give the same field, naming both", async () => {
    const error = await readError("date,time,direction,phone,body\n");
    expect(error).toBeInstanceOf(HistoryCsvError);
    expect((error as Error).message).toBe(
      'Columns "date" (column 1) and "time" (column 2) both give sent_at; remove or rename one of them.',
    );
    await expect(readAll(`${OUR_HEADER},Body\n`)).rejects.toThrow(
      'Columns "body" (column 8) and "Body" (column 9) both give body',
    );
  });

  it("refuses an empty file", async () => {
    await expect(readAll("\n\n")).rejects.toThrow(
      /^The file is empty: it needs a header line naming its columns \(sent_at: one of sent_at/,
    );
  });

  it("refuses a file that is not text, such as a spreadsheet", async () => {
    const workbook = Buffer.from([
      0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x0a,
    ]);
    await expect(readAll([workbook])).rejects.toThrow(
      "This is not a CSV text file: its first line holds binary data.",
    );
  });

  it("says a file must be comma-separated when the header reads as one column", async () => {
    await expect(readAll("sent_at;direction;customer_phone;body\n")).rejects.toThrow(
      "The header reads as a single column: the file must be separated by commas.",
    );
  });

  it("refuses a header whose quote never closes", async () => {
    await expect(readAll('sent_at,"direction\nx,y\n')).rejects.toThrow(
      "The header cannot be read: a quote opened in this record is never closed",
    );
  });

  it("passes on an error of the input", async () => {
    function* failingSource() {
      yield `${OUR_HEADER}\n${ourRow({ body: "one" })}\n`;
      throw new Error("disk on fire");
    }
    // Rows parsed but not yet handed over when the input fails are dropped with it; a resume re-reads them.
    await expect(readAll(failingSource())).rejects.toThrow("disk on fire");
  });

  it("closes the input when the caller stops early", async () => {
    let closed = false;
    function* endless() {
      try {
        yield `${OUR_HEADER}\n`;
        for (;;) yield `${ourRow()}\n`.repeat(100);
      } finally {
        closed = true;
      }
    }
    const source = Readable.from(endless());
    for await (const record of readHistoryCsv(source)) {
      if (record.ok) break;
    }
    await setImmediate();

    expect(source.destroyed).toBe(true);
    expect(closed).toBe(true);
  });
});

describe("readHistoryCsv: keys", () => {
  it("gives identical rows without message_id the same key, and any difference a different one", async () => {
    const base = { sent_at: "2024-03-01T14:05:00Z", body: "Hi there" };
    const file = [
      OUR_HEADER,
      ourRow(base),
      ourRow({
        ...base,
        sent_at: "2024-03-01 09:05:00-05:00",
        customer_phone: "+1 555 010 0199",
        customer_name: "Dana",
      }),
      ourRow({ ...base, body: "Hi there!" }),
      ourRow({ ...base, direction: "outbound" }),
      ourRow({ ...base, customer_phone: "+15550100123" }),
      ourRow({ ...base, sent_at: "2024-03-01T14:05:01Z" }),
      ourRow({ ...base, message_id: "AC1" }),
    ].join("\n");

    const keys = rowsOf(await readAll(file)).map((row) => row.key);
    const again = rowsOf(await readAll(file)).map((row) => row.key);

    expect(keys[0]).toMatch(/^row:[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(new Set(keys.slice(1)).size).toBe(6);
    expect(keys[6]).toBe("AC1");
    expect(again).toEqual(keys);
  });

  it("is a fixed digest, so keys from earlier imports still match", async () => {
    const [row] = rowsOf(await readAll([OUR_HEADER, ourRow({ body: "Hi there" })].join("\n")));
    // sha256 of "2024-03-01T14:05:00.000Z\ninbound\n+15550100199\nHi there", first 32 hex digits.
    expect(row?.key).toBe("row:375d79503762903b64da2f10c1391370");
  });
});

describe("historyColumnAliases", () => {
  it("lists each accepted name once, our own name first", () => {
    const normalized = Object.values(historyColumnAliases)
      .flat()
      .map((name) => name.toLowerCase().replace(/[^a-z0-9]/g, ""));
    expect(new Set(normalized).size).toBe(normalized.length);
    for (const [column, names] of Object.entries(historyColumnAliases))
      expect(names[0]).toBe(column);
  });
});

describe("readHistoryCsv: memory", () => {
  it("streams 200,000 rows without holding them", async () => {
    const rowCount = 200_000;
    async function* generatedFile() {
      yield `${OUR_HEADER}\n`;
      for (let start = 0; start < rowCount; start += 1_000) {
        await setImmediate();
        let chunk = "";
        for (let i = start; i < start + 1_000; i++) {
          const body =
            i % 10 === 0
              ? `"Line one of ${i},\nline two"`
              : `Message number ${i} about bay ${i % 7}`;
          chunk += `${i % 2 === 0 ? `m-${i}` : ""},c-${i % 500},2024-03-01T14:05:00Z,${i % 3 === 0 ? "outbound" : "inbound"},+1555${String(i).padStart(7, "0")},Customer ${i},op,${body}\n`;
        }
        yield chunk;
      }
    }

    // Collecting garbage before each sample measures what is held, not what is waiting to be collected.
    setFlagsFromString("--expose-gc");
    const collectGarbage = runInNewContext("gc") as () => void;
    const retained = () => {
      collectGarbage();
      return process.memoryUsage().heapUsed;
    };

    const heapBefore = retained();
    let peakGrowth = 0;
    let rows = 0;
    let lastLine = 0;
    for await (const record of readHistoryCsv(generatedFile())) {
      if (!record.ok) throw new Error(record.rejected.reason);
      rows++;
      lastLine = record.row.line;
      if (rows % 20_000 === 0) peakGrowth = Math.max(peakGrowth, retained() - heapBefore);
    }

    expect(rows).toBe(rowCount);
    expect(lastLine).toBe(1 + rowCount + rowCount / 10);
    expect(peakGrowth).toBeLessThan(50 * 1024 * 1024);
  }, 60_000);
});
