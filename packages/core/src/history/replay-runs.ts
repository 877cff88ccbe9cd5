// Replays started from the dashboard: a run row per press of "Start", the replay itself in the background of the
// process that received it (progress and a heartbeat written every second, cancellation seen at the next write),
// its per-message results stored for paging, and runs whose process died failed once their lease expires.
import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { and, eq, inArray, isNull, lt, or } from "drizzle-orm";
import type { Database, Db } from "@playbook/db";
import { replayResults, replayRuns } from "@playbook/db/schema";
import { rootCause } from "../errors";
import type { Logger } from "../logger";
import { recordAudit } from "../audit/audit-log";
import { exportHistoryCsv } from "./export-history-csv";
import { readHistoryCsv } from "./read-history-csv";
import { PrecisionCoverageCurve } from "./replay-curve";
import {
  ReplayCancelledError,
  replayHistoryFile,
  summaryPathFor,
  type ReplayProgress,
  type ReplayResultLine,
} from "./replay-runner";

export type ReplayRunRow = typeof replayRuns.$inferSelect;
export type ReplayPolicy = ReplayRunRow["policy"];

export interface ReplayRunRuntime {
  database: Database;
  logger: Logger;
}

/** A running run whose heartbeat is older than this belongs to a process that stopped. */
export const REPLAY_LEASE_MS = 2 * 60_000;
const HEARTBEAT_MS = 1_000;
const RESULT_BATCH = 1_000;

export interface StartReplayInput {
  requestKey: string;
  policy: ReplayPolicy;
  createdBy: string | null;
  ip?: string | null;
  /** An uploaded file, or absent: the history stored in the database. */
  upload?: { fileName: string; body: ReadableStream<Uint8Array> };
  batchSize?: number;
}

export interface StartedReplay {
  run: ReplayRunRow;
  /** False when the request key had already started this run. */
  created: boolean;
  /** Settles when this call's background run has stopped (done, cancelled or failed); never rejects. */
  settled: Promise<void>;
}

/**
 * Creates the run and starts it in the background; returns at once for the history, after the upload was received
 * and its header checked for a file. The same request key returns the run it already started (a double click).
 * A file that cannot be replayed at all throws HistoryCsvError and leaves no run behind.
 */
export async function startReplayRun(
  runtime: ReplayRunRuntime,
  input: StartReplayInput,
): Promise<StartedReplay> {
  const { db } = runtime.database;
  const existing = await findByRequestKey(db, input.requestKey);
  if (existing) return { run: existing, created: false, settled: Promise.resolve() };

  const dir = await replayWorkDir();
  // Its own name per request: a second request with the same key must not write over the first one's file.
  const filePath = path.join(dir, `${randomUUID()}.csv`);
  if (input.upload) {
    try {
      await pipeline(
        Readable.fromWeb(input.upload.body as Parameters<typeof Readable.fromWeb>[0]),
        createWriteStream(filePath),
      );
      await checkHeader(filePath);
    } catch (error) {
      await rm(filePath, { force: true });
      throw error;
    }
  }
  const run = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(replayRuns)
      .values({
        requestKey: input.requestKey,
        source: input.upload ? "upload" : "history",
        fileName: input.upload?.fileName ?? "Stored message history",
        policy: input.policy,
        createdBy: input.createdBy,
        heartbeatAt: new Date(),
      })
      .onConflictDoNothing({ target: replayRuns.requestKey })
      .returning();
    if (!row) return null;
    await recordAudit(tx, {
      actorUserId: input.createdBy,
      action: "replay.start",
      targetType: "replay",
      targetId: row.id,
      details: { source: row.source, fileName: row.fileName, policy: row.policy },
      ip: input.ip ?? null,
    });
    return row;
  });
  if (!run) {
    // The same key raced in from a second request: that one's run stands.
    await rm(filePath, { force: true });
    const raced = await findByRequestKey(db, input.requestKey);
    if (!raced) throw new Error("replay run vanished after a conflicting insert");
    return { run: raced, created: false, settled: Promise.resolve() };
  }
  const settled = executeReplayRun(runtime, run, filePath, input.batchSize).catch(
    (error: unknown) =>
      runtime.logger.error({ replayId: run.id, err: rootCause(error) }, "a replay run failed"),
  );
  return { run, created: true, settled };
}

