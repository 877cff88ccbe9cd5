// History imports on a real database: both resumable phases, idempotency, conversations cut as the live rules cut
// them, the operator's real reply judging what Playbook would have proposed, and runs stopped part-way.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { queryRows, type Db } from "@playbook/db";
import {
  approvalQueue,
  confidenceEvents,
  conversations,
  decisions,
  importRejections,
  importRows,
  imports,
  messages,
  patternExamples,
  patterns,
} from "@playbook/db/schema";
import { testDatabaseKinds } from "@playbook/db/testing";
import { csvRecord } from "../../../../bench/history/history-csv";
import { shuffled } from "../../../../bench/history/seeded-choice";
import {
  DAY,
  HOUR,
  MINUTE,
  closeTo,
  countRows,
  createClock,
  createKitEngine,
  later,
  openEngineTestbed,
  recordDirectly,
  resetEngineData,
  textMatching,
  type EngineTestbed,
} from "../engine/engine-test-kit";
import { PatternIndex } from "../engine/pattern-index";
import { captureLogs, createRandom, type CapturedLogs } from "../testing";
import {
  importHistoryFile,
  receiveUploadedImport,
  resumeImports,
  type ImportRow,
  type ImportRuntime,
} from "./import-runner";
import { HistoryCsvError } from "./read-history-csv";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

const START = new Date("2024-03-05T13:00:00Z");

/** One row of a history file. */
interface HistoryLine {
  at: Date;
  direction: "inbound" | "outbound";
  phone: string;
  body: string;
  messageId?: string;
  name?: string;
}

const HEADER = ["message_id", "sent_at", "direction", "customer_phone", "customer_name", "body"];

function historyCsv(rows: readonly HistoryLine[]): string {
  return (
    csvRecord(HEADER) +
    rows
      .map((r) =>
        csvRecord([
          r.messageId ?? "",
          r.at.toISOString(),
          r.direction,
          r.phone,
          r.name ?? "",
          r.body,
        ]),
      )
      .join("")
  );
}

const topics = [
  { question: "What time do you open on Sunday?", answer: "We open at 9am on Sundays." },
  {
    question: "How much is an hour in a bay?",
    answer: "An hour in a bay is $45 for up to four players.",
  },
  {
    question: "Can I bring my own clubs?",
    answer: "Yes, you can bring your own clubs or borrow ours for free.",
  },
  {
    question: "Do you sell gift cards?",
    answer: "Yes, gift cards are sold at the front desk in any amount.",
  },
  { question: "Is there parking nearby?", answer: "There is free parking behind the building." },
];
const UNSURE = "Let me check with the team and get back to you shortly.";

/**
 * A venue's history: each customer asks twice, two days apart, and the operator answers within minutes; the last
 * answer differs from the usual one, some customers ask a follow-up. Customers start 7 minutes apart, so their
 * conversations interleave; about half the rows carry a message_id.
 */
function venueHistory(opts: { customers: number; tag: string }): HistoryLine[] {
  const rows: HistoryLine[] = [];
  for (let i = 0; i < opts.customers; i++) {
    const phone = `+1902555${String(2000 + i)}`;
    for (let visit = 0; visit < 2; visit++) {
      const at = later(START, i * 7 * MINUTE + visit * 2 * DAY);
      const topic = topics[(i + visit) % topics.length]!;
      const id = (part: string) =>
        (i + visit) % 2 === 0 ? `${opts.tag}-${i}-${visit}-${part}` : undefined;
      rows.push(
        {
          at,
          direction: "inbound",
          phone,
          body: topic.question,
          messageId: id("q"),
          name: `Guest ${i}`,
        },
        {
          at: later(at, 2 * MINUTE),
          direction: "outbound",
          phone,
          // Only the very last answer differs: an earlier one would leave two patterns learned from the same
          // question, equally good matches for it, and which of them a later decision picks would be a coin toss.
          body: i === opts.customers - 1 && visit === 1 ? UNSURE : topic.answer,
          messageId: id("a"),
        },
      );
      if ((i + visit) % 3 === 0) {
        rows.push(
          {
            at: later(at, 15 * MINUTE),
            direction: "inbound",
            phone,
            body: "And do you have a bay free tonight around 8?",
            messageId: id("fq"),
          },
          {
            at: later(at, 17 * MINUTE),
            direction: "outbound",
            phone,
            body: "We have bays free from 8pm tonight.",
            messageId: id("fa"),
          },
        );
      }
    }
  }
  return rows;
}

