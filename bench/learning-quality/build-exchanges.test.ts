import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import { historyCsvColumns, writeHistoryCsv, type HistoryCsvRow } from "../history/history-csv";
import {
  exchangeRows,
  holdOutIntents,
  questionMessageId,
  replyMessageId,
  sampleExamples,
  splitByIntent,
  startAfter,
  exchangeTime,
  EXCHANGES_PER_DAY,
  FOREIGN_INTENT,
  HOLDING_REPLY,
  mixInForeign,
} from "./build-exchanges";
import type { LabeledExample } from "./datasets";
import { stripGreetingAndSignOff } from "./strict-scorer";

const MINUTE = 60_000;

function examplesOf(counts: Record<string, number>): LabeledExample[] {
  return Object.entries(counts).flatMap(([intent, count]) =>
    Array.from({ length: count }, (_, index) => ({
      text: `${intent} question ${index}`,
      intent,
      reply: `The answer about ${intent}.`,
    })),
  );
}

const countBy = (examples: readonly LabeledExample[], intent: string) =>
  examples.filter((example) => example.intent === intent).length;

describe("splitByIntent", () => {
  const examples = examplesOf({ a: 10, b: 5, c: 2, d: 1 });

  it("gives each intent its share to learn from and keeps the rest to test", () => {
    const { learn, test } = splitByIntent(examples, 0.6, 1);
    expect(learn.length + test.length).toBe(examples.length);
    expect([countBy(learn, "a"), countBy(test, "a")]).toEqual([6, 4]);
    expect([countBy(learn, "b"), countBy(test, "b")]).toEqual([3, 2]);
    // Two examples: one on each side, whatever the share; one example can only be learned from.
    expect([countBy(learn, "c"), countBy(test, "c")]).toEqual([1, 1]);
    expect([countBy(learn, "d"), countBy(test, "d")]).toEqual([1, 0]);
    const learned = new Set(learn.map((example) => example.text));
    expect(test.some((example) => learned.has(example.text))).toBe(false);
  });

  it("splits the same way for the same seed, whatever the order of the file", () => {
    const first = splitByIntent(examples, 0.6, 7);
    expect(splitByIntent([...examples].reverse(), 0.6, 7)).toEqual(first);
    expect(splitByIntent(examples, 0.6, 8)).not.toEqual(first);
  });

  it("refuses a share that leaves one part empty", () => {
    expect(() => splitByIntent(examples, 1, 1)).toThrow(/learnShare/);
    expect(() => splitByIntent(examples, 0, 1)).toThrow(/learnShare/);
  });
});

describe("holdOutIntents", () => {
  const examples = examplesOf(
    Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`intent${index}`, 5])),
  );
  const split = splitByIntent(examples, 0.6, 1);

  it("keeps a share of the intents out of the learning part and all their test examples in the test part", () => {
    const scoped = holdOutIntents(split, 0.1, 1);
    expect(scoped.outOfScopeIntents).toHaveLength(2);
    const held = new Set(scoped.outOfScopeIntents);
    expect(scoped.learn.some((example) => held.has(example.intent))).toBe(false);
    expect(scoped.learn).toHaveLength(split.learn.length - 2 * 3);
    expect(scoped.test).toEqual(split.test);
    expect(scoped.test.filter((example) => held.has(example.intent))).toHaveLength(2 * 2);
  });

  it("chooses by seed, whatever the order of the examples", () => {
    const first = holdOutIntents(split, 0.25, 3).outOfScopeIntents;
    const reversed = { learn: [...split.learn].reverse(), test: [...split.test].reverse() };
    expect(holdOutIntents(reversed, 0.25, 3).outOfScopeIntents).toEqual(first);
    expect(holdOutIntents(split, 0.25, 4).outOfScopeIntents).not.toEqual(first);
  });

  it("holds out at least one intent for a small share, none for 0, and never all", () => {
    expect(holdOutIntents(split, 0.01, 1).outOfScopeIntents).toHaveLength(1);
    expect(holdOutIntents(split, 0, 1)).toEqual({ ...split, outOfScopeIntents: [] });
    expect(holdOutIntents(split, 0.99, 1).outOfScopeIntents).toHaveLength(19);
    expect(() => holdOutIntents(split, 1, 1)).toThrow(/share/);
  });
});