/** Stops a queued or running run; its process sees it at its next heartbeat and drops the partial results. */
export async function cancelReplayRun(
  db: Db,
  input: { id: string; actorUserId: string; ip?: string | null },
): Promise<ReplayRunRow | null> {
  return db.transaction(async (tx) => {
    const [cancelled] = await tx
      .update(replayRuns)
      .set({ status: "cancelled", finishedAt: new Date(), error: null })
      .where(and(eq(replayRuns.id, input.id), inArray(replayRuns.status, ["queued", "running"])))
      .returning();
    if (cancelled) {
      await recordAudit(tx, {
        actorUserId: input.actorUserId,
        action: "replay.cancel",
        targetType: "replay",
        targetId: input.id,
        ip: input.ip ?? null,
      });
      return cancelled;
    }
    // Cancelling a finished run (a second click) changes nothing.
    const [current] = await tx.select().from(replayRuns).where(eq(replayRuns.id, input.id));
    return current ?? null;
  });
}

/** Fails runs whose process stopped: their heartbeat is older than the lease. Their results are dropped. */
export async function failInterruptedReplays(
  db: Db,
  opts: { leaseMs?: number } = {},
): Promise<{ failed: number }> {
  const before = new Date(Date.now() - (opts.leaseMs ?? REPLAY_LEASE_MS));
  const failed = await db
    .update(replayRuns)
    .set({
      status: "failed",
      finishedAt: new Date(),
      error: "The replay was interrupted: the process running it stopped. Start it again.",
    })
    .where(
      and(
        inArray(replayRuns.status, ["queued", "running"]),
        or(isNull(replayRuns.heartbeatAt), lt(replayRuns.heartbeatAt, before)),
      ),
    )
    .returning({ id: replayRuns.id });
  if (failed.length > 0) {
    await db.delete(replayResults).where(
      inArray(
        replayResults.runId,
        failed.map((f) => f.id),
      ),
    );
  }
  return { failed: failed.length };
}

async function executeReplayRun(
  runtime: ReplayRunRuntime,
  run: ReplayRunRow,
  filePath: string,
  batchSize: number | undefined,
): Promise<void> {
  const { db } = runtime.database;
  const outPath = `${filePath}.results.jsonl`;
  const abort = new AbortController();
  let progress: { phase: string; done: number; total: number } = {
    phase: run.source === "history" ? "exporting" : "staging",
    done: 0,
    total: 0,
  };
  let writing = Promise.resolve();
  const beat = async () => {
    const [alive] = await db
      .update(replayRuns)
      .set({
        status: "running",
        phase: progress.phase,
        progressDone: progress.done,
        progressTotal: progress.total,
        heartbeatAt: new Date(),
      })
      .where(and(eq(replayRuns.id, run.id), inArray(replayRuns.status, ["queued", "running"])))
      .returning({ id: replayRuns.id });
    if (!alive) abort.abort();
  };
  const timer = setInterval(() => {
    writing = writing.then(beat).catch((error: unknown) => {
      runtime.logger.warn({ replayId: run.id, err: rootCause(error) }, "replay heartbeat failed");
    });
  }, HEARTBEAT_MS);
  try {
    await db
      .update(replayRuns)
      .set({ status: "running", startedAt: new Date(), phase: progress.phase })
      .where(and(eq(replayRuns.id, run.id), eq(replayRuns.status, "queued")));
    if (run.source === "history") {
      await exportHistoryCsv(db, filePath, {
        signal: abort.signal,
        onProgress: (done) => (progress = { phase: "exporting", done, total: 0 }),
      });
    }
    const result = await replayHistoryFile(runtime, filePath, {
      outPath,
      policy: run.policy,
      batchSize,
      signal: abort.signal,
      onProgress: (p: ReplayProgress) => (progress = { ...p }),
    });
    const curve = await storeResults(db, run.id, outPath, abort.signal, (done) => {
      progress = { phase: "storing", done, total: result.summary.answered };
    });
    clearInterval(timer);
    await writing;
    const [finished] = await db
      .update(replayRuns)
      .set({
        status: "done",
        phase: null,
        progressDone: result.summary.answered,
        progressTotal: result.summary.answered,
        resultsStored: result.summary.answered,
        summary: result.summary as unknown as Record<string, unknown>,
        curve: curve.points() as unknown as Record<string, unknown>[],
        finishedAt: new Date(),
        heartbeatAt: new Date(),
      })
      .where(and(eq(replayRuns.id, run.id), eq(replayRuns.status, "running")))
      .returning({ id: replayRuns.id });
    // Cancelled (or failed as interrupted) while the last results were stored: they go with it.
    if (!finished) await db.delete(replayResults).where(eq(replayResults.runId, run.id));
  } catch (error) {
    clearInterval(timer);
    await writing;
    // Nothing half-written: a run that did not finish keeps no results.
    await db.delete(replayResults).where(eq(replayResults.runId, run.id));
    if (!(error instanceof ReplayCancelledError)) {
      await db
        .update(replayRuns)
        .set({ status: "failed", finishedAt: new Date(), error: rootCause(error).message })
        .where(and(eq(replayRuns.id, run.id), inArray(replayRuns.status, ["queued", "running"])));
      throw error;
    }
  } finally {
    clearInterval(timer);
    await rm(filePath, { force: true });
    await rm(outPath, { force: true });
    await rm(summaryPathFor(outPath), { force: true });
  }
}

