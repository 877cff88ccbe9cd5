// Streams a message-history CSV (our columns or OpenPhone's export) into validated rows and rejected records, one
// record at a time, so a file of millions of rows is never held in memory.
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type CsvError, type Info, type Parser, parse } from "csv-parse";
import { z } from "zod";
import { normalizePhoneNumber } from "../openphone/parse-webhook-event";
import { OversizedRecordCutter } from "./cut-oversized-records";
import {
  describeRequired,
  fieldName,
  HistoryCsvError,
  readLayout,
  REQUIRED_COLUMNS,
  type Column,
  type Layout,
} from "./history-csv-layout";
import type { HistoryRecord, HistoryRow } from "./history-row";

export { historyColumnAliases, HistoryCsvError, type HistoryColumn } from "./history-csv-layout";

export interface ReadHistoryCsvOptions {
  /** Resume after a crash: records starting at or before this line are skipped unvalidated (bytes still count). */
  afterLine?: number;
}

const MAX_BODY_CHARACTERS = 10_000;
// A real record is a message and a few short fields. A longer one is cut short before the parser sees it (so it
// is never buffered whole) and rejected; the rows after it are read as usual.
export const MAX_RECORD_BYTES = 1_000_000;
const EXCERPT_CHARACTERS = 120;

/** What the parser hands over: a record, or (pushed by `on_skip`, in order) one it could not read. */
type ParsedItem =
  | { record: string[]; raw: string; info: Info }
  | { unreadable: CsvError | undefined; raw: string | undefined };

/**
 * Reads a message-history CSV and yields one result per record, in file order: a row ready to store or the reason
 * it was rejected. Throws HistoryCsvError before yielding anything when the file as a whole is unusable.
 */
export async function* readHistoryCsv(
  input: NodeJS.ReadableStream | Readable | AsyncIterable<Uint8Array | string>,
  opts: ReadHistoryCsvOptions = {},
): AsyncGenerator<HistoryRecord> {
  const afterLine = opts.afterLine ?? 0;
  const parser: Parser = parse({
    bom: true,
    raw: true,
    info: true,
    skip_empty_lines: true,
    // A stray quote is kept as text and a record of the wrong width still comes through, so both become a
    // rejected row here instead of an error that would end the parse.
    relax_quotes: true,
    relax_column_count: true,
    // Never reached (the cutter keeps every record under MAX_RECORD_BYTES): a last guard on memory.
    max_record_size: 2 * MAX_RECORD_BYTES,
    // What is still fatal (a quote never closed) is pushed into the record stream, behind the records read
    // before it, so those are kept and the reason names the line.
    skip_records_with_error: true,
    on_skip: (error, raw) => {
      parser.push({ unreadable: error, raw } satisfies ParsedItem);
      return undefined;
    },
  });
  const cutter = new OversizedRecordCutter(MAX_RECORD_BYTES);
  const piping = pipeline(input, cutter, parser);
  // A failure anywhere in the pipeline destroys the parser with that error, and the loop below throws it; this
  // only keeps the promise from also being reported as unhandled.
  piping.catch(() => undefined);

  let layout: Layout | undefined;
  let nextLine = 1;
  let cutsSeen = 0;
  let droppedBytes = 0;
  // Leaving this loop early (the caller stopped, an error, an unreadable record) destroys the parser, and the
  // pipeline with it the input: nothing is read that nobody will use.
  for await (const item of parser as AsyncIterable<ParsedItem>) {
    // csv-parse's own line count takes a CRLF inside a quoted field for two lines, so lines are counted here.
    const raw = item.raw ?? "";
    const breaks = countLineBreaks(raw);
    const line = nextLine + breaks.leading;
    // The part of this record the cutter left out: its line breaks still count.
    const cut = cutter.cuts[cutsSeen]?.at ?? Infinity;
    // A cut lies after its record's first byte and no later than its end.
    const wasCut = cut <= ("unreadable" in item ? Infinity : item.info.bytes);
    const dropped = wasCut ? cutter.cuts[cutsSeen++]! : undefined;
    droppedBytes += dropped?.droppedBytes ?? 0;
    nextLine += breaks.total + (dropped?.droppedLineBreaks ?? 0);

    if ("unreadable" in item) {
      // The parser cannot find where the next record starts, so nothing after this can be trusted: the import
      // stops here, and says so, rather than calling a part of the file the whole of it.
      const reason = describeUnreadable(item.unreadable);
      if (layout === undefined) throw new HistoryCsvError(`The header cannot be read: ${reason}.`);
      throw new HistoryCsvError(
        `Line ${line}: ${reason}. Nothing after it can be read, so the import stopped; correct the file and import it again.`,
      );
    }

    if (dropped && layout === undefined) {
      throw new HistoryCsvError(
        `The header line is over ${MAX_RECORD_BYTES.toLocaleString("en-US")} bytes long: this is not a message history.`,
      );
    }
    if (layout === undefined) {
      layout = readLayout(item.record);
      continue;
    }
    const bytes = item.info.bytes + droppedBytes;
    if (dropped) {
      if (line > afterLine) {
        const reason = `${fieldName(layout, dropped.field)} is longer than the ${MAX_RECORD_BYTES.toLocaleString("en-US")} bytes a row may hold; the row was skipped`;
        yield { ok: false, rejected: { line, reason, excerpt: excerptOf(raw) }, bytes };
      }
      continue;
    }
    // Spreadsheets leave rows of empty cells (",,,,") after the data; there is nothing in them to report.
    if (line <= afterLine || item.record.every((field) => field.trim() === "")) continue;

    if (item.record.length !== layout.width) {
      const lastLine = nextLine - (/[\r\n]$/.test(raw) ? 1 : 0);
      const reason =
        `wrong number of fields: ${item.record.length} (header has ${layout.width})` +
        (lastLine > line
          ? `; the record runs from line ${line} to line ${lastLine}, check for a quote that is not closed`
          : "");
      yield { ok: false, rejected: { line, reason, excerpt: excerptOf(raw) }, bytes };
      continue;
    }
    const result = readRow(item.record, layout, line);
    yield result.ok
      ? { ok: true, row: result.row, bytes }
      : { ok: false, rejected: { line, reason: result.reason, excerpt: excerptOf(raw) }, bytes };
  }
  if (layout === undefined) {
    throw new HistoryCsvError(
      `The file is empty: it needs a header line naming its columns (${describeRequired(REQUIRED_COLUMNS)}).`,
    );
  }
  await piping;
}

