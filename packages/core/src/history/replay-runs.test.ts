// The dashboard's replay runs end to end on a database: started in the background from the stored history or an
// uploaded file, progress and results stored, the curve against an independent computation, cancel, a run whose
// process died, a malformed upload, a double click, and applying a threshold from the curve.
import { createReadStream } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { and, count, eq } from "drizzle-orm";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@playbook/db";
import { auditLog, replayResults, replayRuns, users } from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { buildDemoHistoryCsv } from "../demo/demo-history";
import { getSettings } from "../settings/settings";
import { importHistoryFile } from "./import-runner";
import { HistoryCsvError } from "./read-history-csv";
import { CURVE_STEPS, type CurvePoint } from "./replay-curve";
import { applyReplayThreshold, getReplayRun, listReplayResults } from "./replay-run-queries";
import {
  cancelReplayRun,
  failInterruptedReplays,
  startReplayRun,
  type ReplayRunRuntime,
} from "./replay-runs";

const logger = pino({ level: "silent" });
const NOW = new Date("2026-11-20T15:00:00Z");

let dir: string;
let replayTmp: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "replay-runs-test-"));
  replayTmp = path.join(dir, "tmp");
  vi.stubEnv("TMPDIR", replayTmp);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

const upload = (filePath: string) => ({
  fileName: path.basename(filePath),
  body: Readable.toWeb(createReadStream(filePath)) as ReadableStream<Uint8Array>,
});

/** The curve's definition, the slow way, over the stored rows. */
function independentCurve(rows: { score: number | null; correct: boolean | null }[]) {
  return Array.from({ length: CURVE_STEPS + 1 }, (_, i) => {
    const threshold = i / CURVE_STEPS;
    const covered = rows.filter((r) => r.score !== null && r.score >= threshold - 1e-9);
    const correct = covered.filter((r) => r.correct === true).length;
    return {
      threshold,
      coverage: rows.length === 0 ? 0 : covered.length / rows.length,
      precision: covered.length === 0 ? null : correct / covered.length,
    };
  });
}

