// Replays a small hand-written history (fixtures/replay-small.csv) against a live database seeded with patterns
// of known trust, and checks results.jsonl line by line against decisions worked out from the rules, the summary
// beside it, and that the live database is only read.
import { readdirSync } from "node:fs";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { eq, sql } from "drizzle-orm";
import type { PgTransactionConfig } from "drizzle-orm/pg-core";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { exampleTrackRecord } from "../matching/calibrate-probability";
import { z } from "zod";
import { queryRows, type Database, type Db, type Tx } from "@playbook/db";
import { customers, patterns, users } from "@playbook/db/schema";
import {
  openTestDatabase,
  testDatabaseKinds,
  type TestDatabase,
  type TestDatabaseKind,
} from "@playbook/db/testing";
import type { Actor } from "../auth/users";
import { setCustomerFlags } from "../customers/set-customer-flags";
import { adjustPatternConfidence } from "../patterns/adjust-confidence";
import { createPattern } from "../patterns/create-pattern";
import { setPatternActive } from "../patterns/set-pattern-state";
import { defaultSettings, updateSettings } from "../settings/settings";
import { HistoryCsvError } from "./read-history-csv";
import { replayHistoryFile, type ReplayResult } from "./replay-runner";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const HISTORY = fixture("replay-small.csv");
const MISSING_COLUMN = fixture("replay-missing-column.csv");

const logger = pino({ level: "silent" });

const HOURS = {
  question: "What are your opening hours?",
  reply: "We are open every day from nine in the morning until nine at night.",
};
const PARKING = {
  question: "Do you have parking?",
  reply: "Yes, there is free parking right behind the building.",
};
const CLUBS = {
  question: "Can I rent golf clubs?",
  reply: "Yes, we rent club sets at the front desk.",
};
const FOOD = {
  question: "Do you serve food?",
  reply: "We have snacks and drinks at the bar, but no kitchen.",
};
const GIFT_CARDS = {
  question: "Do you offer gift cards?",
  reply: "Yes, gift cards are available at the front desk in any amount.",
};

type Seeded = Record<"hours" | "parking" | "clubs" | "food", string>;

interface ResultLine {
  message_id: string | null;
  line: number | null;
  conversation_id: string;
  sent_at: string;
  decision: string;
  pattern_id: string | null;
  confidence: number | null;
  match_score: number | null;
  proposed_reply: string | null;
  operator_reply: string;
  matched: boolean;
  score?: number | null;
  best_reply?: string | null;
  evidence?: { probability: number } | null;
  failed_gates?: string[];
  customer_message?: string | null;
  correct?: boolean | null;
}

// The calibrated probability and the best reply are checked on their own; the rest line by line.
const withoutScore = ({
  score: _score,
  best_reply: _best,
  evidence: _evidence,
  failed_gates: _failedGates,
  customer_message: _message,
  correct: _correct,
  ...line
}: ResultLine): ResultLine => line;

/**
 * What the what-if replay of replay-small.csv must write, worked out from the rules (decide-policy.ts, default
 * thresholds: auto ≥ 0.95 with ≥ 20 successes, suggest ≥ 0.75, queue ≥ 0.5; auto also needs score ≥ 0.6,
 * margin ≥ 0.1, working hours 09:00–21:00 America/Toronto (UTC−5 in early March), no VIP, < 3 automatic
 * replies in 60 minutes). Agreement adds 0.15, disagreement takes 0.2. A question in the same words as a
 * pattern's trigger scores 1. Lines come in the order the messages were sent, not the file's order.
 */
