// Replays a history file to show what Playbook would have done, without touching live data. The file is put in
// time order through temporary files (an external sort, so it is never held in memory), the patterns, their
// examples and the settings are read from the live database in one read-only transaction, and everything the
// replay learns stays in this process's memory. Nothing is sent and nothing is written to the live database.
import { randomUUID } from "node:crypto";
import { open, rename, rm, stat, writeFile, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { inArray, isNull } from "drizzle-orm";
import type { Database } from "@playbook/db";
import { customers as customersTable, patterns } from "@playbook/db/schema";
import type { Logger } from "../logger";
import { PatternIndex } from "../engine/pattern-index";
import type { Judgment } from "../matching/calibrate-probability";
import { getSettings, type Settings } from "../settings/settings";
import { HistorySimulator } from "./history-simulator";
import { inTurns } from "../runtime/in-turns";
import type { AnsweredMessage, CustomerState, PatternRow, PlayedMessage } from "./history-state";
import { sortHistoryFile, type SortedHistory } from "./sort-history";
import { defaultTimeSaving, ReplayTally, type ReplaySummary } from "./replay-tally";

export interface ReplayOptions {
  /** Where results.jsonl goes; the summary is saved beside it as <name>.summary.json. */
  outPath: string;
  /** "what-if" (default): every pattern active and auto-executable, automation on; "real": as configured. */
  policy?: "what-if" | "real";
  /** Operator minutes one reply takes: what an automatic reply saves. */
  minutesPerReply?: number;
  /** Operator minutes to review a ready reply: a suggestion saves the difference. */
  reviewMinutes?: number;
  batchSize?: number;
  onProgress?: (progress: ReplayProgress) => void;
  /** Judgments that count in the calibration beside the database's (tests stand in a track record). */
  priorJudgments?: readonly Judgment[];
  /** Stops between batches when aborted: the replay throws ReplayCancelledError and leaves no results file. */
  signal?: AbortSignal;
}

export class ReplayCancelledError extends Error {
  override name = "ReplayCancelledError";
}

export interface ReplayProgress {
  phase: "staging" | "replaying";
  /** Bytes of the file read (staging) or rows replayed (replaying), out of `total`. */
  done: number;
  total: number;
}

export interface ReplayResult {
  summary: ReplaySummary;
  summaryPath: string;
}

const DEFAULT_BATCH = 5_000;

export async function replayHistoryFile(
  runtime: { database: Database; logger: Logger },
  filePath: string,
  opts: ReplayOptions,
): Promise<ReplayResult> {
  const startedAt = Date.now();
  const policy = opts.policy ?? "what-if";
  const batchSize = opts.batchSize ?? DEFAULT_BATCH;
  const fileBytes = (await stat(filePath)).size;
  const snapshot = await readLiveSnapshot(runtime.database, opts.priorJudgments);

  // Results go to a partial file renamed into place at the end: a replay that fails leaves an earlier run's
  // results as they were. Opened first, so a path that cannot be written fails before any work.
  const partialPath = `${opts.outPath}.partial`;
  const out = await open(partialPath, "w");
  let sorted: SortedHistory | null = null;
  try {
    sorted = await sortHistoryFile(filePath, {
      runRows: Math.max(batchSize, 50_000),
      onProgress: (bytes) => opts.onProgress?.({ phase: "staging", done: bytes, total: fileBytes }),
    });
    const tally = new ReplayTally({
      minutesPerReply: opts.minutesPerReply ?? defaultTimeSaving.minutesPerReply,
      reviewMinutes: opts.reviewMinutes ?? defaultTimeSaving.reviewMinutes,
    });
    let lines: string[] = [];
    const simulator = new HistorySimulator({
      settings: snapshot.settings,
      patterns: snapshot.patterns,
      index: snapshot.index,
      policy,
      onAnswered: (answered) => {
        tally.add(answered);
        lines.push(JSON.stringify(resultLine(answered)));
      },
    });

    const customers = new Map<string, CustomerState>();
    const seenKeys = new Set<string>();
    const total = sorted.rowsRead - sorted.rowsRejected;
    let replayed = 0;
    let customerMessages = 0;
    let duplicates = 0;
    let batch: PlayedMessage[] = [];
    const playBatch = async () => {
      if (opts.signal?.aborted) throw new ReplayCancelledError("The replay was cancelled.");
      await addCustomers(runtime.database, customers, batch);
      await inTurns(batch, (message) => {
        if (seenKeys.has(message.key)) {
          duplicates += 1;
          return;
        }
        seenKeys.add(message.key);
        if (message.direction === "inbound") customerMessages += 1;
        simulator.play(customers.get(message.customerPhone)!, message);
      });
      // What the replay learned stays in memory; the collected changes are not needed.
      simulator.takeChanges();
      await writeLines(out, lines);
      lines = [];
      replayed += batch.length;
      batch = [];
      opts.onProgress?.({ phase: "replaying", done: replayed, total });
    };
    for await (const row of sorted.rows) {
      batch.push({ ...row, conversationRef: row.conversationId });
      if (batch.length >= batchSize) await playBatch();
    }
    await playBatch();
    simulator.finish(customers.values());
    simulator.takeChanges();
    await writeLines(out, lines);
    await out.close();
    await rename(partialPath, opts.outPath);

    const seconds = (Date.now() - startedAt) / 1000;
    const summary = tally.summarize({
      file: path.basename(filePath),
      policy,
      rowsRead: sorted.rowsRead,
      rowsRejected: sorted.rowsRejected,
      rejections: sorted.rejections.map((r) => ({ line: r.line, reason: r.reason })),
      rowsDuplicate: duplicates,
      customerMessages,
      patterns: snapshot.patterns,
      seconds,
      messagesPerSecond: replayed / seconds,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    });
    const summaryPath = summaryPathFor(opts.outPath);
    await writeFile(summaryPath, `${JSON.stringify(summary, null, 2)}\n`);
    return { summary, summaryPath };
  } catch (error) {
    await out.close().catch(() => undefined);
    await rm(partialPath, { force: true });
    throw error;
  } finally {
    await sorted?.close();
  }
}

/** results.jsonl → results.summary.json (any other name gets ".summary.json" appended). */
export function summaryPathFor(outPath: string): string {
  return outPath.endsWith(".jsonl")
    ? `${outPath.slice(0, -".jsonl".length)}.summary.json`
    : `${outPath}.summary.json`;
}

interface LiveSnapshot {
  settings: Settings;
  patterns: Map<string, PatternRow>;
  index: PatternIndex;
}

/** Settings, patterns and their examples as of one moment, read in a read-only transaction. */
async function readLiveSnapshot(
  database: Database,
  priorJudgments: readonly Judgment[] | undefined,
): Promise<LiveSnapshot> {
  return database.db.transaction(
    async (tx) => {
      const settings = await getSettings(tx);
      const rows = await tx.select().from(patterns).where(isNull(patterns.deletedAt));
      const index = new PatternIndex(undefined, { priorJudgments });
      await index.refresh(tx, { force: true });
      return { settings, patterns: new Map(rows.map((row) => [row.id, row])), index };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

/** Customers new to the replay, with their VIP flag from the live database; opt-outs come from the history. */
async function addCustomers(
  database: Database,
  customers: Map<string, CustomerState>,
  batch: readonly { customerPhone: string; customerName: string | null }[],
): Promise<void> {
  const missing = [...new Set(batch.map((m) => m.customerPhone))].filter((p) => !customers.has(p));
  if (missing.length === 0) return;
  const known = await database.db
    .select({
      id: customersTable.id,
      phone: customersTable.phone,
      name: customersTable.name,
      isVip: customersTable.isVip,
    })
    .from(customersTable)
    .where(inArray(customersTable.phone, missing));
  const byPhone = new Map(known.map((c) => [c.phone, c]));
  for (const phone of missing) {
    const live = byPhone.get(phone);
    customers.set(phone, {
      id: live?.id ?? randomUUID(),
      phone,
      name: live?.name ?? null,
      isVip: live?.isVip ?? false,
      optedOut: false,
      optedOutAt: null,
      conversation: null,
      autoDecisionTimes: [],
    });
  }
}

/** One results.jsonl line: what the dashboard's replay stores per answered message too. */
export type ReplayResultLine = ReturnType<typeof resultLine>;

function resultLine(answered: AnsweredMessage) {
  const { message, decision } = answered;
  return {
    message_id: message?.messageId ?? null,
    line: message?.line ?? null,
    conversation_id: message?.conversationRef ?? answered.conversationId,
    sent_at: (message?.sentAt ?? decision.createdAt).toISOString(),
    customer_message: message?.body ?? null,
    decision: decision.mode,
    pattern_id: decision.patternId,
    confidence: decision.confidence,
    match_score: decision.matchScore,
    // The calibrated probability that the proposal is what the operator sends (null: not calibrated yet).
    score: decision.probability,
    // What the probability was computed from (the classifier's probability and margin, the nearest example's
    // similarity, the pattern's and the model's example counts): enough to study or refit the calibration.
    evidence: decision.evidence,
    // The gates that stopped an automatic reply, by name (empty when none did).
    failed_gates: decision.failedGates,
    proposed_reply: decision.proposedReply,
    best_reply: decision.bestReply,
    operator_reply: answered.operatorReply,
    matched: answered.matched,
    // Whether the best candidate's reply was what the operator sent (the strict rule the score predicts).
    correct: decision.correct,
  };
}

async function writeLines(out: FileHandle, lines: string[]): Promise<void> {
  if (lines.length > 0) await out.write(`${lines.join("\n")}\n`);
}
