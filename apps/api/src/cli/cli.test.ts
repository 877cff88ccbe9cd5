// `npm run playbook -- import` as a person runs it, in a child process: an import killed (SIGKILL) while staging
// and again while learning, then run to the end, holds exactly the file's good rows, once; a rerun adds nothing.
// Also the exit codes and messages of usage and file errors.
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReplaySummary } from "@playbook/core";
import { createRandom } from "@playbook/core/testing";
import { createDb, queryRows, type Db } from "@playbook/db";
import { openTestDatabase, testDatabaseKinds, type TestDatabaseKind } from "@playbook/db/testing";
import { csvRecord, historyCsvColumns } from "../../../../bench/history/history-csv";
import { pick } from "../../../../bench/history/seeded-choice";
import { spawnProcess, type RunningProcess } from "../../../../build/spawn-process";

const root = fileURLToPath(new URL("../../../..", import.meta.url));
const BATCH = 50;

// The history file: many customers asking and being answered, with a dozen bad rows of different kinds.

interface GoodRow {
  messageId: string | null;
  sentAt: Date;
  direction: "inbound" | "outbound";
  /** As stored: normalised. */
  phone: string;
  body: string;
  /** Which visit of which customer: the conversation it must end up in. */
  conversation: number;
}

interface BadRow {
  line: number;
  reason: RegExp;
}

interface History {
  text: string;
  good: GoodRow[];
  bad: BadRow[];
  conversations: number;
  /** Question/reply exchanges: each must be learned exactly once. */
  exchanges: number;
  /** The line the last record starts on. */
  lastLine: number;
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
  {
    question: 'Is the "twilight" rate still $30?',
    answer: "The twilight rate is $30 per bay after 9pm.",
  },
  {
    question: "Do you have lessons for kids?",
    answer: "Junior lessons run on Saturday mornings at 10am.",
  },
  {
    // A quoted body over three lines: a good row, however the CSV is laid out.
    question: "Hi,\nCan we book two bays for Friday at 6pm?\nThere will be 8 of us.",
    answer: "Two bays are booked for Friday at 6pm under your name.",
  },
];
const FOLLOW_UP = "Bays can be booked online as well.";

const START = Date.parse("2024-02-05T14:00:00Z");
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

/** The ways a file writes a moment: UTC with Z, a space and "+00", or a local time with its offset. */
function writtenTime(at: Date, style: number): string {
  const iso = at.toISOString();
  if (style === 1) return iso.replace("T", " ").replace(".000Z", "+00");
  if (style === 2)
    return `${new Date(at.getTime() - 5 * 60 * MINUTE).toISOString().slice(0, 19)}-05:00`;
  return iso;
}