function expectedWhatIf(seeded: Seeded, giftCardsId: string): ResultLine[] {
  const line = (
    messageId: string,
    fileLine: number,
    conversationId: string,
    sentAt: string,
    rest: Omit<ResultLine, "message_id" | "line" | "conversation_id" | "sent_at">,
  ): ResultLine => ({
    message_id: messageId,
    line: fileLine,
    conversation_id: conversationId,
    sent_at: sentAt,
    ...rest,
  });
  // A question in the pattern's own words, answered with the pattern's own reply.
  const proposing = (decision: string, patternId: string, confidence: number, reply: string) => ({
    decision,
    pattern_id: patternId,
    confidence,
    match_score: 1,
    proposed_reply: reply,
    operator_reply: reply,
    matched: true,
  });
  return [
    // 10:00 in Toronto. Confidence 1 with 25 successes: trusted to auto-send. Same words as the trigger and no
    // other pattern close (score 1, margin ≥ 0.1), open, not a VIP, no automatic reply yet: every gate passes.
    line(
      "a01",
      2,
      "conv-a1",
      "2024-03-05T15:00:00.000Z",
      proposing("auto", seeded.hours, 1, HOURS.reply),
    ),
    // 0.8 ≥ 0.75 but < 0.95: suggest.
    line(
      "a03",
      4,
      "conv-a1",
      "2024-03-05T15:03:00.000Z",
      proposing("suggest", seeded.parking, 0.8, PARKING.reply),
    ),
    // No pattern shares a word with "dress code"; the one candidate is the food pattern, through the character
    // n-gram "od>" of "code" and "food", far below minMatchScore 0.35: none, the weak candidate reported.
    line("a05", 6, "conv-a1", "2024-03-05T15:06:00.000Z", {
      decision: "none",
      pattern_id: seeded.food,
      confidence: 0.3,
      match_score: expect.schemaMatching(
        z.number().positive().lt(defaultSettings.minMatchScore),
      ) as number,
      proposed_reply: null,
      operator_reply: "No dress code, just wear comfortable shoes.",
      matched: false,
    }),
    // 0.5 ≥ 0.5 but < 0.75: queue.
    line(
      "b01",
      12,
      "conv-b1",
      "2024-03-05T16:00:00.000Z",
      proposing("queue", seeded.clubs, 0.5, CLUBS.reply),
    ),
    // 0.3 < 0.5: trust alone gives shadow. The operator said something else: not matched (food drops to 0.1,
    // and the answer becomes a pattern of its own).
    line("b03", 14, "conv-b1", "2024-03-05T16:05:00.000Z", {
      ...proposing("shadow", seeded.food, 0.3, FOOD.reply),
      operator_reply: "No kitchen here, but outside food is allowed in the lounge.",
      matched: false,
    }),
    // Nothing the replay knows shares a word or a character n-gram with "offer gift cards": no candidate.
    line("b05", 16, "conv-b1", "2024-03-05T16:10:00.000Z", {
      decision: "none",
      pattern_id: null,
      confidence: null,
      match_score: null,
      proposed_reply: null,
      operator_reply: GIFT_CARDS.reply,
      matched: false,
    }),
    // Alice's operator agreed (1 stays 1, 26 successes), so it would auto-send, but Carol is a VIP in the live
    // database: the "VIP customer" gate makes it suggest. Her operator's two messages are one reply.
    line("c01", 24, "conv-c1", "2024-03-05T17:00:00.000Z", {
      ...proposing("suggest", seeded.hours, 1, HOURS.reply),
      operator_reply: "We are open every day from nine in the morning\nuntil nine at night.",
    }),
    // Bob's operator agreed at 16:02: 0.5 + 0.15 = 0.65, still below 0.75: queue.
    line(
      "c04",
      27,
      "conv-c1",
      "2024-03-05T17:05:00.000Z",
      proposing("queue", seeded.clubs, 0.65, CLUBS.reply),
    ),
    // Learned during the replay from Bob's exchange at 16:10 (settled 60 s after its reply), at 0.5: queue.
    line(
      "c06",
      29,
      "conv-c1",
      "2024-03-05T17:10:00.000Z",
      proposing("queue", giftCardsId, 0.5, GIFT_CARDS.reply),
    ),
    // 18:00 in Toronto, a new conversation. Carol's operator agreed too: 0.65 + 0.15 = 0.8 ≥ 0.75: suggest.
    line(
      "a07",
      8,
      "conv-a2",
      "2024-03-05T23:00:00.000Z",
      proposing("suggest", seeded.clubs, 0.8, CLUBS.reply),
    ),
    // 18:05 in Toronto is within working hours (23:05 would not be, read as UTC), and Alice's automatic reply
    // at 15:00 is out of the 60-minute window: auto.
    line(
      "a09",
      10,
      "conv-a2",
      "2024-03-05T23:05:00.000Z",
      proposing("auto", seeded.hours, 1, HOURS.reply),
    ),
    // 21:30 on 5 March in Toronto, after closing: the "working hours" gate makes it suggest.
    line(
      "b08",
      19,
      "conv-b2",
      "2024-03-06T02:30:00.000Z",
      proposing("suggest", seeded.hours, 1, HOURS.reply),
    ),
    // Asks for a person and is angry ("ridiculous"): escalate. No pattern shares anything with it, so nothing
    // is proposed.
    line("b10", 21, "conv-b2", "2024-03-06T02:40:00.000Z", {
      decision: "escalate",
      pattern_id: null,
      confidence: null,
      match_score: null,
      proposed_reply: null,
      operator_reply: "I am sorry about that. Our manager will call you first thing tomorrow.",
      matched: false,
    }),
    // Not in the results: Carol's question of 6 March (line 31) never got a reply, the second copy of b11
    // (line 23) is a duplicate, and line 18 is rejected.
  ];
}