describe.each(testDatabaseKinds)("replay runs on %s", (kind) => {
  let test: TestDatabase;
  let db: Db;
  let runtime: ReplayRunRuntime;
  let adminId: string;
  let historyFile: string;

  beforeAll(async () => {
    test = await openTestDatabase(kind);
    db = test.database.db;
    runtime = { database: test.database, logger };
    const [admin] = await db
      .insert(users)
      .values({ email: "admin@example.com", name: "Admin", role: "admin", passwordHash: "unused" })
      .returning();
    adminId = admin!.id;
    historyFile = path.join(dir, `${kind}-history.csv`);
    await writeFile(historyFile, buildDemoHistoryCsv(NOW));
    // The stored history (and the patterns it teaches) that a "history" replay reads.
    await importHistoryFile(runtime, historyFile, { createdBy: adminId });
  }, 120_000);
  afterAll(async () => {
    await test?.drop();
  });

  const start = (key: string, extra: Partial<Parameters<typeof startReplayRun>[1]> = {}) =>
    startReplayRun(runtime, {
      requestKey: key,
      policy: "what-if",
      createdBy: adminId,
      batchSize: 20,
      ...extra,
    });

  let doneRunId: string;

  it("replays the stored history in the background: progress, summary, every result stored, the curve", async () => {
    const started = await start("11111111-1111-4111-8111-111111111111");
    expect(started.created).toBe(true);
    expect(started.run.status).toBe("queued");
    await started.settled;
    doneRunId = started.run.id;

    const run = await getReplayRun(db, started.run.id);
    expect(run).toMatchObject({ status: "done", source: "history", error: null });
    expect(run.finishedAt).not.toBeNull();
    const answered = run.summary!.answered;
    expect(answered).toBeGreaterThan(20);
    expect(run.resultsStored).toBe(answered);
    expect(run.progressDone).toBe(answered);

    // Keyset paging visits every stored result once, in order.
    const seen: number[] = [];
    let afterSeq: number | undefined;
    for (;;) {
      const page = await listReplayResults(db, { runId: run.id, afterSeq, limit: 7 });
      seen.push(...page.items.map((item) => item.seq));
      if (page.nextAfterSeq === null) break;
      afterSeq = page.nextAfterSeq;
    }
    expect(seen).toEqual(Array.from({ length: answered }, (_, i) => i + 1));

    // Decisions per level agree with the stored rows.
    const rows = await db
      .select({
        decision: replayResults.decision,
        score: replayResults.score,
        correct: replayResults.correct,
      })
      .from(replayResults)
      .where(eq(replayResults.runId, run.id));
    for (const level of run.summary!.levels) {
      expect(rows.filter((r) => r.decision === level.decision)).toHaveLength(level.count);
    }
    expect(rows.some((r) => r.score !== null)).toBe(true);
    const expected = independentCurve(rows);
    expect(run.curve).toHaveLength(expected.length);
    run.curve.forEach((point: CurvePoint, i) => {
      expect(point.threshold).toBeCloseTo(expected[i]!.threshold, 9);
      expect(point.coverage).toBeCloseTo(expected[i]!.coverage, 4);
      if (expected[i]!.precision === null) expect(point.precision).toBeNull();
      else expect(point.precision).toBeCloseTo(expected[i]!.precision, 4);
    });
    // No temporary file is left behind.
    expect(await readdir(path.join(replayTmp, "playbook-replays"))).toEqual([]);
  }, 120_000);

  it("a double click (same request key, at once) starts one run", async () => {
    const key = "22222222-2222-4222-8222-222222222222";
    const [a, b] = await Promise.all([
      start(key, { upload: upload(historyFile) }),
      start(key, { upload: upload(historyFile) }),
    ]);
    expect(a.run.id).toBe(b.run.id);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    await Promise.all([a.settled, b.settled]);
    const [runs] = await db
      .select({ n: count() })
      .from(replayRuns)
      .where(eq(replayRuns.requestKey, key));
    expect(runs!.n).toBe(1);
    const [audits] = await db
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.action, "replay.start"), eq(auditLog.targetId, a.run.id)));
    expect(audits!.n).toBe(1);
    expect((await getReplayRun(db, a.run.id)).status).toBe("done");
  }, 120_000);

  it("refuses a file without a required column with a clear error and leaves no run", async () => {
    const bad = path.join(dir, `${kind}-bad.csv`);
    await writeFile(
      bad,
      "message_id,sent_at,customer_phone,body\na1,2024-01-01T00:00:00Z,+1555,hi\n",
    );
    const key = "33333333-3333-4333-8333-333333333333";
    await expect(start(key, { upload: upload(bad) })).rejects.toThrow(HistoryCsvError);
    await expect(start(key, { upload: upload(bad) })).rejects.toThrow(/direction/);
    const [runs] = await db
      .select({ n: count() })
      .from(replayRuns)
      .where(eq(replayRuns.requestKey, key));
    expect(runs!.n).toBe(0);
    expect(await readdir(path.join(replayTmp, "playbook-replays"))).toEqual([]);
  });

  it("cancel stops the run and keeps none of its results; a second cancel changes nothing", async () => {
    const started = await start("44444444-4444-4444-8444-444444444444", { batchSize: 5 });
    const cancelled = await cancelReplayRun(db, { id: started.run.id, actorUserId: adminId });
    expect(cancelled?.status).toBe("cancelled");
    await started.settled;
    const run = await getReplayRun(db, started.run.id);
    expect(run).toMatchObject({ status: "cancelled", summary: null, curve: [] });
    const [stored] = await db
      .select({ n: count() })
      .from(replayResults)
      .where(eq(replayResults.runId, started.run.id));
    expect(stored!.n).toBe(0);
    const again = await cancelReplayRun(db, { id: started.run.id, actorUserId: adminId });
    expect(again?.status).toBe("cancelled");
    const [audits] = await db
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.action, "replay.cancel"), eq(auditLog.targetId, started.run.id)));
    expect(audits!.n).toBe(1);
    // A finished run cannot be cancelled.
    expect((await cancelReplayRun(db, { id: doneRunId, actorUserId: adminId }))?.status).toBe(
      "done",
    );
  }, 120_000);

  it("fails a run whose process stopped once its lease expired, and drops its partial results", async () => {
    const old = new Date(Date.now() - 10 * 60_000);
    const [dead] = await db
      .insert(replayRuns)
      .values({
        requestKey: "dead-run",
        source: "history",
        fileName: "x",
        policy: "what-if",
        status: "running",
        heartbeatAt: old,
        startedAt: old,
      })
      .returning();
    const [alive] = await db
      .insert(replayRuns)
      .values({
        requestKey: "alive-run",
        source: "history",
        fileName: "x",
        policy: "what-if",
        status: "running",
        heartbeatAt: new Date(),
      })
      .returning();
    await db.insert(replayResults).values({
      runId: dead!.id,
      seq: 1,
      sentAt: old,
      decision: "none",
      matched: false,
      trace: {},
    });
    expect(await failInterruptedReplays(db)).toEqual({ failed: 1 });
    const failed = await getReplayRun(db, dead!.id);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/interrupted/);
    expect((await getReplayRun(db, alive!.id)).status).toBe("running");
    const [left] = await db
      .select({ n: count() })
      .from(replayResults)
      .where(eq(replayResults.runId, dead!.id));
    expect(left!.n).toBe(0);
    await db.delete(replayRuns).where(eq(replayRuns.id, alive!.id));
  });

  it("applies a threshold from a finished run's curve through the settings, audited once", async () => {
    const actor = { userId: adminId, ip: "127.0.0.1" };
    const target = (await getSettings(db)).autoMinProbability === 0.9 ? 0.91 : 0.9;
    const applied = await applyReplayThreshold(db, { runId: doneRunId, threshold: target }, actor);
    expect(applied.changed).toBe(true);
    expect((await getSettings(db)).autoMinProbability).toBe(target);
    const again = await applyReplayThreshold(db, { runId: doneRunId, threshold: target }, actor);
    expect(again.changed).toBe(false);
    const entries = await db
      .select({ action: auditLog.action, details: auditLog.details })
      .from(auditLog)
      .where(eq(auditLog.actorUserId, adminId));
    expect(entries.filter((e) => e.action === "replay.apply_threshold")).toHaveLength(1);
    expect(
      entries.filter(
        (e) =>
          e.action === "settings.update" &&
          (e.details as { after?: { autoMinProbability?: number } }).after?.autoMinProbability ===
            target,
      ),
    ).toHaveLength(1);
    await expect(
      applyReplayThreshold(db, { runId: doneRunId, threshold: 1.5 }, actor),
    ).rejects.toThrow();
    const [cancelled] = await db
      .select({ id: replayRuns.id })
      .from(replayRuns)
      .where(eq(replayRuns.status, "cancelled"));
    await expect(
      applyReplayThreshold(db, { runId: cancelled!.id, threshold: 0.8 }, actor),
    ).rejects.toThrow(/finished/);
    expect((await getSettings(db)).autoMinProbability).toBe(target);
  });
});
