// stats.timeline and stats.topPatterns through tRPC callers on every database the tests run on: local-day
// bucketing in the settings' time zone, empty days as zeros, figures an independent plain-SQL count agrees with,
// and bad ranges refused with 400.
import { randomBytes } from "node:crypto";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@playbook/db";
import {
  conversations,
  customers,
  decisions,
  llmCalls,
  messages,
  patterns,
} from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { contextFor, createTestUser } from "../../testing";
import { createCallerFactory } from "../init";
import { appRouter } from "../router";

const createCaller = createCallerFactory(appRouter);

type DecisionRow = typeof decisions.$inferInsert;
type Spec = Pick<DecisionRow, "mode" | "review" | "correct"> & { at: string; pattern?: "a" | "b" };

// Halifax is UTC-4 in November 2026: local midnight is 04:00Z. 2026-11-09 and 2026-11-16 are Mondays.
const TZ = "America/Halifax";
const specs: Spec[] = [
  // Local 2026-11-10
  { at: "2026-11-10T15:00:00Z", mode: "auto", correct: true, pattern: "a" },
  { at: "2026-11-10T16:00:00Z", mode: "suggest", review: "approved", pattern: "a" },
  { at: "2026-11-10T17:00:00Z", mode: "queue", review: "rejected", pattern: "b" },
  { at: "2026-11-10T18:00:00Z", mode: "shadow", correct: false, pattern: "b" },
  { at: "2026-11-10T19:00:00Z", mode: "auto", pattern: "b" },
  // 23:30 local on the 10th, already the 11th in UTC
  { at: "2026-11-11T03:30:00Z", mode: "none" },
  // Local 2026-11-11, 00:30
  { at: "2026-11-11T04:30:00Z", mode: "queue", review: "approved", pattern: "b" },
  // Local Sunday 2026-11-15 23:00: still the week of Monday the 9th
  { at: "2026-11-16T03:00:00Z", mode: "auto", correct: true, pattern: "b" },
];