/**
 * The same history under "real" with automation on and shadow mode off: only the parking pattern is active, so
 * it alone acts on its trust; every other match stays in shadow ("pattern active"). The escalation stands. What
 * the replay learns is the same (shadow decisions are judged by the operator's reply too), so confidences,
 * patterns and proposals are those of the what-if lines.
 */
const realDecisions: Record<string, string> = {
  a01: "shadow",
  a03: "suggest",
  a05: "none",
  b01: "shadow",
  b03: "shadow",
  b05: "none",
  c01: "shadow",
  c04: "shadow",
  c06: "shadow",
  a07: "shadow",
  a09: "shadow",
  b08: "shadow",
  b10: "escalate",
};

async function readResults(outPath: string): Promise<ResultLine[]> {
  const text = await readFile(outPath, "utf8");
  expect(text.endsWith("\n")).toBe(true);
  return text
    .slice(0, -1)
    .split("\n")
    .map((json) => JSON.parse(json) as ResultLine);
}

/** Every table's row count and a digest of its contents: equal before and after means nothing was written. */
async function liveState(db: Db) {
  const tables = await queryRows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const state: Record<string, { rows: number; digest: string | null }> = {};
  for (const { name } of tables) {
    const [row] = await queryRows<{ rows: number; digest: string | null }>(
      db,
      sql`select count(*)::int as rows, md5(string_agg(t::text, '|' order by t::text)) as digest
          from ${sql.identifier(name)} t`,
    );
    state[name] = row!;
  }
  return state;
}

interface WatchedTransaction {
  config: PgTransactionConfig | undefined;
  /** The error a write attempted inside the transaction met; null if the write went through. */
  writeError: unknown;
}

/**
 * The database with its transactions watched: each records how it was opened and first tries a write (in a
 * savepoint, so a refused write does not abort the transaction's own reads).
 */
function watchTransactions(database: Database) {
  const transactions: WatchedTransaction[] = [];
  const transaction = <T>(run: (tx: Tx) => Promise<T>, config?: PgTransactionConfig) =>
    database.db.transaction(async (tx) => {
      const watched: WatchedTransaction = { config, writeError: null };
      transactions.push(watched);
      await tx
        .transaction((savepoint) =>
          savepoint.execute(
            sql`insert into config (key, value) values ('replay-write-probe', 'true'::jsonb)`,
          ),
        )
        .catch((error: unknown) => {
          watched.writeError = error;
        });
      return run(tx);
    }, config);
  const db = new Proxy(database.db, {
    get: (target, property, receiver): unknown =>
      property === "transaction" ? transaction : Reflect.get(target, property, receiver),
  });
  return { database: { ...database, db }, transactions };
}

/** The SQLSTATE of a database error, wherever it sits in the chain of causes. */
function sqlStateOf(error: unknown): string | undefined {
  for (let at: unknown = error; at instanceof Error; at = at.cause) {
    if ("code" in at && typeof at.code === "string") return at.code;
  }
  return undefined;
}

// The replay puts its temporary files under os.tmpdir(); pointed at a folder of this file's own, anything found
// there is the replay's.
let replayTmp: string;
let outDir: string;
beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), "replay-runner-test-"));
  replayTmp = path.join(outDir, "tmp");
  await mkdir(replayTmp);
  vi.stubEnv("TMPDIR", replayTmp);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(outDir, { recursive: true, force: true });
});

