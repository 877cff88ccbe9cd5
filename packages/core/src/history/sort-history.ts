// Puts a history file in the order its messages were sent without holding it in memory: sorted runs of rows are
// written to a temporary folder and merged back one row at a time (an external merge sort). Replay uses it; an
// import stages rows in the database instead, where they also survive a crash.
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import type { HistoryRow, RejectedRow } from "./history-row";
import { readHistoryCsv } from "./read-history-csv";

export interface SortedHistory {
  /** Every good row, by sent_at and then by line. Can be iterated once. */
  rows: AsyncIterable<HistoryRow>;
  rowsRead: number;
  rowsRejected: number;
  /** The first rejected rows, in file order. */
  rejections: RejectedRow[];
  /** Removes the temporary folder; call it whether or not the rows were read. */
  close(): Promise<void>;
}

export interface SortHistoryOptions {
  /** Rows sorted in memory at a time. */
  runRows?: number;
  /** How many rejected rows to keep for the report. */
  keepRejections?: number;
  onProgress?: (bytesRead: number) => void;
}

type StoredRow = Omit<HistoryRow, "sentAt"> & { sentAt: number };

export async function sortHistoryFile(
  filePath: string,
  opts: SortHistoryOptions = {},
): Promise<SortedHistory> {
  const runRows = opts.runRows ?? 50_000;
  const keep = opts.keepRejections ?? 20;
  const dir = await mkdtemp(path.join(tmpdir(), "playbook-sort-"));
  const runs: string[] = [];
  const rejections: RejectedRow[] = [];
  let rowsRead = 0;
  let rowsRejected = 0;
  let buffer: StoredRow[] = [];

  const writeRun = async () => {
    if (buffer.length === 0) return;
    buffer.sort(byTimeThenLine);
    const file = path.join(dir, `run-${runs.length}.jsonl`);
    const out = createWriteStream(file);
    for (const row of buffer) {
      if (!out.write(`${JSON.stringify(row)}\n`)) {
        await new Promise<void>((resolve) => out.once("drain", resolve));
      }
    }
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    runs.push(file);
    buffer = [];
  };

  try {
    for await (const record of readHistoryCsv(createReadStream(filePath))) {
      rowsRead += 1;
      opts.onProgress?.(record.bytes);
      if (!record.ok) {
        rowsRejected += 1;
        if (rejections.length < keep) rejections.push(record.rejected);
        continue;
      }
      buffer.push({ ...record.row, sentAt: record.row.sentAt.getTime() });
      if (buffer.length >= runRows) await writeRun();
    }
    await writeRun();
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    rows: mergeRuns(runs),
    rowsRead,
    rowsRejected,
    rejections,
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

function byTimeThenLine(a: StoredRow, b: StoredRow): number {
  return a.sentAt - b.sentAt || a.line - b.line;
}

/** Merges sorted runs: each step yields the smallest head among them. */
async function* mergeRuns(files: readonly string[]): AsyncGenerator<HistoryRow> {
  const readers = files.map((file) =>
    createInterface({ input: createReadStream(file), crlfDelay: Infinity })[Symbol.asyncIterator](),
  );
  const heads: (StoredRow | null)[] = await Promise.all(readers.map(nextRow));
  for (;;) {
    let best = -1;
    for (let i = 0; i < heads.length; i += 1) {
      const head = heads[i];
      if (head && (best < 0 || byTimeThenLine(head, heads[best]!) < 0)) best = i;
    }
    if (best < 0) return;
    const row = heads[best]!;
    heads[best] = await nextRow(readers[best]!);
    yield { ...row, sentAt: new Date(row.sentAt) };
  }
}

async function nextRow(reader: AsyncIterator<string>): Promise<StoredRow | null> {
  const next = await reader.next();
  return next.done ? null : (JSON.parse(next.value) as StoredRow);
}