function generateHistory(customers: number): History {
  const random = createRandom(20240205);
  const good: GoodRow[] = [];
  const bad: BadRow[] = [];
  let text = csvRecord(historyCsvColumns);
  let line = 2;
  let lastLine = 1;
  let ids = 0;
  let conversations = 0;
  let exchanges = 0;
  const append = (record: string) => {
    text += record;
    lastLine = line;
    line += record.split("\n").length - 1;
  };
  const write = (row: Omit<GoodRow, "messageId">, name: string) => {
    const messageId = random() < 0.5 ? `msg-${++ids}` : null;
    good.push({ ...row, messageId });
    const formatted =
      random() < 0.1
        ? `+1 (${row.phone.slice(2, 5)}) ${row.phone.slice(5, 8)}-${row.phone.slice(8)}`
        : row.phone;
    const direction =
      random() < 0.1 ? (row.direction === "inbound" ? "incoming" : "outgoing") : row.direction;
    append(
      csvRecord([
        messageId ?? "",
        random() < 0.3 ? `conv-${row.conversation}` : "",
        writtenTime(row.sentAt, Math.floor(random() * 3)),
        direction,
        formatted,
        row.direction === "inbound" ? name : "",
        row.direction === "outbound" ? "dana" : "",
        row.body,
      ]),
    );
  };

  const someone = "+19025569999";
  const when = new Date(START).toISOString();
  const badRecords: { fields: string[]; reason: RegExp }[] = [
    {
      fields: ["", "", "yesterday", "inbound", someone, "", "", "Are you open?"],
      reason: /^sent_at "yesterday" is not an ISO 8601 date-time/,
    },
    {
      fields: ["", "", "2024-03-01 14:05:00", "inbound", someone, "", "", "Are you open?"],
      reason: /^sent_at "2024-03-01 14:05:00" has no time zone/,
    },
    {
      fields: ["", "", "", "inbound", someone, "", "", "Are you open?"],
      reason: /^sent_at is empty$/,
    },
    {
      fields: ["", "", when, "sideways", someone, "", "", "Are you open?"],
      reason: /^direction "sideways" is not inbound, outbound, incoming or outgoing$/,
    },
    {
      fields: ["", "", when, "", someone, "", "", "Are you open?"],
      reason: /^direction is empty$/,
    },
    {
      fields: ["", "", when, "inbound", "call me", "", "", "Are you open?"],
      reason: /^customer_phone "call me" is not a phone number$/,
    },
    {
      fields: ["", "", when, "inbound", "", "", "", "Are you open?"],
      reason: /^customer_phone is empty$/,
    },
    { fields: ["", "", when, "inbound", someone, "", "", "   "], reason: /^body is empty$/ },
    {
      fields: ["", "", when, "inbound", someone, "", "", "x".repeat(10_001)],
      reason: /^body is 10,001 characters long; the limit is 10,000$/,
    },
    {
      fields: ["", "", when, "inbound", someone, "", "", "Are you open?", "extra"],
      reason: /^wrong number of fields: 9 \(header has 8\)$/,
    },
    {
      fields: ["", "", when, "inbound", someone, "", "Are you open?"],
      reason: /^wrong number of fields: 7 \(header has 8\)$/,
    },
  ];
  const badAfter = new Map(
    badRecords.map((record, i) => [
      Math.round(((i + 0.5) * customers) / badRecords.length),
      record,
    ]),
  );

  for (let c = 0; c < customers; c++) {
    const phone = `+1902556${String(c).padStart(4, "0")}`;
    const name = `Guest ${c}`;
    let at = START + Math.floor((random() * 10 * DAY) / SECOND) * SECOND;
    const visits = 1 + Math.floor(random() * 3);
    for (let v = 0; v < visits; v++) {
      conversations += 1;
      const turns = 1 + Math.floor(random() * 3);
      for (let t = 0; t < turns; t++) {
        exchanges += 1;
        const topic = pick(random, topics);
        const say = (direction: GoodRow["direction"], body: string, after: number) => {
          at += after;
          write(
            { sentAt: new Date(at), direction, phone, body, conversation: conversations },
            name,
          );
        };
        if (random() < 0.2) say("inbound", "Hello there", t === 0 ? 0 : 10 * MINUTE);
        say("inbound", topic.question, MINUTE);
        // Mostly the usual answer; sometimes another one, which the judged pattern must lose confidence for.
        say("outbound", random() < 0.85 ? topic.answer : pick(random, topics).answer, 2 * MINUTE);
        // A second operator message within replySettleSeconds belongs to the same reply.
        if (random() < 0.2) say("outbound", FOLLOW_UP, 30 * SECOND);
        at += 10 * MINUTE + Math.floor(random() * 20) * MINUTE;
      }
      // Past the longest idle window (a day): the next visit is a new conversation.
      at += 2 * DAY + Math.floor((random() * 3 * DAY) / SECOND) * SECOND;
    }
    const badRecord = badAfter.get(c);
    if (badRecord) {
      append(csvRecord(badRecord.fields));
      bad.push({ line: lastLine, reason: badRecord.reason });
    }
  }
  // A body of over 1 MB, quoted and over many lines: that row alone is rejected, whatever comes after it.
  append(csvRecord(["", "", when, "inbound", someone, "", "", "Are you open?\n".repeat(80_000)]));
  bad.push({
    line: lastLine,
    reason: /^Field body \(column 8\) is longer than the 1,000,000 bytes/,
  });
  return { text, good, bad, conversations, exchanges, lastLine };
}

const identity = (m: {
  phone: string;
  direction: string;
  sentAt: Date;
  body: string;
  messageId: string | null;
}) =>
  `${m.phone} ${m.direction} ${m.sentAt.toISOString()} ${m.messageId ?? "-"} ${JSON.stringify(m.body)}`;

// Running the command.

/** What the command is pointed at, and how the test reads it. */
interface Target {
  env: Record<string, string>;
  /** Runs `fn` on the database; the embedded one only while no command holds its folder. */
  read<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  dispose(): Promise<void>;
}