/** Line breaks in `text` ("\r\n", "\r" and "\n" count once each), and how many come before anything else. */
function countLineBreaks(text: string): { leading: number; total: number } {
  let total = 0;
  let leading = -1;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10 /* \n */) i++;
      total++;
    } else if (char === 10) {
      total++;
    } else if (leading === -1) {
      leading = total;
    }
  }
  return { leading: leading === -1 ? total : leading, total };
}

function excerptOf(raw: string): string {
  return raw
    .replace(/^[\r\n]+/, "")
    .slice(0, EXCERPT_CHARACTERS)
    .replace(/[\r\n]+$/, "");
}

function describeUnreadable(error: CsvError | undefined): string {
  if (error?.code === "CSV_QUOTE_NOT_CLOSED") {
    return "a quote opened in this record is never closed, so everything from here to the end of the file reads as one field";
  }
  // No other error is left with the options above; should csv-parse raise one anyway, its own words are shown.
  return `the record cannot be read as CSV (${error?.message ?? "unknown error"})`;
}

function readRow(
  fields: readonly string[],
  layout: Layout,
  line: number,
): { ok: true; row: HistoryRow } | { ok: false; reason: string } {
  // PostgreSQL text cannot hold U+0000 (the webhook drops it too); one stray NUL must not cost the row.
  const valueOf = (column: Column) => (fields[column.index] ?? "").replaceAll("\u0000", "");
  const optional = (column: Column | undefined) => (column && valueOf(column).trim()) || null;
  const problems: string[] = [];

  const sentAt = readSentAt(valueOf(layout.sentAt), layout.sentAt.name, problems);
  const direction = readDirection(valueOf(layout.direction), layout.direction.name, problems);
  const phoneColumn =
    "from" in layout.customerPhone
      ? direction && layout.customerPhone[direction === "inbound" ? "from" : "to"]
      : layout.customerPhone;
  const customerPhone = phoneColumn && readPhone(valueOf(phoneColumn), phoneColumn.name, problems);
  const body = valueOf(layout.body);
  if (body.trim() === "") {
    problems.push(`${layout.body.name} is empty`);
  } else if (body.length > MAX_BODY_CHARACTERS) {
    // Counted in characters as a person counts them, not UTF-16 units (an emoji is one).
    const characters = [...body].length;
    if (characters > MAX_BODY_CHARACTERS) {
      problems.push(
        `${layout.body.name} is ${characters.toLocaleString("en-US")} characters long; the limit is ${MAX_BODY_CHARACTERS.toLocaleString("en-US")}`,
      );
    }
  }

  if (!sentAt || !direction || !customerPhone || problems.length > 0) {
    return { ok: false, reason: problems.join("; ") };
  }
  const messageId = optional(layout.messageId);
  return {
    ok: true,
    row: {
      line,
      key: messageId ?? digestKey(sentAt, direction, customerPhone, body),
      messageId,
      conversationId: optional(layout.conversationId),
      sentAt,
      direction,
      customerPhone,
      customerName: optional(layout.customerName),
      operator: optional(layout.operator),
      body,
    },
  };
}