async function openLiveDatabase(kind: TestDatabaseKind) {
  const test = await openTestDatabase(kind);
  const [admin] = await test.database.db
    .insert(users)
    .values({ email: "admin@example.com", name: "Admin", role: "admin", passwordHash: "unused" })
    .returning();
  const actor: Actor = { userId: admin!.id, ip: "127.0.0.1" };
  return { test, db: test.database.db, actor };
}

describe.each(testDatabaseKinds)("replayHistoryFile with a live %s database", (kind) => {
  let test: TestDatabase;
  let db: Db;
  let seeded: Seeded;
  let before: Awaited<ReturnType<typeof liveState>>;
  let whatIf: ReplayResult;
  let lines: ResultLine[];
  let transactions: WatchedTransaction[];
  let tmpDuringReplay: string[] = [];

  beforeAll(async () => {
    const live = await openLiveDatabase(kind);
    test = live.test;
    db = live.db;
    const { actor } = live;
    await updateSettings(
      db,
      { timezone: "America/Toronto", enabled: true, shadowMode: false },
      actor,
    );
    // Patterns of known trust, made with the same verbs an admin uses.
    const seed = async (
      type: "hours" | "faq",
      texts: { question: string; reply: string },
      confidence: number,
      successCount: number,
    ) => {
      const created = await createPattern(
        db,
        { type, triggerText: texts.question, responseTemplate: texts.reply },
        actor,
      );
      if (confidence !== created.confidence) {
        await adjustPatternConfidence(
          db,
          { id: created.id, confidence, note: "seeded for the replay test" },
          actor,
        );
      }
      // No verb sets a track record: it is earned. Written directly.
      await db.update(patterns).set({ successCount }).where(eq(patterns.id, created.id));
      return created.id;
    };
    seeded = {
      hours: await seed("hours", HOURS, 1, 25),
      parking: await seed("faq", PARKING, 0.8, 3),
      clubs: await seed("faq", CLUBS, 0.5, 0),
      food: await seed("faq", FOOD, 0.3, 0),
    };
    // Only parking is switched on: "real" must show the difference.
    await setPatternActive(db, { id: seeded.parking, active: true }, actor);
    const [carol] = await db
      .insert(customers)
      .values({ phone: "+19025550103", name: "Carol White" })
      .returning();
    await setCustomerFlags(db, { id: carol!.id, isVip: true }, actor);
    before = await liveState(db);

    const watched = watchTransactions(test.database);
    transactions = watched.transactions;
    whatIf = await replayHistoryFile({ database: watched.database, logger }, HISTORY, {
      outPath: path.join(outDir, `${kind}-what-if.jsonl`),
      minutesPerReply: 3,
      reviewMinutes: 1,
      batchSize: 7,
      priorJudgments: exampleTrackRecord(),
      onProgress: () => {
        tmpDuringReplay = readdirSync(replayTmp);
      },
    });
    lines = await readResults(path.join(outDir, `${kind}-what-if.jsonl`));
  });
  afterAll(() => test.drop());

  const giftCardsId = () => {
    const learned = whatIf.summary.topPatterns.find((p) => p.triggerText === GIFT_CARDS.question);
    expect(learned?.patternId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.values(seeded)).not.toContain(learned!.patternId);
    return learned!.patternId;
  };

  it("writes one line per answered customer message, in time order, as the rules decide", () => {
    expect(lines.map(withoutScore)).toEqual(expectedWhatIf(seeded, giftCardsId()));
    for (const line of lines) {
      // The calibrated probability, and the best candidate's reply whether or not it was proposed.
      expect(
        line.score === null || (line.score !== undefined && line.score >= 0 && line.score <= 1),
      ).toBe(true);
      if (line.proposed_reply !== null) expect(line.best_reply).toBe(line.proposed_reply);
      // What the probability was computed from comes with it.
      if (line.score !== null) expect(typeof line.evidence?.probability).toBe("number");
      // Why it was not sent automatically: no failed gate exactly when it was.
      expect(line.failed_gates?.length === 0).toBe(line.decision === "auto");
    }
    expect(lines.some((line) => line.decision === "auto")).toBe(true);
  });

  it("raises a pattern's confidence as operators agree with it, and later lines decide on it", () => {
    const clubs = lines
      .filter((l) => l.pattern_id === seeded.clubs)
      .map((l) => [l.message_id, l.decision, l.confidence]);
    expect(clubs).toEqual([
      ["b01", "queue", 0.5],
      ["c04", "queue", 0.65],
      ["a07", "suggest", 0.8],
    ]);
  });

  it("summarises the replay beside the results", async () => {
    const { summary, summaryPath } = whatIf;
    expect(summaryPath).toBe(path.join(outDir, `${kind}-what-if.summary.json`));
    expect(JSON.parse(await readFile(summaryPath, "utf8"))).toEqual(summary);
    const answered = 13;
    const share = (count: number) => Math.round((count / answered) * 10_000) / 10_000;
    expect(summary).toEqual({
      file: "replay-small.csv",
      policy: "what-if",
      // 30 records: 29 good rows and the one with direction "sideways".
      rowsRead: 30,
      rowsRejected: 1,
      rejections: [
        {
          line: 18,
          reason: 'direction "sideways" is not inbound, outbound, incoming or outgoing',
        },
      ],
      rowsDuplicate: 1,
      // 14 customer messages, of which Carol's last was never answered.
      customerMessages: 14,
      answered,
      decisions: { auto: 2, suggest: 4, queue: 3, shadow: 1, escalate: 1, none: 2 },
      levels: [
        { decision: "auto", count: 2, matched: 2, coverage: share(2), precision: 1 },
        { decision: "suggest", count: 4, matched: 4, coverage: share(4), precision: 1 },
        { decision: "queue", count: 3, matched: 3, coverage: share(3), precision: 1 },
        { decision: "shadow", count: 1, matched: 0, coverage: share(1), precision: 0 },
        { decision: "escalate", count: 1, matched: 0, coverage: share(1), precision: 0 },
        { decision: "none", count: 2, matched: 0, coverage: share(2), precision: 0 },
      ],
      cumulative: [
        { levels: ["auto"], count: 2, coverage: share(2), precision: 1 },
        { levels: ["auto", "suggest"], count: 6, coverage: share(6), precision: 1 },
        { levels: ["auto", "suggest", "queue"], count: 9, coverage: share(9), precision: 1 },
      ],
      wouldBeAutomations: { count: 2, correct: 2, wrong: 0 },
      // 2 right autos × 3 minutes + 7 right suggestions and queue items × (3 − 1) minutes.
      timeSaved: { minutesPerReply: 3, reviewMinutes: 1, minutes: 20, hours: 0.3333 },
      // hours: 2 × 3 + 2 × 2; clubs: 3 × 2; parking and gift cards 2 each, parking seen first.
      topPatterns: [
        { id: seeded.hours, texts: HOURS, autos: 2, readyReplies: 2, minutesSaved: 10 },
        { id: seeded.clubs, texts: CLUBS, autos: 0, readyReplies: 3, minutesSaved: 6 },
        { id: seeded.parking, texts: PARKING, autos: 0, readyReplies: 1, minutesSaved: 2 },
        { id: giftCardsId(), texts: GIFT_CARDS, autos: 0, readyReplies: 1, minutesSaved: 2 },
      ].map(({ id, texts, autos, readyReplies, minutesSaved }) => ({
        patternId: id,
        triggerText: texts.question,
        responseTemplate: texts.reply,
        autos,
        correctAutos: autos,
        readyReplies,
        minutesSaved,
      })),
      seconds: expect.schemaMatching(z.number().positive()) as number,
      messagesPerSecond: expect.schemaMatching(z.number().positive()) as number,
      peakRssMb: expect.schemaMatching(z.number().int().positive()) as number,
    });
  });

  it("sorts the file through a temporary folder, removed afterwards", () => {
    expect(tmpDuringReplay).toHaveLength(1);
    expect(readdirSync(replayTmp)).toEqual([]);
  });

  it('under "real", decides as the live settings and patterns are configured', async () => {
    const outPath = path.join(outDir, `${kind}-real.jsonl`);
    const real = await replayHistoryFile({ database: test.database, logger }, HISTORY, {
      outPath,
      policy: "real",
      priorJudgments: exampleTrackRecord(),
    });
    // The gift card pattern is learned afresh by each replay, under a new id.
    const learnedId = expect.schemaMatching(
      z.uuid().refine((id) => !Object.values(seeded).includes(id)),
    ) as string;
    const expected = expectedWhatIf(seeded, learnedId).map((line) => ({
      ...line,
      decision: realDecisions[line.message_id!],
    }));
    expect((await readResults(outPath)).map(withoutScore)).toEqual(expected);
    expect(real.summary).toMatchObject({
      policy: "real",
      decisions: { auto: 0, suggest: 1, queue: 0, shadow: 9, escalate: 1, none: 2 },
    });
  });

  it("reads the live database in one read-only repeatable-read transaction and writes nothing to it", async () => {
    expect(transactions).toHaveLength(1);
    expect(transactions[0]!.config).toEqual({
      isolationLevel: "repeatable read",
      accessMode: "read only",
    });
    // 25006: read_only_sql_transaction.
    expect(sqlStateOf(transactions[0]!.writeError)).toBe("25006");
    // After both replays every table holds exactly what it held before, the patterns' confidence and
    // updated_at included.
    expect(await liveState(db)).toEqual(before);
    const trust = await db
      .select({
        id: patterns.id,
        confidence: patterns.confidence,
        successCount: patterns.successCount,
      })
      .from(patterns);
    expect(Object.fromEntries(trust.map((p) => [p.id, [p.confidence, p.successCount]]))).toEqual({
      [seeded.hours]: [1, 25],
      [seeded.parking]: [0.8, 3],
      [seeded.clubs]: [0.5, 0],
      [seeded.food]: [0.3, 0],
    });
  });
});

