// Runs an import in two resumable phases. Staging reads the file into import_rows, a batch per transaction
// together with the line it reached, so a crash resumes after the last committed line. Processing then plays the
// staged rows in the order they were sent, a batch per transaction together with its cursor, so a crash resumes
// after the last committed batch and nothing is recorded twice. Either phase may be interrupted at any moment.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { queryRows, type Database, type Db, type Tx } from "@playbook/db";
import { importRows, imports, patterns } from "@playbook/db/schema";
import { rootCause } from "../errors";
import type { Logger } from "../logger";
import { PatternIndex } from "../engine/pattern-index";
import { getSettings } from "../settings/settings";
import { HistorySimulator } from "./history-simulator";
import { inTurns } from "../runtime/in-turns";
import type { CustomerState, PlayedMessage } from "./history-state";
import { evictIdle, loadCustomers, loadWaitingReplies } from "./load-import-state";
import { writeHistoryChanges } from "./import-writer";
import { DEFAULT_BATCH, stageRows } from "./stage-import";

export interface ImportRuntime {
  database: Database;
  logger: Logger;
}

export type ImportRow = typeof imports.$inferSelect;

export interface ImportOptions {
  /** Rows per transaction, in both phases. */
  batchSize?: number;
  /** Called after each committed batch with the import as it now stands. */
  onProgress?: (progress: ImportRow) => void;
  createdBy?: string | null;
  /** Stops between batches when aborted; what was committed stays, and a later run resumes from there. */
  signal?: AbortSignal;
}

export class ImportBusyError extends Error {
  override name = "ImportBusyError";
}

/**
 * Imports a CSV file: resumes an unfinished import of the same file (same SHA-256), or starts a new one.
 * Importing a finished file again adds nothing: every message is found by its key.
 */
export async function importHistoryFile(
  runtime: ImportRuntime,
  filePath: string,
  opts: ImportOptions = {},
): Promise<ImportRow> {
  const { db } = runtime.database;
  const [digest, info] = await Promise.all([sha256OfFile(filePath), stat(filePath)]);
  const [unfinished] = await db
    .select()
    .from(imports)
    .where(and(eq(imports.fileSha256, digest), inArray(imports.status, ["staging", "processing"])))
    .orderBy(desc(imports.createdAt))
    .limit(1);
  const started =
    unfinished ??
    (await createImport(db, {
      fileName: path.basename(filePath),
      fileSha256: digest,
      fileBytes: info.size,
      source: "cli",
      createdBy: opts.createdBy ?? null,
    }));
  if (unfinished) {
    runtime.logger.info(
      { importId: unfinished.id, status: unfinished.status },
      "resuming an unfinished import of this file",
    );
  }

  const locked = await runtime.database.withAdvisoryLock(`import:${started.id}`, async () => {
    let current = started;
    if (current.status === "staging") {
      current = await stageRows(runtime, current, createReadStream(filePath), opts);
    }
    return processStagedRows(runtime, current.id, opts);
  });
  if (!locked.acquired) {
    throw new ImportBusyError(`Import ${started.id} of this file is running in another process.`);
  }
  return locked.value;
}

/**
 * Takes a file uploaded through the dashboard: stages every row (the call returns when the whole body was read),
 * then records and learns them in the background. Throws HistoryCsvError when the file cannot be imported at all.
 */
export async function receiveUploadedImport(
  runtime: ImportRuntime,
  input: {
    fileName: string;
    body: ReadableStream<Uint8Array>;
    createdBy: string | null;
    fileBytes?: number | null;
  },
  opts: Omit<ImportOptions, "createdBy"> = {},
): Promise<{ importId: string }> {
  const created = await createImport(runtime.database.db, {
    fileName: input.fileName,
    fileSha256: null,
    fileBytes: input.fileBytes ?? null,
    source: "upload",
    createdBy: input.createdBy,
  });
  const hash = createHash("sha256");
  let bytes = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const body = Readable.fromWeb(input.body as Parameters<typeof Readable.fromWeb>[0]);
  body.on("error", (error) => hashing.destroy(error));
  const staged = await stageRows(runtime, created, body.pipe(hashing), opts);
  await runtime.database.db
    .update(imports)
    .set({ fileSha256: hash.digest("hex"), fileBytes: bytes })
    .where(eq(imports.id, staged.id));

  void runtime.database
    .withAdvisoryLock(`import:${staged.id}`, () => processStagedRows(runtime, staged.id, opts))
    .catch((error: unknown) =>
      runtime.logger.error(
        { importId: staged.id, err: rootCause(error) },
        "an uploaded import stopped; the worker resumes it",
      ),
    );
  return { importId: staged.id };
}