/** Reads results.jsonl into replay_results a batch at a time, building the curve as it goes. */
async function storeResults(
  db: Db,
  runId: string,
  outPath: string,
  signal: AbortSignal,
  onProgress: (done: number) => void,
): Promise<PrecisionCoverageCurve> {
  const curve = new PrecisionCoverageCurve();
  let batch: (typeof replayResults.$inferInsert)[] = [];
  let seq = 0;
  const flush = async () => {
    if (signal.aborted) throw new ReplayCancelledError("The replay was cancelled.");
    if (batch.length > 0) await db.insert(replayResults).values(batch);
    batch = [];
    onProgress(seq);
  };
  const lines = createInterface({ input: createReadStream(outPath), crlfDelay: Infinity });
  for await (const text of lines) {
    if (text === "") continue;
    const line = JSON.parse(text) as ReplayResultLine;
    curve.add({ score: line.score, correct: line.correct });
    seq += 1;
    batch.push({
      runId,
      seq,
      sentAt: new Date(line.sent_at),
      conversationRef: line.conversation_id,
      decision: line.decision,
      patternId: line.pattern_id,
      score: line.score,
      correct: line.correct,
      matched: line.matched,
      customerMessage: line.customer_message,
      trace: {
        line: line.line,
        messageId: line.message_id,
        confidence: line.confidence,
        matchScore: line.match_score,
        evidence: line.evidence,
        failedGates: line.failed_gates,
        proposedReply: line.proposed_reply,
        bestReply: line.best_reply,
        operatorReply: line.operator_reply,
      },
    });
    if (batch.length >= RESULT_BATCH) await flush();
  }
  await flush();
  return curve;
}

/** Reads the header only: a file that cannot be replayed at all fails the request, not a background run. */
async function checkHeader(filePath: string): Promise<void> {
  const records = readHistoryCsv(createReadStream(filePath));
  try {
    await records.next();
  } finally {
    await records.return(undefined);
  }
}

async function findByRequestKey(db: Db, requestKey: string): Promise<ReplayRunRow | undefined> {
  const [row] = await db.select().from(replayRuns).where(eq(replayRuns.requestKey, requestKey));
  return row;
}

async function replayWorkDir(): Promise<string> {
  const dir = path.join(tmpdir(), "playbook-replays");
  await mkdir(dir, { recursive: true });
  return dir;
}