async function openTarget(kind: TestDatabaseKind): Promise<Target> {
  if (kind === "postgres") {
    const test = await openTestDatabase("postgres");
    return {
      env: { DATABASE_URL: test.url! },
      read: (fn) => fn(test.database.db),
      dispose: () => test.drop(),
    };
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), "playbook-cli-"));
  return {
    env: { PLAYBOOK_DATA_DIR: dataDir },
    async read(fn) {
      const database = await createDb({ dataDir });
      try {
        return await fn(database.db);
      } finally {
        await database.close();
      }
    },
    dispose: () => rm(dataDir, { recursive: true, force: true }),
  };
}

// The progress bar is drawn only on a terminal; a test that stops the import part-way pretends stderr is one,
// so the bar says how far the run got (the embedded database cannot be read while the command holds it).
const ON_A_TERMINAL = "data:text/javascript,process.stderr.isTTY=true";

function playbook(
  args: string[],
  env: Record<string, string>,
  opts: { progress?: boolean } = {},
): RunningProcess {
  return spawnProcess(
    [
      "--import",
      "tsx",
      ...(opts.progress ? ["--import", ON_A_TERMINAL] : []),
      path.join(root, "apps/api/src/cli/main.ts"),
      ...args,
    ],
    { cwd: root, env: { PATH: process.env.PATH, ...env } },
  );
}

/** SIGKILLs the command as soon as `reached()` holds; fails if the command finished first. */
async function killWhen(run: RunningProcess, reached: () => Promise<boolean>): Promise<void> {
  while (!(await reached())) {
    if (run.child.exitCode !== null) {
      throw new Error(`The import ended before it could be stopped:\n${run.output()}`);
    }
    await sleep(10);
  }
  run.child.kill("SIGKILL");
  await run.exited;
  expect(run.child.signalCode).toBe("SIGKILL");
}

/** How far the progress bar last said `phase` had got ("learning [███░░] 40% | 880/2200 rows"): 0 before it did. */
function lastProgress(output: string, phase: "staging" | "learning"): number {
  const drawn = [...output.matchAll(new RegExp(`${phase} +\\[[^\\]]*\\] +\\d+% \\| (\\d+)/`, "g"))];
  return Number(drawn[drawn.length - 1]?.[1] ?? 0);
}

type ImportState = {
  id: string;
  status: string;
  staged_through_line: number;
  rows_staged: number;
  rows_rejected: number;
  rows_processed: number;
};
const importsOf = (db: Db) =>
  queryRows<ImportState>(
    db,
    sql`select id, status, staged_through_line, rows_staged, rows_rejected, rows_processed
        from imports order by created_at`,
  );

describe("npm run playbook: usage", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "playbook-cli-usage-"));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it.each([
    [["frobnicate", "history.csv"], /unknown command "frobnicate"/],
    [["import"], /import needs a CSV file/],
    [["import", "a.csv", "b.csv"], /unexpected arguments: b\.csv/],
    [["demo", "extra"], /unexpected arguments: extra/],
    [[], /^Usage:/],
  ])("`%s` exits with 2 and the usage, before opening any database", async (args, message) => {
    const run = playbook(args, { PLAYBOOK_DATA_DIR: dataDir });
    expect(await run.exited).toBe(2);
    expect(run.output()).toMatch(message);
    expect(run.output()).toMatch(/Usage:\n {2}npm run playbook -- import FILE\.csv/);
    expect(await readdir(dataDir)).toEqual([]);
  });
});

describe("npm run playbook -- demo", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "playbook-cli-demo-"));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it("loads the sample history and decides a test message, then --remove takes it all away", async () => {
    const env = { PLAYBOOK_DATA_DIR: dataDir };
    const load = playbook(["demo", "--message", "do you sell gift cards?"], env);
    expect(await load.exited).toBe(0);
    expect(load.output()).toMatch(/Loaded the sample history: 108 new messages/);
    expect(load.output()).toMatch(/Proposed reply: .*[Gg]ift cards are sold/);
    const remove = playbook(["demo", "--remove"], env);
    expect(await remove.exited).toBe(0);
    expect(remove.output()).toMatch(/Removed the demo: 55 made-up customers/);
  }, 120_000);
});