/**
 * Resumes imports left unfinished by a process that stopped: processing continues where its last batch ended.
 * An upload cut off while it was being received cannot continue (the rest of the file is gone) and is failed
 * once it has been silent for `staleUploadMs`.
 */
export async function resumeImports(
  runtime: ImportRuntime,
  opts: ImportOptions & { staleUploadMs?: number } = {},
): Promise<{ resumed: number; failed: number }> {
  const { db } = runtime.database;
  const staleBefore = new Date(Date.now() - (opts.staleUploadMs ?? 10 * 60_000));
  const failed = await db
    .update(imports)
    .set({
      status: "failed",
      finishedAt: new Date(),
      error: "The upload was interrupted before the whole file arrived. Upload the file again.",
    })
    .where(
      and(
        eq(imports.status, "staging"),
        eq(imports.source, "upload"),
        sql`${imports.updatedAt} < ${staleBefore}`,
      ),
    )
    .returning({ id: imports.id });
  const waiting = await db
    .select({ id: imports.id })
    .from(imports)
    .where(eq(imports.status, "processing"))
    .orderBy(imports.createdAt);
  let resumed = 0;
  for (const { id } of waiting) {
    if (opts.signal?.aborted) break;
    const run = await runtime.database.withAdvisoryLock(`import:${id}`, () =>
      processStagedRows(runtime, id, opts),
    );
    if (run.acquired) resumed += 1;
  }
  return { resumed, failed: failed.length };
}

async function createImport(
  db: Db,
  values: {
    fileName: string;
    fileSha256: string | null;
    fileBytes: number | null;
    source: "cli" | "upload";
    createdBy: string | null;
  },
): Promise<ImportRow> {
  const [row] = await db.insert(imports).values(values).returning();
  if (!row) throw new Error("import insert returned no row");
  return row;
}

