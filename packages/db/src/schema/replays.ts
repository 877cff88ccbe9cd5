// Replays started from the dashboard: each run (what it replayed, how far it got, its summary and curve) and one
// row per answered customer message, paged by (run_id, seq).
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, id, timestamptz } from "./columns";
import { decisionMode } from "./decisions";

// history: the messages stored in the database (imported and live); upload: a file sent with the request.
export const replaySources = ["history", "upload"] as const;
export const replaySource = pgEnum("replay_source", replaySources);

export const replayPolicies = ["what-if", "real"] as const;
export const replayPolicy = pgEnum("replay_policy", replayPolicies);

// A run that was running when its process stopped cannot continue (the file was a temporary one): it is
// failed once its heartbeat is older than the lease.
export const replayStatuses = ["queued", "running", "done", "cancelled", "failed"] as const;
export const replayStatus = pgEnum("replay_status", replayStatuses);

export const replayRuns = pgTable(
  "replay_runs",
  {
    id: id(),
    // The client's key for one press of "Start": a repeated request returns the same run.
    requestKey: text().notNull(),
    source: replaySource().notNull(),
    fileName: text().notNull(),
    policy: replayPolicy().notNull(),
    status: replayStatus().notNull().default("queued"),
    phase: text(),
    progressDone: integer().notNull().default(0),
    progressTotal: integer().notNull().default(0),
    resultsStored: integer().notNull().default(0),
    summary: jsonb().$type<Record<string, unknown>>(),
    curve: jsonb().$type<Record<string, unknown>[]>(),
    error: text(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    startedAt: timestamptz(),
    heartbeatAt: timestamptz(),
    finishedAt: timestamptz(),
  },
  (t) => [
    uniqueIndex("replay_runs_request_key_key").on(t.requestKey),
    index("replay_runs_created_idx").on(t.createdAt.desc()),
    index("replay_runs_active_idx")
      .on(t.heartbeatAt)
      .where(sql`${t.status} in ('queued', 'running')`),
    check(
      "replay_runs_finished_consistent",
      sql`(${t.status} in ('done', 'cancelled', 'failed')) = (${t.finishedAt} is not null)`,
    ),
  ],
);

export const replayResults = pgTable(
  "replay_results",
  {
    runId: uuid()
      .notNull()
      .references(() => replayRuns.id, { onDelete: "cascade" }),
    seq: integer().notNull(),
    sentAt: timestamptz().notNull(),
    conversationRef: text(),
    decision: decisionMode().notNull(),
    patternId: uuid(),
    score: doublePrecision(),
    // The best candidate's reply was what the operator sent (strict rule); the curve is computed from it.
    correct: boolean(),
    matched: boolean().notNull(),
    customerMessage: text(),
    // The rest of the decision's trace: confidence, match score, evidence, failed gates, the replies.
    trace: jsonb().$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.seq] }),
    index("replay_results_decision_idx").on(t.runId, t.decision, t.seq),
  ],
);
