// Staging, the import's first phase: the file is read into import_rows, a batch per transaction together with the
// line it reached, so a stopped run resumes after the last committed line. Bad rows are recorded with their reason.
import type { Readable } from "node:stream";
import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@playbook/db";
import { importRejections, importRows, imports } from "@playbook/db/schema";
import type { HistoryRow, RejectedRow } from "./history-row";
import type { ImportOptions, ImportRow, ImportRuntime } from "./import-runner";
import { HistoryCsvError, readHistoryCsv } from "./read-history-csv";

/** Rows per transaction, in both phases of an import. */
export const DEFAULT_BATCH = 2_000;

/** Reads the file into import_rows, resuming after the last committed line. */
export async function stageRows(
  runtime: ImportRuntime,
  started: ImportRow,
  input: Readable,
  opts: ImportOptions,
): Promise<ImportRow> {
  const { db } = runtime.database;
  const batchSize = opts.batchSize ?? DEFAULT_BATCH;
  let current = started;
  let rows: HistoryRow[] = [];
  let rejected: RejectedRow[] = [];
  let lastLine = started.stagedThroughLine;
  let bytes = started.bytesRead;

  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (rows.length === 0 && rejected.length === 0) return;
    const batch = rows;
    const bad = rejected;
    // Taken now: reading goes on while this batch is written.
    const through = lastLine;
    const readBytes = bytes;
    rows = [];
    rejected = [];
    current = await db.transaction(async (tx) => {
      if (batch.length > 0) await insertStagedRows(tx, current.id, batch);
      if (bad.length > 0) {
        await tx
          .insert(importRejections)
          .values(bad.map((r) => ({ importId: current.id, ...r })))
          .onConflictDoNothing();
      }
      const [updated] = await tx
        .update(imports)
        .set({
          stagedThroughLine: through,
          bytesRead: readBytes,
          rowsStaged: sql`${imports.rowsStaged} + ${batch.length}`,
          rowsRejected: sql`${imports.rowsRejected} + ${bad.length}`,
        })
        .where(eq(imports.id, current.id))
        .returning();
      if (!updated) throw new Error(`import ${current.id} disappeared`);
      return updated;
    });
    opts.onProgress?.(current);
  };

  try {
    for await (const record of readHistoryCsv(input, { afterLine: started.stagedThroughLine })) {
      bytes = started.bytesRead > record.bytes ? started.bytesRead : record.bytes;
      if (record.ok) {
        rows.push(record.row);
        lastLine = record.row.line;
      } else {
        rejected.push(record.rejected);
        lastLine = record.rejected.line;
      }
      if (rows.length + rejected.length >= batchSize) {
        // One batch is written while the next is read: the file and the database work side by side. Batches
        // still commit in order, each with the line it reached.
        await writing;
        writing = flush();
        // Handled when it is awaited above or below; until then a failure must not count as unhandled.
        writing.catch(() => undefined);
      }
    }
    await writing;
    await flush();
  } catch (error) {
    // A batch still being written finishes (or fails) before the error is reported: nothing commits after it.
    await writing.catch(() => undefined);
    if (error instanceof HistoryCsvError) {
      // The file cannot be read to its end: the import fails with the reason, and what was staged of it goes.
      await db.transaction(async (tx) => {
        await tx.delete(importRows).where(eq(importRows.importId, current.id));
        await tx
          .update(imports)
          .set({ status: "failed", error: error.message, finishedAt: new Date() })
          .where(eq(imports.id, current.id));
      });
    }
    throw error;
  }
  const [processing] = await db
    .update(imports)
    .set({ status: "processing", cursorSentAt: null, cursorLine: null })
    .where(and(eq(imports.id, current.id), eq(imports.status, "staging")))
    .returning();
  if (!processing) throw new Error(`import ${current.id} left staging while it was being staged`);
  opts.onProgress?.(processing);
  return processing;
}

async function insertStagedRows(tx: Tx, importId: string, rows: HistoryRow[]): Promise<void> {
  await tx.execute(sql`
    insert into import_rows (import_id, line, key, message_id, conversation_ref, sent_at, direction,
      customer_phone, customer_name, operator, body)
    select ${importId}::uuid, x.line, x.key, x.message_id, x.conversation_ref, x.sent_at, x.direction,
      x.customer_phone, x.customer_name, x.operator, x.body
    from json_to_recordset(${JSON.stringify(
      rows.map((r) => ({
        line: r.line,
        key: r.key,
        message_id: r.messageId,
        conversation_ref: r.conversationId,
        sent_at: r.sentAt.toISOString(),
        direction: r.direction,
        customer_phone: r.customerPhone,
        customer_name: r.customerName,
        operator: r.operator,
        body: r.body,
      })),
    )}::json) as x(line integer, key text, message_id text, conversation_ref text, sent_at timestamptz,
      direction message_direction, customer_phone text, customer_name text, operator text, body text)
    on conflict do nothing`);
}