/** What an import left, in terms that do not depend on generated ids, for comparing two runs. */
/**
 * What an import left, to compare two runs. `withModel` adds each decision's probability and evidence: equal for
 * the same rows played the same way, but a resumed run reloads its model from the database and refits it, so its
 * figures differ in the last digits (its decisions do not).
 */
async function outcomeOf(db: Db, opts: { withModel?: boolean } = {}) {
  const grouping = await queryRows<{ keys: string[] }>(
    db,
    sql`select array_agg(import_key order by sent_at) as keys from messages group by conversation_id`,
  );
  const decided = await queryRows(
    db,
    sql`select m.import_key, d.mode, d.outcome, d.review, d.match_score, d.correct,
          ${opts.withModel ? sql`d.probability, d.evidence,` : sql``} p.response_template as template
        from decisions d join messages m on m.id = d.message_id left join patterns p on p.id = d.pattern_id
        order by m.import_key`,
  );
  const learned = await queryRows(
    db,
    sql`select m.import_key, m.learn_state, e.customer_text, e.reply_text
        from messages m left join pattern_examples e on m.learn_note = 'example:' || e.id::text
        where m.direction = 'outbound' order by m.import_key`,
  );
  const learnedPatterns = await queryRows(
    db,
    sql`select response_template, trigger_text, confidence, success_count, failure_count, is_active
        from patterns order by response_template, trigger_text`,
  );
  return {
    conversations: grouping.map((g) => g.keys.join(" ")).sort(),
    decided,
    learned,
    patterns: learnedPatterns,
    examples: await countRows(db, patternExamples),
    confidenceEvents: await countRows(db, confidenceEvents),
  };
}

