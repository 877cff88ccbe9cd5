// Replays a history file to show what Playbook would have done, without touching live data. The file is staged
// in a scratch embedded database of its own (to play it in time order without holding it in memory), the
// patterns, their examples and the settings are read from the live database in one read-only transaction, and
// everything the replay learns stays in this process's memory. Nothing is sent and nothing is written to the
// live database: the read-only transaction would refuse it.
import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { inArray, isNull } from "drizzle-orm";
import { createDb, runMigrations, type Database } from "@playbook/db";
import { customers as customersTable, importRejections, patterns } from "@playbook/db/schema";
import type { Logger } from "../logger";
import { PatternIndex } from "../engine/pattern-index";
import { getSettings, type Settings } from "../settings/settings";
import {
  HistorySimulator,
  type AnsweredMessage,
  type CustomerState,
  type PatternRow,
} from "./history-simulator";
import { createImport, readStagedBatch, stageRows } from "./import-runner";
import { ReplayTally, type ReplaySummary } from "./replay-tally";

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
  const snapshot = await readLiveSnapshot(runtime.database);

  const scratchDir = await mkdtemp(path.join(tmpdir(), "playbook-replay-"));
  const scratch = await createDb({ dataDir: scratchDir });
  const out = createWriteStream(opts.outPath);
  try {
    await runMigrations(scratch);
    const scratchRuntime = { database: scratch, logger: runtime.logger };
    const created = await createImport(scratch.db, {
      fileName: path.basename(filePath),
      fileSha256: null,
      fileBytes,
      source: "cli",
      createdBy: null,
    });
    const staged = await stageRows(scratchRuntime, created, createReadStream(filePath), {
      batchSize,
      onProgress: (p) =>
        opts.onProgress?.({ phase: "staging", done: p.bytesRead, total: fileBytes }),
    });
    const rejections = await scratch.db
      .select({ line: importRejections.line, reason: importRejections.reason })
      .from(importRejections)
      .orderBy(importRejections.line)
      .limit(20);

    const tally = new ReplayTally({
      minutesPerReply: opts.minutesPerReply ?? 2,
      reviewMinutes: opts.reviewMinutes ?? 0.5,
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
    let cursor: { sentAt: Date; line: number } | null = null;
    let replayed = 0;
    let customerMessages = 0;
    let duplicates = 0;
    for (;;) {
      const batch = await readStagedBatch(scratch.db, staged.id, cursor, batchSize);
      if (batch.length === 0) break;
      await addCustomers(runtime.database, customers, batch);
      for (const message of batch) {
        if (seenKeys.has(message.key)) {
          duplicates += 1;
          continue;
        }
        seenKeys.add(message.key);
        if (message.direction === "inbound") customerMessages += 1;
        simulator.play(customers.get(message.customerPhone)!, message);
      }
      // What the replay learned stays in memory; the collected changes are not needed.
      simulator.takeChanges();
      await writeLines(out, lines);
      lines = [];
      const last = batch[batch.length - 1]!;
      cursor = { sentAt: last.sentAt, line: last.line };
      replayed += batch.length;
      opts.onProgress?.({ phase: "replaying", done: replayed, total: staged.rowsStaged });
    }
    simulator.finish(customers.values());
    simulator.takeChanges();
    await writeLines(out, lines);
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );

    const seconds = (Date.now() - startedAt) / 1000;
    const summary = tally.summarize({
      file: path.basename(filePath),
      policy,
      rowsRead: staged.rowsStaged + staged.rowsRejected,
      rowsRejected: staged.rowsRejected,
      rejections,
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
  } finally {
    out.destroy();
    await scratch.close();
    await rm(scratchDir, { recursive: true, force: true });
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
async function readLiveSnapshot(database: Database): Promise<LiveSnapshot> {
  return database.db.transaction(
    async (tx) => {
      const settings = await getSettings(tx);
      const rows = await tx.select().from(patterns).where(isNull(patterns.deletedAt));
      const index = new PatternIndex();
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

function resultLine(answered: AnsweredMessage) {
  const { message, decision } = answered;
  return {
    message_id: message?.messageId ?? null,
    line: message?.line ?? null,
    conversation_id: message?.conversationRef ?? answered.conversationId,
    sent_at: (message?.sentAt ?? decision.createdAt).toISOString(),
    decision: decision.mode,
    pattern_id: decision.patternId,
    confidence: decision.confidence,
    match_score: decision.matchScore,
    proposed_reply: decision.proposedReply,
    operator_reply: answered.operatorReply,
    matched: answered.matched,
  };
}

async function writeLines(out: WriteStream, lines: string[]): Promise<void> {
  if (lines.length === 0) return;
  if (!out.write(`${lines.join("\n")}\n`)) {
    await new Promise<void>((resolve, reject) => {
      out.once("drain", resolve);
      out.once("error", reject);
    });
  }
}
