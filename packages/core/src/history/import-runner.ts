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
import { importRejections, importRows, imports, patterns } from "@playbook/db/schema";
import { rootCause } from "../errors";
import type { Logger } from "../logger";
import { PatternIndex } from "../engine/pattern-index";
import { getSettings } from "../settings/settings";
import type { HistoryRow, RejectedRow } from "./history-row";
import {
  HistorySimulator,
  type ConversationState,
  type CustomerState,
  type DecisionState,
  type HeldMessage,
  type PlayedMessage,
} from "./history-simulator";
import { writeHistoryChanges } from "./import-writer";
import { HistoryCsvError, readHistoryCsv } from "./read-history-csv";

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

const DEFAULT_BATCH = 2_000;
// Customers whose conversation state stays in memory between batches; the rest are reloaded when they return.
// About 2 kB each: with the CLI's heap of 160 MB (package.json), state never grows past a small share of it.
const CUSTOMER_CACHE = 20_000;

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

/** Reads the file into import_rows, resuming after the last committed line. */
async function stageRows(
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
      await db
        .update(imports)
        .set({ status: "failed", error: error.message, finishedAt: new Date() })
        .where(eq(imports.id, current.id));
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
    let next = readStagedBatch(db, importId, cursor, batchSize);
    for (;;) {
      if (opts.signal?.aborted) return current;
      const played = await next;
      if (played.length === 0) break;
      const last = played[played.length - 1]!;
      // The next batch is read while this one is played and written.
      next = readStagedBatch(db, importId, { sentAt: last.sentAt, line: last.line }, batchSize);
      next.catch(() => undefined);
      evictIdle(customers);
      current = await db.transaction(async (tx) => {
        const fresh = await withoutKnownMessages(tx, played);
        await loadCustomers(tx, simulator, customers, fresh);
        for (const message of fresh) {
          simulator.play(customers.get(message.customerPhone)!, message);
        }
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

function evictIdle(customers: Map<string, CustomerState>): void {
  // Map keeps insertion order and loadCustomers re-inserts every customer it touches, so the first entries are
  // the least recently seen. Every change was written by the batch that made it, so dropping state is safe,
  // except for a reply still waiting to settle: that customer stays, so the reply is learned exactly once.
  for (const [phone, customer] of customers) {
    if (customers.size <= CUSTOMER_CACHE) break;
    if ((customer.conversation?.reply.length ?? 0) === 0) customers.delete(phone);
  }
}

/** Loads the customers with an imported reply still waiting to be learned, with their open exchanges. */
async function loadWaitingReplies(
  tx: Tx,
  simulator: HistorySimulator,
  customers: Map<string, CustomerState>,
): Promise<void> {
  const waiting = await queryRows<{ phone: string }>(
    tx,
    sql`select distinct c.phone from messages m join customers c on c.id = m.customer_id
        where m.learn_state = 'pending' and m.import_key is not null`,
  );
  const end = new Date("9999-12-31T00:00:00Z");
  await loadCustomers(
    tx,
    simulator,
    customers,
    waiting.map((w) => ({ customerPhone: w.phone, customerName: null, sentAt: end })),
  );
}

type LoadedConversation = {
  customer_id: string;
  id: string;
  provider_conversation_id: string | null;
  status: "open" | "closed";
  started_at: string | Date;
  last_message_at: string | Date;
  ended_at: string | Date | null;
  end_reason: ConversationState["endReason"];
  escalated_at: string | Date | null;
  recent: {
    id: string;
    direction: "inbound" | "outbound";
    body: string;
    sent_at: string;
    learn_state: HeldMessage["learnState"] | "superseded";
    sent_by_playbook: boolean;
  }[];
};

type LoadedDecision = {
  id: string;
  message_id: string;
  conversation_id: string;
  pattern_id: string | null;
  mode: DecisionState["mode"];
  outcome: string;
  review: "approved" | "rejected" | "modified" | null;
  reviewed_at: string | Date | null;
  created_at: string | Date;
  template: string | null;
  probability: number | null;
  evidence: DecisionState["evidence"];
  correct: boolean | null;
};

/**
 * Makes sure every customer of the batch is known and in memory: upserts them (one statement), and loads the
 * conversation state of those not cached: their latest conversation up to the batch, its reply rhythm, and an
 * exchange still open in it with the decision on its question.
 */
async function loadCustomers(
  tx: Tx,
  simulator: HistorySimulator,
  customers: Map<string, CustomerState>,
  batch: readonly Pick<PlayedMessage, "customerPhone" | "customerName" | "sentAt">[],
): Promise<void> {
  const byPhone = new Map<string, { name: string | null; firstAt: Date }>();
  for (const m of batch) {
    const seen = byPhone.get(m.customerPhone);
    byPhone.set(m.customerPhone, {
      name: m.customerName ?? seen?.name ?? null,
      firstAt: seen?.firstAt ?? m.sentAt,
    });
  }
  if (byPhone.size === 0) return;
  const upserted = await queryRows<{
    id: string;
    phone: string;
    name: string | null;
    is_vip: boolean;
    opted_out: boolean;
    opted_out_at: string | Date | null;
  }>(
    tx,
    sql`insert into customers (phone, name)
        select x.phone, x.name
        from json_to_recordset(${JSON.stringify(
          [...byPhone].map(([phone, c]) => ({ phone, name: c.name })),
        )}::json) as x(phone text, name text)
        on conflict (phone) do update set name = coalesce(excluded.name, customers.name)
        returning id, phone, name, is_vip, opted_out, opted_out_at`,
  );

  const toLoad: { customer_id: string; before: string }[] = [];
  for (const row of upserted) {
    const cached = customers.get(row.phone);
    customers.delete(row.phone);
    if (cached) {
      cached.isVip = row.is_vip;
      customers.set(row.phone, cached);
      continue;
    }
    customers.set(row.phone, {
      id: row.id,
      phone: row.phone,
      name: row.name,
      isVip: row.is_vip,
      optedOut: row.opted_out,
      optedOutAt: row.opted_out_at ? new Date(row.opted_out_at) : null,
      conversation: null,
      autoDecisionTimes: [],
    });
    toLoad.push({ customer_id: row.id, before: byPhone.get(row.phone)!.firstAt.toISOString() });
  }
  if (toLoad.length === 0) return;

  // A conversation that ends after the batch's first message is later history (or live traffic): the
  // imported messages are grouped among themselves before it.
  const loaded = await queryRows<LoadedConversation>(
    tx,
    sql`select x.customer_id, c.id, c.provider_conversation_id, c.status, c.started_at, c.last_message_at,
          c.ended_at, c.end_reason, c.escalated_at,
          coalesce((select json_agg(r order by r.sent_at, r.created_at) from (
            select m.id, m.direction, m.body, m.sent_at, m.created_at, m.learn_state, m.sent_by_playbook
            from messages m where m.conversation_id = c.id
            order by m.sent_at desc, m.created_at desc limit 50) r), '[]'::json) as recent
        from json_to_recordset(${JSON.stringify(toLoad)}::json) as x(customer_id uuid, before timestamptz)
        join lateral (
          select * from conversations c
          where c.customer_id = x.customer_id and c.last_message_at <= x.before
          order by c.last_message_at desc limit 1) c on true`,
  );
  const states = loaded.map((row) => conversationFromDatabase(row));
  const questionIds = states.flatMap((s) => {
    const last = s.question[s.question.length - 1];
    return last ? [last.id] : [];
  });
  const decisions =
    questionIds.length === 0
      ? []
      : await queryRows<LoadedDecision>(
          tx,
          sql`select d.id, d.message_id, d.conversation_id, d.pattern_id, d.mode, d.outcome, d.review,
                d.reviewed_at, d.created_at, p.response_template as template, d.probability, d.evidence,
                d.correct
              from decisions d left join patterns p on p.id = d.pattern_id
              where d.message_id = any(${sql.param(questionIds)}::uuid[])`,
        );
  const decisionByMessage = new Map(decisions.map((d) => [d.message_id, d]));
  const byCustomerId = new Map([...customers.values()].map((c) => [c.id, c]));
  for (const state of states) {
    const customer = byCustomerId.get(state.customerId);
    if (!customer) continue;
    const last = state.question[state.question.length - 1];
    const decision = last ? decisionByMessage.get(last.id) : undefined;
    if (decision && (decision.outcome === "none" || decision.outcome === "answered")) {
      state.questionDecision = {
        id: decision.id,
        messageId: decision.message_id,
        conversationId: decision.conversation_id,
        patternId: decision.pattern_id,
        mode: decision.mode,
        createdAt: new Date(decision.created_at),
        template: decision.template,
        confidence: null,
        matchScore: null,
        proposedReply: null,
        bestReply: null,
        probability: decision.probability,
        evidence: decision.evidence,
        correct: decision.correct,
        outcome: decision.outcome,
        review:
          decision.review === "approved" || decision.review === "rejected" ? decision.review : null,
        reviewedAt: decision.reviewed_at ? new Date(decision.reviewed_at) : null,
      };
    }
    customer.conversation = state;
    const lastReply = state.reply[state.reply.length - 1];
    if (lastReply) simulator.awaitSettling(customer, lastReply.sentAt);
  }
}

/** Rebuilds a conversation's state from its stored messages, as findExchanges reads them. */
function conversationFromDatabase(row: LoadedConversation): ConversationState {
  const state: ConversationState = {
    id: row.id,
    customerId: row.customer_id,
    providerConversationId: row.provider_conversation_id,
    status: row.status,
    startedAt: new Date(row.started_at),
    lastMessageAt: new Date(row.last_message_at),
    endedAt: row.ended_at ? new Date(row.ended_at) : null,
    endReason: row.end_reason,
    escalatedAt: row.escalated_at ? new Date(row.escalated_at) : null,
    rhythm: [],
    lastOutbound: null,
    lastInboundAt: null,
    question: [],
    reply: [],
    questionDecision: null,
    settled: null,
  };
  for (const m of row.recent) {
    const sentAt = new Date(m.sent_at);
    state.rhythm.push(m.direction === "outbound" ? -sentAt.getTime() : sentAt.getTime());
    if (m.direction === "outbound") state.lastOutbound = { body: m.body, sentAt };
    else state.lastInboundAt = sentAt;
    const held: HeldMessage = {
      id: m.id,
      direction: m.direction,
      body: m.body,
      sentAt,
      learnState: m.learn_state === "superseded" ? "learned" : m.learn_state,
      played: null,
    };
    if (m.direction === "outbound" && !m.sent_by_playbook) {
      state.reply.push(held);
      continue;
    }
    if (state.reply.length > 0) {
      state.question = [];
      state.reply = [];
    }
    if (m.direction === "inbound") state.question.push(held);
    else state.question = [];
  }
  // A reply already learned (live, or by an earlier batch) is closed: only a pending one stays open.
  if (state.reply.length > 0 && !state.reply.some((m) => m.learnState === "pending")) {
    state.question = [];
    state.reply = [];
  }
  return state;
}
