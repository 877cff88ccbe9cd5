// What the dashboard shows of replay runs: the list, one run with its summary and curve, its per-message results
// a page at a time (keyset on seq), and applying a threshold read off the curve to the settings.
import { and, desc, eq, gt, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@playbook/db";
import { decisionModes, replayResults, replayRuns, users } from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import { conflict, notFound } from "../errors";
import { getSettings, writeSettings, type Settings } from "../settings/settings";
import type { CurvePoint } from "./replay-curve";
import type { ReplayRunRow } from "./replay-runs";
import type { ReplaySummary } from "./replay-tally";

export const ZListReplayRunsRequest = z
  .object({
    limit: z.number().int().min(1).max(100).default(20),
    /** The createdAt of the previous page's last run; absent for the first page. */
    before: z.date().optional(),
  })
  .prefault({});
export type TListReplayRunsRequest = z.input<typeof ZListReplayRunsRequest>;

export const ZGetReplayRunRequest = z.object({ id: z.uuid() });

export const ZListReplayResultsRequest = z.object({
  runId: z.uuid(),
  /** The last seq of the previous page; absent for the first page. */
  afterSeq: z.number().int().min(0).optional(),
  decision: z.enum(decisionModes).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type TListReplayResultsRequest = z.input<typeof ZListReplayResultsRequest>;

export const ZApplyReplayThresholdRequest = z.object({
  runId: z.uuid(),
  threshold: z.number().min(0).max(1),
});
export type TApplyReplayThresholdRequest = z.input<typeof ZApplyReplayThresholdRequest>;

export interface ReplayRunView {
  id: string;
  source: ReplayRunRow["source"];
  fileName: string;
  policy: ReplayRunRow["policy"];
  status: ReplayRunRow["status"];
  phase: string | null;
  progressDone: number;
  progressTotal: number;
  resultsStored: number;
  error: string | null;
  createdBy: { id: string; name: string } | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface ReplayRunDetail extends ReplayRunView {
  summary: ReplaySummary | null;
  curve: CurvePoint[];
}

const listColumns = {
  id: replayRuns.id,
  source: replayRuns.source,
  fileName: replayRuns.fileName,
  policy: replayRuns.policy,
  status: replayRuns.status,
  phase: replayRuns.phase,
  progressDone: replayRuns.progressDone,
  progressTotal: replayRuns.progressTotal,
  resultsStored: replayRuns.resultsStored,
  error: replayRuns.error,
  createdAt: replayRuns.createdAt,
  startedAt: replayRuns.startedAt,
  finishedAt: replayRuns.finishedAt,
  creatorId: users.id,
  creatorName: users.name,
};

type ListRow = { creatorId: string | null; creatorName: string | null } & Omit<
  ReplayRunView,
  "createdBy"
>;

function toView({ creatorId, creatorName, ...run }: ListRow): ReplayRunView {
  return {
    ...run,
    createdBy: creatorId && creatorName ? { id: creatorId, name: creatorName } : null,
  };
}

export async function listReplayRuns(
  db: Db,
  request: TListReplayRunsRequest,
): Promise<ReplayRunView[]> {
  const { limit, before } = ZListReplayRunsRequest.parse(request);
  const rows = await db
    .select(listColumns)
    .from(replayRuns)
    .leftJoin(users, eq(users.id, replayRuns.createdBy))
    .where(before ? lt(replayRuns.createdAt, before) : undefined)
    .orderBy(desc(replayRuns.createdAt))
    .limit(limit);
  return rows.map(toView);
}

export async function getReplayRun(db: Db, id: string): Promise<ReplayRunDetail> {
  const [row] = await db
    .select({ ...listColumns, summary: replayRuns.summary, curve: replayRuns.curve })
    .from(replayRuns)
    .leftJoin(users, eq(users.id, replayRuns.createdBy))
    .where(eq(replayRuns.id, id));
  if (!row) throw notFound("Replay");
  const { summary, curve, ...rest } = row;
  return {
    ...toView(rest),
    summary: (summary as ReplaySummary | null) ?? null,
    curve: (curve as CurvePoint[] | null) ?? [],
  };
}

export interface ReplayResultView {
  seq: number;
  sentAt: Date;
  conversationRef: string | null;
  decision: (typeof decisionModes)[number];
  patternId: string | null;
  score: number | null;
  correct: boolean | null;
  matched: boolean;
  customerMessage: string | null;
  trace: {
    confidence: number | null;
    matchScore: number | null;
    evidence: unknown;
    failedGates: string[];
    proposedReply: string | null;
    bestReply: string | null;
    operatorReply: string;
  };
}

export async function listReplayResults(
  db: Db,
  request: TListReplayResultsRequest,
): Promise<{ items: ReplayResultView[]; nextAfterSeq: number | null }> {
  const { runId, afterSeq, decision, limit } = ZListReplayResultsRequest.parse(request);
  const where: SQL[] = [eq(replayResults.runId, runId)];
  if (afterSeq !== undefined) where.push(gt(replayResults.seq, afterSeq));
  if (decision) where.push(eq(replayResults.decision, decision));
  const rows = await db
    .select()
    .from(replayResults)
    .where(and(...where))
    .orderBy(replayResults.seq)
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    items: page.map(({ runId: _run, trace, ...row }) => ({
      ...row,
      trace: trace as ReplayResultView["trace"],
    })),
    nextAfterSeq: rows.length > limit ? (page[page.length - 1]?.seq ?? null) : null,
  };
}

/**
 * Sets the auto threshold (autoMinProbability) to a value read off a finished run's curve, through the settings'
 * own validation and audit, and audits which run it came from in the same transaction. Applying the value the
 * setting already has changes nothing and writes nothing (a double click).
 */
export async function applyReplayThreshold(
  db: Db,
  request: TApplyReplayThresholdRequest,
  actor: { userId: string; ip?: string | null },
): Promise<{ settings: Settings; changed: boolean }> {
  const { runId, threshold } = ZApplyReplayThresholdRequest.parse(request);
  return db.transaction(async (tx) => {
    const [run] = await tx
      .select({ status: replayRuns.status, curve: replayRuns.curve })
      .from(replayRuns)
      .where(eq(replayRuns.id, runId));
    if (!run) throw notFound("Replay");
    if (run.status !== "done")
      throw conflict("Only a finished replay's curve can set a threshold.");
    const point = ((run.curve as CurvePoint[] | null) ?? []).find(
      (p) => Math.abs(p.threshold - threshold) < 1e-9,
    );
    const current = await getSettings(tx);
    if (current.autoMinProbability === threshold) return { settings: current, changed: false };
    const settings = await writeSettings(
      tx,
      { autoMinProbability: threshold },
      { userId: actor.userId, ip: actor.ip ?? null },
    );
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "replay.apply_threshold",
      targetType: "replay",
      targetId: runId,
      details: {
        setting: "autoMinProbability",
        before: current.autoMinProbability,
        after: threshold,
        coverage: point?.coverage ?? null,
        precision: point?.precision ?? null,
      },
      ip: actor.ip ?? null,
    });
    return { settings, changed: true };
  });
}