describe.each(testDatabaseKinds)("npm run playbook -- import on %s", (kind) => {
  let target: Target;
  let dir: string;
  const history = generateHistory(180);
  const inbound = history.good.filter((r) => r.direction === "inbound").length;

  beforeAll(async () => {
    target = await openTarget(kind);
    dir = await mkdtemp(path.join(tmpdir(), "playbook-cli-files-"));
  });
  afterAll(async () => {
    await target.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it("killed while staging and again while learning, then rerun, ends with exactly the good rows, once", async () => {
    expect(history.good.length).toBeGreaterThan(1_500);
    const file = path.join(dir, "history.csv");
    await writeFile(file, history.text);
    const args = ["import", file, "--batch-size", String(BATCH)];
    const importState = async () => (await target.read(importsOf))[0];

    // 1. Killed while the file is being read into the database.
    const staging = playbook(args, target.env, { progress: true });
    await killWhen(staging, async () => {
      if (kind === "postgres") {
        const state = await importState();
        return state?.status === "staging" && state.rows_staged >= 2 * BATCH;
      }
      return lastProgress(staging.output(), "staging") > 0;
    });
    const afterStaging = (await importState())!;
    expect(afterStaging.status).toBe("staging");
    expect(afterStaging.staged_through_line).toBeGreaterThan(1);
    expect(afterStaging.staged_through_line).toBeLessThan(history.lastLine);

    // 2. Run again: staging resumes, and it is killed a third of the way through learning.
    const learning = playbook(args, target.env, { progress: true });
    const third = Math.floor(history.good.length / 3);
    await killWhen(learning, async () => {
      if (kind === "postgres") {
        const state = await importState();
        return state?.status === "processing" && state.rows_processed >= third;
      }
      return lastProgress(learning.output(), "learning") >= third;
    });
    await target.read(async (db) => {
      const [state] = await importsOf(db);
      expect(state).toMatchObject({
        id: afterStaging.id,
        status: "processing",
        rows_staged: history.good.length,
        rows_rejected: history.bad.length,
      });
      expect(state!.rows_processed).toBeGreaterThanOrEqual(third);
      expect(state!.rows_processed).toBeLessThan(history.good.length);
      // Each batch's messages were committed with the count that says so: nothing half-written.
      expect(await count(db, sql`select count(*) from messages`)).toBe(state!.rows_processed);
    });

    // 3. Run again to the end.
    const finished = playbook([...args, "--json"], target.env);
    expect(await finished.exited).toBe(0);
    const summary = JSON.parse(/^\{"importId".*$/m.exec(finished.output())![0]) as Record<
      string,
      unknown
    >;
    expect(summary).toMatchObject({
      importId: afterStaging.id,
      status: "done",
      rowsStaged: history.good.length,
      rowsRejected: history.bad.length,
      rowsDuplicate: 0,
      messagesImported: history.good.length,
      decisionsRecorded: inbound,
      exchangesLearned: history.exchanges,
    });
    expect(finished.output()).toContain(`rows staged        ${history.good.length}\n`);
    expect(finished.output()).toContain(`rows rejected      ${history.bad.length}\n`);
    const listed = [...finished.output().matchAll(/^ {2}line (\d+): (.+)$/gm)];
    expect(listed.map((m) => Number(m[1]))).toEqual(history.bad.map((b) => b.line));
    listed.forEach((m, i) => expect(m[2]).toMatch(history.bad[i]!.reason));

    await target.read((db) => expectExactlyTheGoodRows(db, history, afterStaging.id));

    // 4. The same file once more: every row is already there.
    const again = playbook([...args, "--json"], target.env);
    expect(await again.exited).toBe(0);
    expect(JSON.parse(/^\{"importId".*$/m.exec(again.output())![0])).toMatchObject({
      status: "done",
      rowsStaged: history.good.length,
      rowsRejected: history.bad.length,
      rowsDuplicate: history.good.length,
      messagesImported: 0,
      decisionsRecorded: 0,
      exchangesLearned: 0,
      patternsCreated: 0,
    });
    await target.read(async (db) => {
      expect(await count(db, sql`select count(*) from messages`)).toBe(history.good.length);
      expect(await count(db, sql`select count(*) from decisions`)).toBe(inbound);
      expect((await importsOf(db)).map((run) => run.status)).toEqual(["done", "done"]);
    });
  }, 240_000);

  it("replays a file, printing the summary and saving it beside one results line per answered message", async () => {
    const file = path.join(dir, "replayed.csv");
    await writeFile(file, history.text);
    const out = path.join(dir, "results.jsonl");
    const messagesBefore = await target.read((db) => count(db, sql`select count(*) from messages`));

    const run = playbook(["replay", file, "--out", out, "--minutes-per-reply", "3"], target.env);
    expect(await run.exited).toBe(0);

    const summary = JSON.parse(
      await readFile(path.join(dir, "results.summary.json"), "utf8"),
    ) as ReplaySummary;
    const lines = (await readFile(out, "utf8")).trim().split("\n");
    expect(lines).toHaveLength(summary.answered);
    expect(summary.answered).toBeGreaterThan(0);
    expect(Object.values(summary.decisions).reduce((a, b) => a + b, 0)).toBe(summary.answered);
    expect(summary.customerMessages).toBe(inbound);
    expect(summary.rowsRejected).toBe(history.bad.length);
    expect(summary.timeSaved.minutesPerReply).toBe(3);
    expect(run.output()).toContain("Replayed replayed.csv (what-if");
    expect(run.output()).toMatch(
      new RegExp(`${inbound} customer messages, ${summary.answered} answered`),
    );
    expect(run.output()).toMatch(/Would-be automations: \d+ \(\d+ right, \d+ wrong\)/);
    expect(run.output()).toContain(`Summary: ${path.join(dir, "results.summary.json")}`);
    // Nothing was written to the live database.
    expect(await target.read((db) => count(db, sql`select count(*) from messages`))).toBe(
      messagesBefore,
    );
  }, 120_000);

  it("fails with exit 1 and a clear message when the file does not exist", async () => {
    const missing = path.join(dir, "no-such-history.csv");
    const run = playbook(["import", missing], target.env);
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/File not found/);
    expect(run.output()).toContain(missing);
    expect(
      await target.read((db) =>
        count(db, sql`select count(*) from imports where file_name = 'no-such-history.csv'`),
      ),
    ).toBe(0);
  });

  it("fails with exit 1, names the missing column and marks the import failed", async () => {
    const file = path.join(dir, "no-direction.csv");
    await writeFile(file, "sent_at,customer_phone,body\n2024-03-01T14:05:00Z,+19025550101,Hi\n");
    const run = playbook(["import", file], target.env);
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(
      /The header lacks required columns \(direction: one of direction\)/,
    );
    await target.read(async (db) => {
      const failed = await queryRows<{ status: string; error: string | null }>(
        db,
        sql`select status, error from imports where file_name = 'no-direction.csv'`,
      );
      expect(failed).toHaveLength(1);
      expect(failed[0]!.status).toBe("failed");
      expect(failed[0]!.error).toMatch(/lacks required columns \(direction/);
    });
  });

  it("fails with exit 1 and the line when a quote never closes, never reporting the import done", async () => {
    const file = path.join(dir, "unclosed-quote.csv");
    await writeFile(
      file,
      "sent_at,direction,customer_phone,body\n" +
        "2024-03-01T14:05:00Z,inbound,+19025550101,Hi\n" +
        '2024-03-01T14:06:00Z,inbound,+19025550101,"Are you open on Sunday\n' +
        "2024-03-01T14:07:00Z,inbound,+19025550101,Hello?\n",
    );
    const run = playbook(["import", file], target.env);
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/Line 3: a quote opened in this record is never closed/);
    await target.read(async (db) => {
      const runs = await queryRows<{ status: string; error: string | null }>(
        db,
        sql`select status, error from imports where file_name = 'unclosed-quote.csv'`,
      );
      expect(runs.map((r) => r.status)).toEqual(["failed"]);
      expect(runs[0]!.error).toMatch(/^Line 3: .*the import stopped/);
    });
  });

  // The file is never read: the options are checked first.
  it.each([
    [
      ["import", "history.csv", "--batch-size", "0"],
      /--batch-size must be a whole number ≥ 1, not "0"/,
    ],
    [["replay", "history.csv"], /replay needs --out results\.jsonl/],
  ])("`%s` exits with 2 and the usage", async (args, message) => {
    const run = playbook(args, target.env);
    expect(await run.exited).toBe(2);
    expect(run.output()).toMatch(message);
    expect(run.output()).toMatch(/Usage:/);
  });
});

async function count(db: Db, query: SQL): Promise<number> {
  const [row] = await queryRows<{ count: number }>(db, query);
  return Number(row?.count ?? 0);
}

/** The database holds the file's good rows once each, decided, grouped and learned; the bad ones are listed. */
async function expectExactlyTheGoodRows(db: Db, history: History, importId: string): Promise<void> {
  const inbound = history.good.filter((r) => r.direction === "inbound").length;
  const [run] = await queryRows(db, sql`select * from imports where id = ${importId}`);
  expect(run).toMatchObject({
    status: "done",
    error: null,
    staged_through_line: history.lastLine,
    rows_staged: history.good.length,
    rows_rejected: history.bad.length,
    rows_processed: history.good.length,
    rows_duplicate: 0,
    messages_imported: history.good.length,
    decisions_recorded: inbound,
    exchanges_learned: history.exchanges,
    patterns_created: await count(db, sql`select count(*) from patterns`),
  });
  expect(await count(db, sql`select count(*) from import_rows`)).toBe(0);

  const rejected = await queryRows<{ line: number; reason: string }>(
    db,
    sql`select line, reason from import_rejections where import_id = ${importId} order by line`,
  );
  expect(rejected.map((r) => r.line)).toEqual(history.bad.map((b) => b.line));
  rejected.forEach((r, i) => expect(r.reason).toMatch(history.bad[i]!.reason));

  const stored = await queryRows<{
    conversation_id: string;
    phone: string;
    direction: string;
    sent_at: string | Date;
    body: string;
    provider_message_id: string | null;
    source: string;
    learn_state: string | null;
    learn_note: string | null;
  }>(
    db,
    sql`select m.conversation_id, c.phone, m.direction, m.sent_at, m.body, m.provider_message_id, m.source,
          m.learn_state, m.learn_note
        from messages m join customers c on c.id = m.customer_id`,
  );
  const identities = stored.map((m) =>
    identity({ ...m, sentAt: new Date(m.sent_at), messageId: m.provider_message_id }),
  );
  expect([...identities].sort()).toEqual(history.good.map(identity).sort());
  expect(new Set(stored.map((m) => m.source))).toEqual(new Set(["import"]));
  expect(
    await queryRows(
      db,
      sql`select import_key from messages group by import_key having count(*) > 1`,
    ),
  ).toEqual([]);

  // Each customer's visits are its conversations, no more and no fewer.
  const byIdentity = new Map(history.good.map((r) => [identity(r), r.conversation]));
  const grouped = new Map<string, Set<number>>();
  for (const [i, m] of stored.entries()) {
    const visits = grouped.get(m.conversation_id) ?? new Set<number>();
    visits.add(byIdentity.get(identities[i]!)!);
    grouped.set(m.conversation_id, visits);
  }
  expect(grouped.size).toBe(history.conversations);
  expect([...grouped.values()].every((visits) => visits.size === 1)).toBe(true);
  expect(await count(db, sql`select count(*) from conversations`)).toBe(history.conversations);

  // One decision per customer message, at its time, in its conversation; history is only ever shadowed.
  expect(
    await count(
      db,
      sql`select count(*) from messages m join decisions d on d.message_id = m.id
          where m.direction = 'inbound' and d.created_at = m.sent_at and d.conversation_id = m.conversation_id
            and d.mode in ('shadow', 'none', 'escalate')`,
    ),
  ).toBe(inbound);
  expect(await count(db, sql`select count(*) from decisions`)).toBe(inbound);
  expect(await count(db, sql`select count(*) from approval_queue`)).toBe(0);

  // Every reply learned, once: one example per exchange, shared by the messages of a reply.
  const replies = stored.filter((m) => m.direction === "outbound");
  expect(replies.every((m) => m.learn_state === "learned")).toBe(true);
  expect(new Set(replies.map((m) => m.learn_note)).size).toBe(history.exchanges);
  expect(await count(db, sql`select count(*) from pattern_examples`)).toBe(history.exchanges);
  expect(await count(db, sql`select count(*) from patterns`)).toBeGreaterThan(0);
  expect(
    await count(
      db,
      sql`select count(*) from patterns where is_active or created_from <> 'imported'`,
    ),
  ).toBe(0);
  // Every judged decision moved its pattern's confidence once.
  expect(await count(db, sql`select count(*) from confidence_events`)).toBe(
    await count(db, sql`select count(*) from decisions where review is not null`),
  );
  expect(
    await count(db, sql`select count(*) from decisions where review = 'rejected'`),
  ).toBeGreaterThan(0);
}
