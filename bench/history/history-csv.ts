// Writes message history in the import format of `npm run playbook -- import` (one message per row).
import { once } from "node:events";
import { createWriteStream } from "node:fs";

export const historyCsvColumns = [
  "message_id",
  "conversation_id",
  "sent_at",
  "direction",
  "customer_phone",
  "customer_name",
  "operator",
  "body",
] as const;

export interface HistoryCsvRow {
  messageId: string;
  conversationId: string | null;
  sentAt: Date;
  direction: "inbound" | "outbound";
  customerPhone: string;
  customerName: string | null;
  /** Who sent an outbound message; null for the customer's own. */
  operator: string | null;
  body: string;
}

/** One CSV field per RFC 4180: quoted only when it holds a quote, comma or line break; quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV record with its line ending ("\n", which every CSV reader accepts). */
export function csvRecord(fields: readonly string[]): string {
  return `${fields.map(csvField).join(",")}\n`;
}

export const historyCsvHeader = csvRecord(historyCsvColumns);

export function historyCsvRecord(row: HistoryCsvRow): string {
  return csvRecord([
    row.messageId,
    row.conversationId ?? "",
    row.sentAt.toISOString(),
    row.direction,
    row.customerPhone,
    row.customerName ?? "",
    row.operator ?? "",
    row.body,
  ]);
}

export interface HistoryCsvWriter {
  write(row: HistoryCsvRow): Promise<void>;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

// Records are gathered into chunks so a million rows cost a few thousand stream writes, not a million.
const CHUNK_CHARS = 64 * 1024;

/** Opens `path` for writing, header first; waits for the disk when the stream's buffer is full. */
export function openHistoryCsv(path: string): HistoryCsvWriter {
  const stream = createWriteStream(path, { encoding: "utf8" });
  // A write error surfaces on the next write or on close rather than as an unhandled 'error' event.
  let failure: Error | null = null;
  stream.on("error", (error) => (failure = error));
  let pending = historyCsvHeader;

  const flush = async () => {
    if (failure) throw failure;
    const chunk = pending;
    pending = "";
    if (!stream.write(chunk)) await once(stream, "drain");
  };

  return {
    async write(row) {
      pending += historyCsvRecord(row);
      if (pending.length >= CHUNK_CHARS) await flush();
    },
    async close() {
      await flush();
      stream.end();
      await once(stream, "finish");
      if (failure) throw failure;
    },
  };
}

/** Writes all `rows` to `path` (header included). */
export async function writeHistoryCsv(path: string, rows: Iterable<HistoryCsvRow>): Promise<void> {
  const writer = openHistoryCsv(path);
  for (const row of rows) await writer.write(row);
  await writer.close();
}