describe.each(testDatabaseKinds)("stats.timeline and stats.topPatterns on %s", (kind) => {
  let test: TestDatabase;
  let viewer: ReturnType<typeof createCaller>;
  const patternIds: Record<"a" | "b" | "c", string> = { a: "", b: "", c: "" };

  beforeAll(async () => {
    test = await openTestDatabase(kind);
    const { db } = test.database;
    const admin = createCaller(
      await contextFor(test.database, (await createTestUser(test.database, "admin")).id),
    );
    await admin.config.set({ timezone: TZ });
    viewer = createCaller(
      await contextFor(test.database, (await createTestUser(test.database, "viewer")).id),
    );

    const pattern = async (key: "a" | "b" | "c", createdAt: string, trigger: string) => {
      const [row] = await db
        .insert(patterns)
        .values({
          signature: randomBytes(8).toString("hex"),
          triggerText: trigger,
          responseTemplate: `Answer to ${trigger}`,
          responseSignature: randomBytes(8).toString("hex"),
          createdFrom: "manual",
          createdAt: new Date(createdAt),
        })
        .returning();
      patternIds[key] = row!.id;
    };
    await pattern("a", "2026-10-01T12:00:00Z", "When do you open?");
    await pattern("b", "2026-10-01T12:00:00Z", "Do you deliver?");
    await pattern("c", "2026-11-11T12:00:00Z", "Is it raining?");

    const [customer] = await db.insert(customers).values({ phone: "+19025550199" }).returning();
    const [conversation] = await db
      .insert(conversations)
      .values({
        customerId: customer!.id,
        startedAt: new Date(specs[0]!.at),
        lastMessageAt: new Date(specs.at(-1)!.at),
      })
      .returning();
    for (const spec of specs) {
      const at = new Date(spec.at);
      const [message] = await db
        .insert(messages)
        .values({
          conversationId: conversation!.id,
          customerId: customer!.id,
          direction: "inbound",
          body: "A question",
          source: "webhook",
          sentAt: at,
        })
        .returning();
      await db.insert(decisions).values({
        messageId: message!.id,
        conversationId: conversation!.id,
        patternId: spec.pattern ? patternIds[spec.pattern] : null,
        mode: spec.mode,
        review: spec.review ?? null,
        reviewedAt: spec.review ? at : null,
        correct: spec.correct ?? null,
        proposedReply: spec.mode === "none" ? null : "A reply",
        outcome: "none",
        createdAt: at,
      });
    }
    await db.insert(llmCalls).values({
      purpose: "extract",
      model: "m",
      costUsd: 0.25,
      latencyMs: 10,
      ok: true,
      createdAt: new Date("2026-11-11T12:00:00Z"),
    });
  });
  afterAll(() => test.drop());

  it("buckets by local day across the UTC day boundary and shows empty days as zeros", async () => {
    const timeline = await viewer.stats.timeline({
      from: "2026-11-10",
      to: "2026-11-12",
      bucket: "day",
    });
    expect(timeline.timezone).toBe(TZ);
    expect(timeline.llm).toEqual({ recorded: true, note: null });
    expect(timeline.buckets.map((b) => b.start)).toEqual([
      "2026-11-10",
      "2026-11-11",
      "2026-11-12",
    ]);
    const [tenth, eleventh, twelfth] = timeline.buckets;
    expect(tenth).toMatchObject({
      messagesIn: 6,
      decisions: 6,
      automatic: 2,
      suggestions: 1,
      queued: 1,
      precision: { judged: 4, right: 2, value: 0.5 },
      // a right auto (2) and a right suggestion (2 - 0.5)
      timeSavedMinutes: 3.5,
      patternsLearned: 0,
      llmCostUsd: 0,
    });
    expect(tenth!.coverage).toBeCloseTo(4 / 6, 10);
    expect(eleventh).toMatchObject({
      messagesIn: 1,
      decisions: 1,
      queued: 1,
      coverage: 1,
      precision: { judged: 1, right: 1, value: 1 },
      timeSavedMinutes: 1.5,
      patternsLearned: 1,
      llmCostUsd: 0.25,
    });
    expect(twelfth).toEqual({
      start: "2026-11-12",
      messagesIn: 0,
      decisions: 0,
      automatic: 0,
      suggestions: 0,
      queued: 0,
      coverage: null,
      automaticRate: null,
      precision: { judged: 0, right: 0, value: null },
      timeSavedMinutes: 0,
      patternsLearned: 0,
      examplesAdded: 0,
      llmCostUsd: 0,
    });
  });

  it("agrees with an independent plain-SQL count of one local day's rows", async () => {
    const timeline = await viewer.stats.timeline({
      from: "2026-11-10",
      to: "2026-11-10",
      bucket: "day",
    });
    // Written apart from the code under test: the local day as fixed UTC instants, the replay's defaults
    // (2 minutes per reply, 0.5 to review) as plain numbers.
    const [expected] = await queryRows<Record<string, number>>(
      test.database.db,
      sql.raw(`select
        (select count(*)::int from messages where direction = 'inbound'
           and sent_at >= '2026-11-10T04:00:00Z' and sent_at < '2026-11-11T04:00:00Z') as messages_in,
        count(*)::int as decisions,
        count(*) filter (where mode = 'auto')::int as automatic,
        count(*) filter (where mode = 'suggest')::int as suggestions,
        count(*) filter (where mode = 'queue')::int as queued,
        count(*) filter (where mode in ('auto', 'suggest', 'queue', 'shadow')
           and (review is not null or correct is not null))::int as judged,
        count(*) filter (where mode in ('auto', 'suggest', 'queue', 'shadow')
           and (review = 'approved' or (review is null and correct = true)))::int as right_count,
        coalesce(sum(case when not coalesce(review = 'approved' or (review is null and correct = true), false) then 0
           when mode = 'auto' then 2 when mode in ('suggest', 'queue') then 1.5 else 0 end), 0)::float8 as minutes
      from decisions where created_at >= '2026-11-10T04:00:00Z' and created_at < '2026-11-11T04:00:00Z'`),
    );
    const day = timeline.buckets[0]!;
    expect({
      messages_in: day.messagesIn,
      decisions: day.decisions,
      automatic: day.automatic,
      suggestions: day.suggestions,
      queued: day.queued,
      judged: day.precision.judged,
      right_count: day.precision.right,
      minutes: day.timeSavedMinutes,
    }).toEqual(expected);
    expect(day.coverage).toBeCloseTo(
      (expected!.automatic! + expected!.suggestions! + expected!.queued!) / expected!.decisions!,
      10,
    );
  });

  it("buckets by local week starting on Monday", async () => {
    const timeline = await viewer.stats.timeline({
      from: "2026-11-10",
      to: "2026-11-16",
      bucket: "week",
    });
    expect(timeline.buckets.map((b) => [b.start, b.decisions, b.automatic])).toEqual([
      ["2026-11-09", 8, 3],
      ["2026-11-16", 0, 0],
    ]);
    expect(timeline.buckets[0]!.timeSavedMinutes).toBe(3.5 + 1.5 + 2);
  });

  it("says when no LLM cost was recorded rather than showing zeros", async () => {
    const timeline = await viewer.stats.timeline({
      from: "2026-11-12",
      to: "2026-11-13",
      bucket: "day",
    });
    expect(timeline.llm.recorded).toBe(false);
    expect(timeline.llm.note).toMatch(/No LLM calls/);
    expect(timeline.buckets.map((b) => b.llmCostUsd)).toEqual([null, null]);
  });

  it("ranks patterns by time saved with their uses and precision", async () => {
    const top = await viewer.stats.topPatterns({ from: "2026-11-10", to: "2026-11-16" });
    expect(
      top.patterns.map((p) => [
        p.triggerText,
        p.uses,
        p.precision.judged,
        p.precision.right,
        p.timeSavedMinutes,
      ]),
    ).toEqual([
      // b: queue rejected, shadow wrong, auto unjudged, queue approved (1.5), auto right (2)
      ["Do you deliver?", 4, 4, 2, 3.5],
      // a: auto right (2), suggestion approved (1.5)
      ["When do you open?", 2, 2, 2, 3.5],
    ]);
    const one = await viewer.stats.topPatterns({
      from: "2026-11-10",
      to: "2026-11-10",
      patternId: patternIds.b,
    });
    expect(one.patterns.map((p) => [p.patternId, p.uses, p.timeSavedMinutes])).toEqual([
      [patternIds.b, 2, 0],
    ]);
  });

  it("refuses bad ranges with 400", async () => {
    const bad = [
      { from: "2026-11-12", to: "2026-11-10", bucket: "day" },
      { from: "2025-01-01", to: "2026-11-10", bucket: "day" },
      { from: "2026-02-30", to: "2026-03-01", bucket: "day" },
      { from: "yesterday", to: "2026-11-10", bucket: "day" },
      { from: "2026-11-10", to: "2026-11-10", bucket: "month" },
    ];
    for (const input of bad) {
      const error = await viewer.stats
        .timeline(input as Parameters<typeof viewer.stats.timeline>[0])
        .catch((e: unknown) => e);
      expect(error, JSON.stringify(input)).toBeInstanceOf(TRPCError);
      expect(getHTTPStatusCodeFromError(error as TRPCError)).toBe(400);
    }
    const error = await viewer.stats
      .topPatterns({ from: "2026-11-10", to: "2026-11-10", limit: 0 })
      .catch((e: unknown) => e);
    expect(getHTTPStatusCodeFromError(error as TRPCError)).toBe(400);
  });
});