/** The same message read twice, from this file or another, gets the same key. */
function digestKey(
  sentAt: Date,
  direction: HistoryRow["direction"],
  customerPhone: string,
  body: string,
): string {
  const digest = createHash("sha256")
    .update(`${sentAt.toISOString()}\n${direction}\n${customerPhone}\n${body}`)
    .digest("hex");
  return `row:${digest.slice(0, 32)}`;
}

// The webhook's own rule (RFC 3339: seconds and an offset or Z), so imported and live messages agree.
const offsetDateTime = z.iso.datetime({ offset: true });
const localDateTime = z.iso.datetime({ local: true });

/**
 * Accepts an ISO 8601 date-time with seconds and a time zone: "2024-03-01T14:05:00Z", "…14:05:00.250-05:00". Two
 * spellings that databases and spreadsheets write are accepted too: a space for the "T" and an offset without its
 * colon or minutes ("2024-03-01 14:05:00+00", "+0530"). A time without a zone is rejected, not taken as UTC: it is
 * local to somewhere unknown, and guessing would shift every message of the file by hours without anyone noticing.
 */
function readSentAt(value: string, name: string, problems: string[]): Date | undefined {
  const trimmed = value.trim();
  if (trimmed === "") {
    problems.push(`${name} is empty`);
    return undefined;
  }
  const canonical = trimmed
    .replace(/^(\d{4}-\d{2}-\d{2}) (?=\d)/, "$1T")
    .replace(
      /(:\d{2}(?:\.\d+)?[+-]\d{2}):?(\d{2})?$/,
      (_, head: string, minutes: string | undefined) => `${head}:${minutes ?? "00"}`,
    );
  if (offsetDateTime.safeParse(canonical).success) return new Date(canonical);
  problems.push(
    localDateTime.safeParse(canonical).success
      ? `${name} ${quote(value)} has no time zone: add Z for UTC or an offset such as -05:00`
      : `${name} ${quote(value)} is not an ISO 8601 date-time such as 2024-03-01T14:05:00Z`,
  );
  return undefined;
}

function readDirection(
  value: string,
  name: string,
  problems: string[],
): HistoryRow["direction"] | undefined {
  const word = value.trim().toLowerCase();
  if (word === "inbound" || word === "incoming") return "inbound";
  if (word === "outbound" || word === "outgoing") return "outbound";
  problems.push(
    word === ""
      ? `${name} is empty`
      : `${name} ${quote(value)} is not inbound, outbound, incoming or outgoing`,
  );
  return undefined;
}

/**
 * OpenPhone writes recipients and participants as one cell: "+15550100199", "+15550100199, +15550100123" or
 * ["+15550100199"]. As with the webhook, the first number is the customer's.
 */
function readPhone(value: string, name: string, problems: string[]): string | undefined {
  const first = (value.replace(/^\s*\[/, "").split(/[,;\]]/)[0] ?? "").replace(/"/g, "").trim();
  if (first === "") {
    problems.push(`${name} is empty`);
    return undefined;
  }
  const phone = normalizePhoneNumber(first);
  if (phone === null) problems.push(`${name} ${quote(value)} is not a phone number`);
  return phone ?? undefined;
}

function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}