describe("sampleExamples", () => {
  it("draws the same examples for the same seed", () => {
    const examples = examplesOf({ a: 30, b: 30 });
    const sample = sampleExamples(examples, 10, 3);
    expect(sample).toHaveLength(10);
    expect(sampleExamples(examples, 10, 3)).toEqual(sample);
    expect(sampleExamples(examples, 100, 3)).toHaveLength(60);
  });
});

describe("exchangeRows", () => {
  const examples = examplesOf({ a: 60, b: 60 });
  const startAt = new Date("2025-01-06T14:00:00Z");
  const rows = exchangeRows(examples, { idPrefix: "t", startAt, seed: 1 });

  it("makes each example a question and, 1 to 5 minutes later, its reply", () => {
    expect(rows).toHaveLength(240);
    const byId = new Map(rows.map((row) => [row.messageId, row]));
    examples.forEach((example, index) => {
      const question = byId.get(questionMessageId("t", index))!;
      const reply = byId.get(replyMessageId("t", index))!;
      expect(question).toMatchObject({ direction: "inbound", body: example.text, operator: null });
      expect(reply.direction).toBe("outbound");
      expect(reply.operator).not.toBeNull();
      expect(reply.body).toContain(example.reply);
      expect(reply.customerPhone).toBe(question.customerPhone);
      const delay = reply.sentAt.getTime() - question.sentAt.getTime();
      expect(delay).toBeGreaterThanOrEqual(MINUTE);
      expect(delay).toBeLessThanOrEqual(5 * MINUTE);
    });
  });

  it("lists the messages in time order", () => {
    const times = rows.map((row) => row.sentAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBe(startAt.getTime());
  });

  it("recycles customers only after more than an hour of silence, so every exchange is its own conversation", () => {
    const lastAt = new Map<string, number>();
    for (const row of rows) {
      const previous = lastAt.get(row.customerPhone);
      if (row.direction === "inbound" && previous !== undefined) {
        expect(row.sentAt.getTime() - previous).toBeGreaterThan(61 * MINUTE);
      }
      lastAt.set(row.customerPhone, row.sentAt.getTime());
    }
    expect(lastAt.size).toBeGreaterThan(1);
  });

  describe("dresses each canned answer the way operators write", () => {
    const replies = rows.filter((row) => row.direction === "outbound");
    const answerOf = (row: HistoryCsvRow) => examples[Number(row.messageId.split("-")[1])]!.reply;
    const share = (test: (row: HistoryCsvRow) => boolean) =>
      replies.filter(test).length / replies.length;

    it("keeps the answer word for word, once", () => {
      for (const row of replies) expect(row.body.split(answerOf(row))).toHaveLength(2);
    });

    it("greets by first name, without it, or not at all", () => {
      const named = (row: HistoryCsvRow) => {
        const firstName = row.customerName?.split(" ")[0];
        return (
          firstName !== undefined && /^(Hi|Hello) /.test(row.body) && row.body.includes(firstName)
        );
      };
      expect(share(named)).toBeGreaterThan(0.2);
      expect(share((row) => row.body.startsWith("Hi there!"))).toBeGreaterThan(0.1);
      expect(share((row) => row.body.startsWith("Thanks for reaching out."))).toBeGreaterThan(0.05);
    });

    it("puts the business's one generic sentence before every answer, of every intent", () => {
      for (const row of replies) {
        expect(row.body.match(/Thanks for reaching out\./g)).toHaveLength(1);
        expect(row.body.indexOf("Thanks for reaching out.")).toBeLessThan(
          row.body.indexOf(answerOf(row)),
        );
      }
      expect(new Set(replies.map(answerOf)).size).toBeGreaterThan(1);
    });

    it("signs off with the operator's own name, or not at all", () => {
      const signed = replies.filter((row) => row.body.endsWith(row.operator ?? "?"));
      expect(signed.length / replies.length).toBeGreaterThan(0.5);
      expect(signed.length).toBeLessThan(replies.length);
      // The word before the name: "—", "Thanks," or "Cheers,".
      const styles = new Set(
        signed.map((row) =>
          row.body
            .slice(0, -(row.operator?.length ?? 0))
            .trimEnd()
            .split(/\s/)
            .at(-1),
        ),
      );
      expect(styles.size).toBeGreaterThanOrEqual(3);
    });

    it("dresses the same way for the same seed, and otherwise differently", () => {
      expect(exchangeRows(examples, { idPrefix: "t", startAt, seed: 1 })).toEqual(rows);
      const other = exchangeRows(examples, { idPrefix: "t", startAt, seed: 2 });
      expect(other.map((row) => row.body)).not.toEqual(rows.map((row) => row.body));
    });

    it("leaves nothing but the answer and the boilerplate once greeting and sign-off are stripped", () => {
      for (const row of replies) {
        const stripped = stripGreetingAndSignOff(row.body);
        expect(
          ["", " Thanks for reaching out.", " Happy to help with that."].flatMap((extra) => [
            `${answerOf(row)}${extra}`,
            `${extra.trim()} ${answerOf(row)}`.trim(),
          ]),
        ).toContain(stripped);
      }
    });
  });

  it("starts the next part after a gap longer than any conversation, at the same time of day", () => {
    const next = startAfter(rows, startAt);
    expect(next.getTime() - (rows.at(-1)?.sentAt.getTime() ?? 0)).toBeGreaterThan(61 * MINUTE);
    expect(next.getUTCHours()).toBe(startAt.getUTCHours());
    expect(startAfter([], startAt)).toBe(startAt);
  });

  it("keeps every exchange within six hours of the day's start, moving to the next day when full", () => {
    const start = Date.UTC(2025, 0, 6, 14);
    expect(exchangeTime(start, EXCHANGES_PER_DAY - 1) - start).toBeLessThan(6 * 60 * MINUTE);
    expect(exchangeTime(start, EXCHANGES_PER_DAY)).toBe(start + 24 * 60 * MINUTE);
  });

  describe("written as a CSV file", () => {
    let dir = "";
    afterAll(async () => {
      if (dir !== "") await rm(dir, { recursive: true, force: true });
    });

    it("is in the import format", async () => {
      dir = await mkdtemp(join(tmpdir(), "exchange-rows-"));
      const path = join(dir, "learn.csv");
      await writeHistoryCsv(path, rows);
      const text = await readFile(path, "utf8");
      expect(text.slice(0, text.indexOf("\n"))).toBe(historyCsvColumns.join(","));
      const records = parse<Record<string, string>>(text, { columns: true });
      expect(records).toHaveLength(rows.length);
      for (const record of records) {
        expect(record.sent_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        expect(["inbound", "outbound"]).toContain(record.direction);
        expect(record.customer_phone).toMatch(/^\+1555\d{7}$/);
        expect(record.message_id).not.toBe("");
      }
    });
  });
});

describe("mixInForeign", () => {
  const own = holdOutIntents(splitByIntent(examplesOf({ a: 10, b: 10 }), 0.6, 1), 0, 1);
  const other = examplesOf({ x: 30, y: 30 });

  it("adds a seeded sample of another business's questions to both parts, answered with the holding reply", () => {
    const mixed = mixInForeign(own, { examples: other, learn: 5, test: 15 }, 1);
    expect(countBy(mixed.learn, FOREIGN_INTENT)).toBe(5);
    expect(countBy(mixed.test, FOREIGN_INTENT)).toBe(15);
    // The own examples are all still there, and held-out intents are untouched.
    expect(mixed.learn.length).toBe(own.learn.length + 5);
    expect(mixed.test.length).toBe(own.test.length + 15);
    expect(mixed.outOfScopeIntents).toEqual(own.outOfScopeIntents);
    const foreign = [...mixed.learn, ...mixed.test].filter((e) => e.intent === FOREIGN_INTENT);
    expect(new Set(foreign.map((e) => e.reply))).toEqual(new Set([HOLDING_REPLY]));
    // Twenty distinct questions of the other business, none asked twice across the parts.
    expect(new Set(foreign.map((e) => e.text)).size).toBe(20);
    const theirs = new Set(other.map((e) => e.text));
    expect(foreign.every((e) => theirs.has(e.text))).toBe(true);
    // Mixed in, not appended: a foreign question is not always last.
    expect(
      mixed.test.at(-1)?.intent === FOREIGN_INTENT && mixed.test.at(-2)?.intent === FOREIGN_INTENT,
    ).toBe(false);
  });

  it("mixes the same way for the same seed, and not at all when asked for none", () => {
    const traffic = { examples: other, learn: 5, test: 15 };
    expect(mixInForeign(own, traffic, 3)).toEqual(mixInForeign(own, traffic, 3));
    expect(mixInForeign(own, traffic, 4)).not.toEqual(mixInForeign(own, traffic, 3));
    expect(mixInForeign(own, { examples: other, learn: 0, test: 0 }, 3)).toBe(own);
  });
});