describe("replayHistoryFile with a file it cannot replay", () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase("pglite");
  });
  afterAll(() => test.drop());

  it("fails with HistoryCsvError on a missing column and leaves the results of an earlier run as they were", async () => {
    const dir = await mkdtemp(path.join(outDir, "missing-column-"));
    const outPath = path.join(dir, "results.jsonl");
    const earlier = { results: '{"message_id":"x1"}\n', summary: '{"file":"earlier.csv"}\n' };
    await writeFile(outPath, earlier.results);
    await writeFile(path.join(dir, "results.summary.json"), earlier.summary);

    const replay = replayHistoryFile({ database: test.database, logger }, MISSING_COLUMN, {
      outPath,
    });
    await expect(replay).rejects.toThrow(HistoryCsvError);
    await expect(replay).rejects.toThrow(/lacks required columns \(direction/);

    expect(readdirSync(replayTmp)).toEqual([]);
    expect((await readdir(dir)).sort()).toEqual(["results.jsonl", "results.summary.json"]);
    // A replay that failed has no results to give: an earlier run's stay whole.
    expect(await readFile(outPath, "utf8")).toBe(earlier.results);
    expect(await readFile(path.join(dir, "results.summary.json"), "utf8")).toBe(earlier.summary);
  });

  it("leaves the results of an earlier run as they were when the live database fails mid-replay", async () => {
    const dir = await mkdtemp(path.join(outDir, "mid-replay-"));
    const outPath = path.join(dir, "results.jsonl");
    const earlier = '{"message_id":"x1"}\n';
    await writeFile(outPath, earlier);
    // The live database answers the first batch's customer look-up, then goes away.
    let lookups = 0;
    const failing = new Proxy(test.database.db, {
      get: (target, property, receiver): unknown => {
        if (property !== "select") return Reflect.get(target, property, receiver);
        lookups += 1;
        if (lookups > 1) throw new Error("connection lost");
        return Reflect.get(target, property, receiver);
      },
    });

    await expect(
      replayHistoryFile({ database: { ...test.database, db: failing }, logger }, HISTORY, {
        outPath,
        batchSize: 7,
      }),
    ).rejects.toThrow("connection lost");
    expect(readdirSync(replayTmp)).toEqual([]);
    // The failed run wrote the first batch's lines; they must not replace the earlier results.
    expect(await readFile(outPath, "utf8")).toBe(earlier);
    expect(await readdir(dir)).toEqual(["results.jsonl"]);
  });

  it(
    "fails, rather than hangs, when the results cannot be written",
    { timeout: 10_000 },
    async () => {
      const outPath = path.join(outDir, "no-such-folder", "results.jsonl");
      await expect(
        replayHistoryFile({ database: test.database, logger }, HISTORY, { outPath }),
      ).rejects.toThrow(/ENOENT/);
    },
  );
});