async function sha256OfFile(filePath: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

type StagedRow = {
  line: number;
  key: string;
  message_id: string | null;
  conversation_ref: string | null;
  sent_at: string | Date;
  direction: "inbound" | "outbound";
  customer_phone: string;
  customer_name: string | null;
  operator: string | null;
  body: string;
};

/** Plays the staged rows in time order, one transaction per batch, and finishes the import. */
export async function processStagedRows(
  runtime: ImportRuntime,
  importId: string,
  opts: ImportOptions = {},
): Promise<ImportRow> {
  const { db } = runtime.database;
  const batchSize = opts.batchSize ?? DEFAULT_BATCH;
  const [start] = await db.select().from(imports).where(eq(imports.id, importId));
  if (!start) throw new Error(`import ${importId} does not exist`);
  if (start.status !== "processing") return start;

  const settings = await getSettings(db);
  const known = await db.select().from(patterns).where(isNull(patterns.deletedAt));
  const index = new PatternIndex();
  await index.refresh(db, { force: true });
  const simulator = new HistorySimulator({
    settings,
    patterns: new Map(known.map((p) => [p.id, p])),
    index,
    policy: "import",
  });
  const customers = new Map<string, CustomerState>();
  let cursor =
    start.cursorSentAt && start.cursorLine !== null
      ? { sentAt: start.cursorSentAt, line: start.cursorLine }
      : null;
  let current = start;
  try {
    if (cursor) {
      // A stopped run left replies waiting to settle; their customers may never write again, so they are
      // loaded now rather than when they next appear.
      await db.transaction((tx) => loadWaitingReplies(tx, simulator, customers));
    }
    let after = cursor;
    for (;;) {
      if (opts.signal?.aborted) return current;
      // Read between batches, not while one plays: playing can hold the CPU for seconds (a refit of the
      // classifier), and a connection asked for meanwhile would time out waiting for the event loop.
      const played = await readStagedBatch(db, importId, after, batchSize);
      if (played.length === 0) break;
      const last = played[played.length - 1]!;
      after = { sentAt: last.sentAt, line: last.line };
      evictIdle(customers);
      current = await db.transaction(async (tx) => {
        const fresh = await withoutKnownMessages(tx, played);
        await loadCustomers(tx, simulator, customers, fresh);
        await inTurns(fresh, (message) =>
          simulator.play(customers.get(message.customerPhone)!, message),
        );
        const written = await writeHistoryChanges(tx, simulator.takeChanges());
        const [updated] = await tx
          .update(imports)
          .set({
            cursorSentAt: last.sentAt,
            cursorLine: last.line,
            rowsProcessed: sql`${imports.rowsProcessed} + ${played.length}`,
            rowsDuplicate: sql`${imports.rowsDuplicate} + ${played.length - fresh.length}`,
            messagesImported: sql`${imports.messagesImported} + ${written.messages}`,
            decisionsRecorded: sql`${imports.decisionsRecorded} + ${written.decisions}`,
            exchangesLearned: sql`${imports.exchangesLearned} + ${written.examples}`,
            patternsCreated: sql`${imports.patternsCreated} + ${written.patternsCreated}`,
          })
          .where(eq(imports.id, importId))
          .returning();
        if (!updated) throw new Error(`import ${importId} disappeared`);
        return updated;
      });
      cursor = { sentAt: last.sentAt, line: last.line };
      opts.onProgress?.(current);
    }

    const done = await db.transaction(async (tx) => {
      simulator.finish(customers.values());
      const written = await writeHistoryChanges(tx, simulator.takeChanges());
      await tx.delete(importRows).where(eq(importRows.importId, importId));
      const [finished] = await tx
        .update(imports)
        .set({
          status: "done",
          finishedAt: new Date(),
          error: null,
          exchangesLearned: sql`${imports.exchangesLearned} + ${written.examples}`,
          patternsCreated: sql`${imports.patternsCreated} + ${written.patternsCreated}`,
        })
        .where(eq(imports.id, importId))
        .returning();
      if (!finished) throw new Error(`import ${importId} disappeared`);
      return finished;
    });
    opts.onProgress?.(done);
    return done;
  } catch (error) {
    // The batch rolled back; the next run resumes after the last committed one. The reason is kept for the
    // dashboard, never the rows' contents.
    await db
      .update(imports)
      .set({ error: rootCause(error).message })
      .where(eq(imports.id, importId))
      .catch(() => undefined);
    throw error;
  }
}

/** The next staged rows after `cursor`, in the order they were sent. */
async function readStagedBatch(
  db: Db,
  importId: string,
  cursor: { sentAt: Date; line: number } | null,
  limit: number,
): Promise<PlayedMessage[]> {
  const staged = await queryRows<StagedRow>(
    db,
    sql`select line, key, message_id, conversation_ref, sent_at, direction, customer_phone,
          customer_name, operator, body
        from ${importRows}
        where import_id = ${importId}
          ${cursor ? sql`and (sent_at, line) > (${cursor.sentAt.toISOString()}::timestamptz, ${cursor.line})` : sql``}
        order by sent_at, line
        limit ${limit}`,
  );
  return staged.map(toPlayed);
}

function toPlayed(row: StagedRow): PlayedMessage {
  return {
    key: row.key,
    messageId: row.message_id,
    conversationRef: row.conversation_ref,
    line: row.line,
    sentAt: new Date(row.sent_at),
    direction: row.direction,
    customerPhone: row.customer_phone,
    customerName: row.customer_name,
    operator: row.operator,
    body: row.body,
  };
}

/** Drops messages stored before (by this import or an earlier one, or live with the same id) and repeats. */
async function withoutKnownMessages(tx: Tx, played: PlayedMessage[]): Promise<PlayedMessage[]> {
  const keys = played.map((m) => m.key);
  const ids = played.flatMap((m) => (m.messageId ? [m.messageId] : []));
  const known = await queryRows<{ key: string }>(
    tx,
    sql`select import_key as key from messages where import_key = any(${sql.param(keys)}::text[])
        union all
        select provider_message_id from messages where provider_message_id = any(${sql.param(ids)}::text[])`,
  );
  const seen = new Set(known.map((k) => k.key));
  return played.filter((m) => {
    if (seen.has(m.key) || (m.messageId && seen.has(m.messageId))) return false;
    seen.add(m.key);
    if (m.messageId) seen.add(m.messageId);
    return true;
  });
}