describe.each(testDatabaseKinds)("history import on %s", (kind) => {
  let testbed: EngineTestbed;
  let db: Db;
  let runtime: ImportRuntime;
  let logs: CapturedLogs;
  let dir: string;
  let files = 0;

  const writeHistory = async (rows: readonly HistoryLine[]) => {
    files += 1;
    const file = path.join(dir, `history-${files}.csv`);
    await writeFile(file, historyCsv(rows));
    return file;
  };
  const importRowOf = async (id: string): Promise<ImportRow> => {
    const [row] = await db.select().from(imports).where(eq(imports.id, id));
    if (!row) throw new Error(`import ${id} not found`);
    return row;
  };
  const duplicateKeys = () =>
    queryRows(db, sql`select import_key from messages group by import_key having count(*) > 1`);

  beforeAll(async () => {
    testbed = await openEngineTestbed(kind);
    db = testbed.db;
    dir = await mkdtemp(path.join(tmpdir(), "playbook-import-runner-"));
  });
  afterAll(async () => {
    await testbed.test.drop();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await resetEngineData(db);
    await db.execute(sql`truncate table imports cascade`);
    logs = captureLogs();
    runtime = { database: testbed.test.database, logger: logs.logger };
  });

  describe("importing a file", () => {
    it("records every message once, decides every customer message in shadow and learns every reply", async () => {
      const rows = venueHistory({ customers: 12, tag: "first" });
      const inbound = rows.filter((r) => r.direction === "inbound").length;
      const result = await importHistoryFile(runtime, await writeHistory(rows), { batchSize: 9 });

      expect(result).toMatchObject({
        status: "done",
        error: null,
        rowsStaged: rows.length,
        rowsRejected: 0,
        rowsProcessed: rows.length,
        rowsDuplicate: 0,
        messagesImported: rows.length,
        decisionsRecorded: inbound,
        // Every question got an answer worth learning.
        exchangesLearned: rows.length - inbound,
      });
      expect(result.finishedAt).toBeInstanceOf(Date);
      expect(await countRows(db, messages)).toBe(rows.length);
      expect(await countRows(db, importRows)).toBe(0);
      expect(await countRows(db, patterns)).toBe(result.patternsCreated);
      expect(result.patternsCreated).toBeGreaterThan(0);

      const stored = await db.select().from(messages);
      expect(new Set(stored.map((m) => m.source))).toEqual(new Set(["import"]));
      const withIds = rows.filter((r) => r.messageId).map((r) => r.messageId);
      expect(
        stored.flatMap((m) => (m.providerMessageId ? [m.providerMessageId] : [])).sort(),
      ).toEqual(withIds.sort());
      expect(stored.filter((m) => m.direction === "outbound").map((m) => m.learnState)).toEqual(
        Array<string>(rows.length - inbound).fill("learned"),
      );

      // One decision per customer message, taken at the moment it was sent, in shadow (history is never answered).
      const decided = await queryRows<{
        mode: string;
        on_time: boolean;
        same_conversation: boolean;
      }>(
        db,
        sql`select d.mode, d.created_at = m.sent_at as on_time, d.conversation_id = m.conversation_id as same_conversation
            from messages m join decisions d on d.message_id = m.id where m.direction = 'inbound'`,
      );
      expect(decided).toHaveLength(inbound);
      expect(decided.every((d) => d.on_time && d.same_conversation)).toBe(true);
      expect(new Set(decided.map((d) => d.mode))).toEqual(new Set(["none", "shadow"]));
      expect(await countRows(db, decisions)).toBe(inbound);

      // History only teaches: nothing is queued for approval and nothing is switched on.
      expect(await countRows(db, approvalQueue)).toBe(0);
      const learned = await db.select().from(patterns);
      expect(
        learned.every((p) => !p.isActive && !p.autoExecutable && p.createdFrom === "imported"),
      ).toBe(true);
    });

    it("adds nothing when the same file is imported again", async () => {
      const file = await writeHistory(venueHistory({ customers: 6, tag: "again" }));
      const first = await importHistoryFile(runtime, file, { batchSize: 10 });
      const before = await outcomeOf(db);

      const second = await importHistoryFile(runtime, file, { batchSize: 10 });
      expect(second.id).not.toBe(first.id);
      expect(second).toMatchObject({
        status: "done",
        rowsStaged: first.rowsStaged,
        rowsProcessed: first.rowsStaged,
        rowsDuplicate: first.rowsStaged,
        messagesImported: 0,
        decisionsRecorded: 0,
        exchangesLearned: 0,
        patternsCreated: 0,
      });
      expect(await outcomeOf(db)).toEqual(before);
    });

    it("adds only the new rows of a file that repeats part of an earlier one", async () => {
      const history = venueHistory({ customers: 8, tag: "overlap" });
      // Both files hold the middle of the history, rows with and without a message_id alike.
      const firstPart = history.slice(0, 30);
      const secondPart = history.slice(20);
      expect(firstPart.slice(20).some((r) => r.messageId)).toBe(true);
      expect(firstPart.slice(20).some((r) => !r.messageId)).toBe(true);

      await importHistoryFile(runtime, await writeHistory(firstPart), { batchSize: 7 });
      const second = await importHistoryFile(runtime, await writeHistory(secondPart), {
        batchSize: 7,
      });
      expect(second).toMatchObject({
        rowsStaged: secondPart.length,
        rowsDuplicate: 10,
        messagesImported: secondPart.length - 10,
      });
      expect(await countRows(db, messages)).toBe(history.length);
      expect(await duplicateKeys()).toEqual([]);
      expect(await countRows(db, decisions)).toBe(
        history.filter((r) => r.direction === "inbound").length,
      );
      // A question from the first file and its answer from the second make one exchange, learned once.
      expect(await countRows(db, patternExamples)).toBe(
        history.filter((r) => r.direction === "outbound").length,
      );
    });

    it("gives the same conversations, decisions (with their probability) and patterns whatever the order of the file's rows", async () => {
      const history = venueHistory({ customers: 10, tag: "order" });
      await importHistoryFile(runtime, await writeHistory(history), { batchSize: 8 });
      const sorted = await outcomeOf(db, { withModel: true });
      // The comparison means something only if patterns were judged and some answers disagreed.
      expect(sorted.patterns.some((p) => Number(p.success_count) > 0)).toBe(true);
      expect(sorted.patterns.some((p) => Number(p.failure_count) > 0)).toBe(true);
      expect(sorted.decided.some((d) => d.evidence !== null && d.correct !== null)).toBe(true);

      await resetEngineData(db);
      await importHistoryFile(runtime, await writeHistory(shuffled(history, createRandom(7))), {
        batchSize: 8,
      });
      expect(await outcomeOf(db, { withModel: true })).toEqual(sorted);
    });

    it("gives a process that loads what was learned the same model after each of two imports of the same file", async () => {
      // An import writes its patterns in one transaction, so they share a creation time: a process that loaded
      // them in creation order broke the tie by random id and learned the classes in another order each time.
      const history = venueHistory({ customers: 12, tag: "reload" });
      const questions = [
        ...new Set(history.filter((r) => r.direction === "inbound").map((r) => r.body)),
      ];
      const loaded = async () => {
        const templates = new Map(
          (
            await db.select({ id: patterns.id, template: patterns.responseTemplate }).from(patterns)
          ).map((p) => [p.id, p.template]),
        );
        const index = new PatternIndex(0);
        await index.refresh(db, { force: true });
        return questions.map((question) => {
          const proposal = index.propose(question);
          return {
            question,
            replies: proposal.candidates.map((c) => templates.get(c.patternId)),
            probabilities: proposal.candidates.map((c) => c.probability),
            evidence: proposal.evidence,
          };
        });
      };
      await importHistoryFile(runtime, await writeHistory(history), { batchSize: 50 });
      const first = await loaded();
      expect(first.filter((p) => p.replies.length > 1).length).toBeGreaterThan(1);

      await resetEngineData(db);
      await importHistoryFile(runtime, await writeHistory(history), { batchSize: 50 });
      expect(await loaded()).toEqual(first);
    });

    it("rejects the rows it cannot read, with their line and reason, and imports the rest", async () => {
      const phone = "+19025550401";
      const text =
        historyCsv([
          { at: START, direction: "inbound", phone, body: "Do you sell gift cards?" },
          { at: later(START, MINUTE), direction: "outbound", phone, body: topics[3]!.answer },
        ]) +
        csvRecord(["", "yesterday", "inbound", phone, "", "Are you open?"]) +
        csvRecord(["", later(START, 2 * MINUTE).toISOString(), "sideways", phone, "", "Hi"]);
      const file = path.join(dir, "with-bad-rows.csv");
      await writeFile(file, text);

      const result = await importHistoryFile(runtime, file, { batchSize: 2 });
      expect(result).toMatchObject({ status: "done", rowsStaged: 2, rowsRejected: 2 });
      const rejected = await db
        .select()
        .from(importRejections)
        .where(eq(importRejections.importId, result.id))
        .orderBy(importRejections.line);
      expect(rejected.map((r) => [r.line, r.reason])).toEqual([
        [4, textMatching(/sent_at "yesterday" is not an ISO 8601 date-time/)],
        [5, textMatching(/direction "sideways" is not inbound, outbound/)],
      ]);
      expect(await countRows(db, messages)).toBe(2);
    });

    it("marks the import failed with the reason when the file lacks a required column", async () => {
      const error = await importHistoryFile(runtime, fixture("import-missing-column.csv")).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(HistoryCsvError);
      expect((error as Error).message).toMatch(/lacks required columns \(direction/);

      const [run] = await db.select().from(imports);
      expect(run).toMatchObject({
        status: "failed",
        error: (error as Error).message,
        rowsStaged: 0,
        fileName: "import-missing-column.csv",
      });
      expect(run!.finishedAt).toBeInstanceOf(Date);
      expect(await countRows(db, messages)).toBe(0);
    });
  });

  describe("conversations and learning", () => {
    const PHONE = "+19025550300";
    const at = (iso: string) => new Date(iso);

    it("cuts conversations at an operator's closing words and after the idle window, as live messages are", async () => {
      await importHistoryFile(runtime, fixture("import-grouping.csv"), { batchSize: 4 });
      const cut = await db.select().from(conversations).orderBy(conversations.startedAt);
      expect(
        cut.map((c) => [c.startedAt, c.lastMessageAt, c.status, c.endReason, c.endedAt]),
      ).toEqual([
        [
          at("2024-03-05T15:00:00Z"),
          at("2024-03-05T15:12:00Z"),
          "closed",
          "closing_phrase",
          at("2024-03-05T15:12:00Z"),
        ],
        [
          at("2024-03-05T15:30:00Z"),
          at("2024-03-05T15:31:00Z"),
          "closed",
          "idle_timeout",
          at("2024-03-05T15:31:00Z"),
        ],
        [
          at("2024-03-06T10:00:00Z"),
          at("2024-03-06T10:02:00Z"),
          "closed",
          "idle_timeout",
          at("2024-03-06T10:02:00Z"),
        ],
        [at("2024-03-08T09:00:00Z"), at("2024-03-08T09:06:00Z"), "open", null, null],
      ]);
      const members = await queryRows<{ keys: string[] }>(
        db,
        sql`select array_agg(m.provider_message_id order by m.sent_at) as keys
            from messages m join conversations c on c.id = m.conversation_id
            group by c.id, c.started_at order by c.started_at`,
      );
      expect(members.map((m) => m.keys)).toEqual([
        ["g01", "g02", "g03", "g04", "g05"],
        ["g06", "g07"],
        ["g08", "g09"],
        ["g10", "g11", "g12"],
      ]);
      const [customerRow] = await queryRows<{ phone: string; name: string | null }>(
        db,
        sql`select phone, name from customers`,
      );
      expect(customerRow).toEqual({ phone: PHONE, name: "Sam Lee" });
    });

    it("learns consecutive operator messages as one reply, and marks replies with nothing to learn", async () => {
      await importHistoryFile(runtime, fixture("import-grouping.csv"), { batchSize: 4 });
      const outbound = await db
        .select()
        .from(messages)
        .where(eq(messages.direction, "outbound"))
        .orderBy(messages.sentAt);
      const byId = new Map(outbound.map((m) => [m.providerMessageId, m]));
      expect(outbound.map((m) => [m.providerMessageId, m.learnState])).toEqual([
        ["g02", "learned"],
        ["g03", "learned"],
        ["g05", "learned"],
        ["g07", "learned"],
        ["g09", "learned"],
        ["g10", "no_question"],
        ["g12", "voided"],
      ]);
      expect(byId.get("g12")!.learnNote).toBe("test_message");
      expect(byId.get("g02")!.learnNote).toBe(byId.get("g03")!.learnNote);

      const examples = await db.select().from(patternExamples);
      expect(examples).toHaveLength(4);
      const bay = examples.find((e) => e.outboundMessageId === byId.get("g02")!.id)!;
      expect(byId.get("g02")!.learnNote).toBe(`example:${bay.id}`);
      expect(bay.replyText).toMatch(/is free at[\s\S]*hold it for you for an hour/);
      expect(examples.every((e) => e.source === "imported")).toBe(true);
    });

    it("joins an operator's follow-up sent after the reply settled to that reply, as live learning does", async () => {
      const { question, answer } = topics[2]!;
      const follow = "Club rental is free for members.";
      await importHistoryFile(
        runtime,
        await writeHistory([
          { at: START, direction: "inbound", phone: PHONE, body: question, messageId: "q" },
          {
            at: later(START, MINUTE),
            direction: "outbound",
            phone: PHONE,
            body: answer,
            messageId: "a1",
          },
          // Two minutes on, well past replySettleSeconds (60 s), with no customer message in between.
          {
            at: later(START, 3 * MINUTE),
            direction: "outbound",
            phone: PHONE,
            body: follow,
            messageId: "a2",
          },
        ]),
      );
      const replies = await db
        .select()
        .from(messages)
        .where(eq(messages.direction, "outbound"))
        .orderBy(messages.sentAt);
      expect(replies.map((m) => m.learnState)).toEqual(["learned", "learned"]);
      expect(replies[1]!.learnNote).toBe(replies[0]!.learnNote);
      const examples = await db.select().from(patternExamples);
      expect(examples).toHaveLength(1);
      expect(examples[0]!.replyText).toMatch(/bring your own clubs[\s\S]*free for members/);
    });

    it("judges the proposed pattern by the operator's real reply: +0.15 when it says the same, −0.20 when not", async () => {
      const { question, answer } = topics[0]!;
      const ask = (n: number, reply: string): HistoryLine[] => {
        const phone = `+1902555030${n}`;
        const asked = later(START, n * HOUR);
        return [
          { at: asked, direction: "inbound", phone, body: question, messageId: `ask-${n}` },
          {
            at: later(asked, 2 * MINUTE),
            direction: "outbound",
            phone,
            body: reply,
            messageId: `reply-${n}`,
          },
        ];
      };
      const rows = [
        ...ask(1, answer),
        ...ask(2, answer),
        ...ask(3, answer),
        ...ask(4, "Sorry, we are closed on Sundays during the winter."),
      ];
      await importHistoryFile(runtime, await writeHistory(rows), { batchSize: 3 });

      const decisionOf = async (messageId: string) => {
        const [row] = await queryRows<{
          id: string;
          mode: string;
          pattern_id: string | null;
          outcome: string;
          review: string | null;
          reviewed_at: string | Date | null;
          created_at: string | Date;
        }>(
          db,
          sql`select d.id, d.mode, d.pattern_id, d.outcome, d.review, d.reviewed_at, d.created_at
              from decisions d join messages m on m.id = d.message_id where m.provider_message_id = ${messageId}`,
        );
        if (!row) throw new Error(`no decision for ${messageId}`);
        return row;
      };
      const first = await decisionOf("ask-1");
      expect(first).toMatchObject({
        mode: "none",
        pattern_id: null,
        outcome: "none",
        review: null,
      });

      // The first answer taught the pattern the later questions are matched to.
      const [learned] = await queryRows<{ id: string }>(
        db,
        sql`select e.pattern_id as id from messages m join pattern_examples e on m.learn_note = 'example:' || e.id::text
            where m.provider_message_id = 'reply-1'`,
      );
      expect(learned).toBeDefined();
      const judged = await Promise.all([2, 3, 4].map((n) => decisionOf(`ask-${n}`)));
      for (const [i, decision] of judged.entries()) {
        const repliedAt = later(START, (i + 2) * HOUR + 2 * MINUTE);
        expect(decision).toMatchObject({
          mode: "shadow",
          pattern_id: learned!.id,
          outcome: "answered",
          review: i < 2 ? "approved" : "rejected",
        });
        expect(new Date(decision.created_at)).toEqual(later(START, (i + 2) * HOUR));
        expect(new Date(decision.reviewed_at!)).toEqual(repliedAt);
      }

      const events = await db
        .select()
        .from(confidenceEvents)
        .where(eq(confidenceEvents.patternId, learned!.id))
        .orderBy(confidenceEvents.createdAt);
      expect(
        events.map((e) => [e.reason, e.oldConfidence, e.newConfidence, e.decisionId, e.createdAt]),
      ).toEqual([
        ["operator_agreed", 0.5, closeTo(0.65), judged[0]!.id, later(START, 2 * HOUR + 2 * MINUTE)],
        [
          "operator_agreed",
          closeTo(0.65),
          closeTo(0.8),
          judged[1]!.id,
          later(START, 3 * HOUR + 2 * MINUTE),
        ],
        [
          "operator_disagreed",
          closeTo(0.8),
          closeTo(0.6),
          judged[2]!.id,
          later(START, 4 * HOUR + 2 * MINUTE),
        ],
      ]);
      expect(events.every((e) => /imported history/.test(e.note ?? ""))).toBe(true);
      const [judgedPattern] = await db.select().from(patterns).where(eq(patterns.id, learned!.id));
      expect(judgedPattern).toMatchObject({
        responseTemplate: "We open at {{time}} on Sundays.",
        confidence: closeTo(0.6),
        successCount: 2,
        failureCount: 1,
        isActive: false,
      });
      // The different answer was learned too, as a pattern of its own.
      expect(await countRows(db, patterns)).toBe(2);
    });

    it("groups a history older than a customer's live conversation among itself", async () => {
      const clock = createClock();
      const engine = createKitEngine(testbed, clock);
      const phone = "+19025550350";
      const liveAt = later(clock.now, -HOUR);
      const liveQuestion = await recordDirectly(engine, {
        direction: "inbound",
        customerPhone: phone,
        body: "Are you open this evening?",
        sentAt: liveAt,
      });
      await recordDirectly(engine, {
        direction: "outbound",
        customerPhone: phone,
        body: "Yes, we are open until 11pm tonight.",
        sentAt: later(liveAt, MINUTE),
      });
      const liveConversationId = liveQuestion.message.conversationId;
      const [liveBefore] = await db
        .select()
        .from(conversations)
        .where(eq(conversations.id, liveConversationId));

      const old = later(liveAt, -30 * DAY);
      await importHistoryFile(
        runtime,
        await writeHistory([
          { at: old, direction: "inbound", phone, body: topics[1]!.question },
          { at: later(old, MINUTE), direction: "outbound", phone, body: topics[1]!.answer },
          { at: later(old, 20 * MINUTE), direction: "inbound", phone, body: topics[2]!.question },
          { at: later(old, 21 * MINUTE), direction: "outbound", phone, body: topics[2]!.answer },
        ]),
        { batchSize: 2 },
      );

      const imported = await db.select().from(messages).where(eq(messages.source, "import"));
      expect(imported).toHaveLength(4);
      const importedConversations = new Set(imported.map((m) => m.conversationId));
      expect(importedConversations.size).toBe(1);
      expect(importedConversations.has(liveConversationId)).toBe(false);
      const [liveAfter] = await db
        .select()
        .from(conversations)
        .where(eq(conversations.id, liveConversationId));
      expect(liveAfter).toMatchObject({
        startedAt: liveBefore!.startedAt,
        lastMessageAt: liveBefore!.lastMessageAt,
        status: liveBefore!.status,
      });
      expect(
        await db.select().from(messages).where(eq(messages.conversationId, liveConversationId)),
      ).toHaveLength(2);
    });
  });

  describe("a run that stops part-way", () => {
    it("resumes staging after the last committed line of the same file, staging every row once", async () => {
      const history = venueHistory({ customers: 6, tag: "staging" });
      const text = `${historyCsv(history)}${csvRecord(["", "", "inbound", "+19025550999", "", "Hello?"])}`;
      const file = path.join(dir, "staging-stops.csv");
      await writeFile(file, text);

      const stopped = new Error("the process stopped");
      const interrupted = await importHistoryFile(runtime, file, {
        batchSize: 5,
        onProgress: (run) => {
          if (run.status === "staging" && run.rowsStaged >= 10) throw stopped;
        },
      }).catch((e: unknown) => e);
      expect(interrupted).toBe(stopped);
      const [left] = await db.select().from(imports);
      expect(left).toMatchObject({ status: "staging" });
      expect(left!.rowsStaged).toBeGreaterThanOrEqual(10);
      expect(left!.rowsStaged).toBeLessThan(history.length);
      expect(left!.stagedThroughLine).toBe(left!.rowsStaged + 1);

      const finished = await importHistoryFile(runtime, file, { batchSize: 5 });
      expect(logs.find("resuming an unfinished import of this file")).toEqual([
        expect.objectContaining({ importId: left!.id, status: "staging" }),
      ]);
      expect(finished).toMatchObject({
        id: left!.id,
        status: "done",
        rowsStaged: history.length,
        rowsRejected: 1,
        stagedThroughLine: history.length + 2,
        messagesImported: history.length,
      });
      expect(await countRows(db, importRejections)).toBe(1);
      expect(await countRows(db, messages)).toBe(history.length);
    });

    it("is resumed by resumeImports after its last committed batch and ends as an uninterrupted run does", async () => {
      const history = venueHistory({ customers: 10, tag: "resume" });
      const file = await writeHistory(history);
      await importHistoryFile(runtime, file, { batchSize: 6 });
      const uninterrupted = await outcomeOf(db);

      await resetEngineData(db);
      await db.execute(sql`truncate table imports cascade`);
      const stop = new AbortController();
      const left = await importHistoryFile(runtime, file, {
        batchSize: 6,
        signal: stop.signal,
        onProgress: (run) => {
          if (run.status === "processing" && run.rowsProcessed >= 18) stop.abort();
        },
      });
      expect(left).toMatchObject({ status: "processing", rowsProcessed: 18 });
      expect(await countRows(db, messages)).toBeLessThan(history.length);

      expect(await resumeImports(runtime, { batchSize: 6 })).toEqual({ resumed: 1, failed: 0 });
      const finished = await importRowOf(left.id);
      expect(finished).toMatchObject({
        status: "done",
        error: null,
        rowsProcessed: history.length,
        rowsDuplicate: 0,
        messagesImported: history.length,
        decisionsRecorded: history.filter((r) => r.direction === "inbound").length,
      });
      expect(await countRows(db, importRows)).toBe(0);
      expect(await duplicateKeys()).toEqual([]);
      expect(await outcomeOf(db)).toEqual(uninterrupted);

      // Nothing is left to resume, and a second pass does nothing.
      expect(await resumeImports(runtime, { batchSize: 6 })).toEqual({ resumed: 0, failed: 0 });
      expect(await countRows(db, messages)).toBe(history.length);
    });

    it("learns a reply that was still settling when the run stopped, though its customer never writes again", async () => {
      const first = "+19025550501";
      const second = "+19025550502";
      const file = await writeHistory([
        { at: START, direction: "inbound", phone: first, body: topics[0]!.question },
        { at: later(START, MINUTE), direction: "outbound", phone: first, body: topics[0]!.answer },
        // An hour later: the first reply has long settled by the time this is played.
        { at: later(START, HOUR), direction: "inbound", phone: second, body: topics[1]!.question },
        {
          at: later(START, HOUR + MINUTE),
          direction: "outbound",
          phone: second,
          body: topics[1]!.answer,
        },
      ]);
      const stop = new AbortController();
      const left = await importHistoryFile(runtime, file, {
        batchSize: 2,
        signal: stop.signal,
        onProgress: (run) => {
          if (run.status === "processing" && run.rowsProcessed === 2) stop.abort();
        },
      });
      expect(left).toMatchObject({ status: "processing", rowsProcessed: 2 });

      await resumeImports(runtime, { batchSize: 2 });
      expect(await importRowOf(left.id)).toMatchObject({ status: "done", exchangesLearned: 2 });
      const replies = await db
        .select({ body: messages.body, learnState: messages.learnState })
        .from(messages)
        .where(eq(messages.direction, "outbound"))
        .orderBy(messages.sentAt);
      expect(replies).toEqual([
        { body: topics[0]!.answer, learnState: "learned" },
        { body: topics[1]!.answer, learnState: "learned" },
      ]);
      expect(await countRows(db, patternExamples)).toBe(2);
    });

    it("fails an upload cut off while it was arriving once it has been silent long enough", async () => {
      const text = historyCsv(venueHistory({ customers: 6, tag: "upload" }));
      const stagedSoFar = async () => (await db.select().from(imports))[0]?.rowsStaged ?? 0;
      let sent = false;
      // Half the file arrives; the connection drops once some of it was staged.
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (!sent) {
            sent = true;
            controller.enqueue(new TextEncoder().encode(text.slice(0, text.length / 2)));
            return;
          }
          await vi.waitFor(async () => expect(await stagedSoFar()).toBeGreaterThan(0));
          controller.error(new Error("the connection was reset"));
        },
      });
      const received = await receiveUploadedImport(
        runtime,
        { fileName: "history.csv", body, createdBy: testbed.actor.userId },
        { batchSize: 4 },
      ).catch((e: unknown) => e);
      expect(received).toMatchObject({ message: "the connection was reset" });
      const [left] = await db.select().from(imports);
      expect(left).toMatchObject({ status: "staging", source: "upload", fileSha256: null });
      expect(left!.rowsStaged).toBeGreaterThan(0);

      // Still within the quiet period: it may yet be running somewhere.
      expect(await resumeImports(runtime, { staleUploadMs: 60_000 })).toEqual({
        resumed: 0,
        failed: 0,
      });
      expect(await importRowOf(left!.id)).toMatchObject({ status: "staging" });

      expect(await resumeImports(runtime, { staleUploadMs: 0 })).toEqual({ resumed: 0, failed: 1 });
      const failed = await importRowOf(left!.id);
      expect(failed).toMatchObject({
        status: "failed",
        error: textMatching(/interrupted before the whole file arrived/),
      });
      expect(failed.finishedAt).toBeInstanceOf(Date);
      expect(await countRows(db, messages)).toBe(0);
    });

    it("stages an upload before answering and learns it in the background", async () => {
      const rows = venueHistory({ customers: 4, tag: "upload-whole" });
      const text = historyCsv(rows);
      const { importId } = await receiveUploadedImport(
        runtime,
        {
          fileName: "history.csv",
          body: new Blob([text]).stream(),
          createdBy: testbed.actor.userId,
        },
        { batchSize: 5 },
      );
      const staged = await importRowOf(importId);
      expect(staged.rowsStaged).toBe(rows.length);
      expect(staged.fileBytes).toBe(Buffer.byteLength(text));
      expect(staged.fileSha256).toMatch(/^[0-9a-f]{64}$/);

      await expect.poll(async () => (await importRowOf(importId)).status).toBe("done");
      expect(await countRows(db, messages)).toBe(rows.length);
    });

    it("fails an upload that lacks a required column, with the reason", async () => {
      const error = await receiveUploadedImport(runtime, {
        fileName: "contacts.csv",
        body: new Blob(["name,phone\nSam,+19025550300\n"]).stream(),
        createdBy: null,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HistoryCsvError);
      const [run] = await db.select().from(imports);
      expect(run).toMatchObject({ status: "failed", error: (error as Error).message });
    });
  });
});
