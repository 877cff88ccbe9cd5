// The work queue through tRPC callers: which conversations need a person and why, in what order, searched,
// filtered and counted, on every database the tests run on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { approvalQueue, conversations, customers, decisions, messages } from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { contextFor, createTestUser } from "../../testing";
import { createCallerFactory } from "../init";
import { appRouter } from "../router";

const createCaller = createCallerFactory(appRouter);
const MINUTE = 60_000;
const now = Date.now();
const ago = (minutes: number) => new Date(now - minutes * MINUTE);

type Line = { from: "customer" | "operator"; text: string; minutesAgo: number; failed?: boolean };

describe.each(testDatabaseKinds)("conversations.workQueue on %s", (kind) => {
  let test: TestDatabase;
  let viewer: ReturnType<typeof createCaller>;
  const ids: Record<string, string> = {};

  /** One customer with one conversation of the given lines; returns the conversation and message ids. */
  async function conversation(
    key: string,
    opts: {
      phone: string;
      name?: string;
      status?: "open" | "closed";
      escalatedMinutesAgo?: number;
    },
    lines: Line[],
  ) {
    const { db } = test.database;
    const [customer] = await db
      .insert(customers)
      .values({ phone: opts.phone, name: opts.name ?? null })
      .returning();
    const times = lines.map((l) => l.minutesAgo);
    const closed = opts.status === "closed";
    const [row] = await db
      .insert(conversations)
      .values({
        customerId: customer!.id,
        startedAt: ago(Math.max(...times)),
        lastMessageAt: ago(Math.min(...times)),
        status: closed ? "closed" : "open",
        endedAt: closed ? ago(Math.min(...times)) : null,
        endReason: closed ? "idle_timeout" : null,
        escalatedAt: opts.escalatedMinutesAgo === undefined ? null : ago(opts.escalatedMinutesAgo),
      })
      .returning();
    ids[key] = row!.id;
    const stored = await db
      .insert(messages)
      .values(
        lines.map((line) => ({
          conversationId: row!.id,
          customerId: customer!.id,
          direction: line.from === "customer" ? ("inbound" as const) : ("outbound" as const),
          body: line.text,
          source: "webhook" as const,
          providerStatus: line.failed ? "failed" : null,
          sentAt: ago(line.minutesAgo),
        })),
      )
      .returning();
    return { conversationId: row!.id, messageIds: stored.map((m) => m.id) };
  }

  async function decide(
    at: { conversationId: string; messageId: string },
    mode: "suggest" | "queue" | "none" | "auto",
    outcome: "pending" | "send_failed" | "sent" | "none",
    queueExpiresInMinutes?: number,
  ) {
    const { db } = test.database;
    const [decision] = await db
      .insert(decisions)
      .values({
        conversationId: at.conversationId,
        messageId: at.messageId,
        mode,
        outcome,
        proposedReply: mode === "none" ? null : "We open at 9.",
      })
      .returning();
    if (queueExpiresInMinutes !== undefined) {
      await db.insert(approvalQueue).values({
        decisionId: decision!.id,
        conversationId: at.conversationId,
        messageId: at.messageId,
        proposedReply: "We open at 9.",
        createdAt: ago(100),
        expiresAt: new Date(now + queueExpiresInMinutes * MINUTE),
      });
    }
  }

  beforeAll(async () => {
    test = await openTestDatabase(kind);
    const user = await createTestUser(test.database, "viewer");
    viewer = createCaller(await contextFor(test.database, user.id));

    // Escalated a minute ago and not answered since: first, though it waited least.
    await conversation("escalated", { phone: "+19025551001", escalatedMinutesAgo: 1 }, [
      { from: "customer", text: "I need a person NOW", minutesAgo: 1 },
    ]);
    // Escalated, then answered: nothing left to do.
    await conversation("answeredEscalation", { phone: "+19025551002", escalatedMinutesAgo: 50 }, [
      { from: "customer", text: "this is urgent", minutesAgo: 50 },
      { from: "operator", text: "On it", minutesAgo: 45 },
    ]);
    const suggested = await conversation(
      "suggestion",
      { phone: "+19025551003", name: "Dana Whitlock" },
      [{ from: "customer", text: "When do you open on Sunday?", minutesAgo: 30 }],
    );
    await decide(
      { conversationId: suggested.conversationId, messageId: suggested.messageIds[0]! },
      "suggest",
      "pending",
    );
    const queued = await conversation("queue", { phone: "+19025551004", status: "closed" }, [
      { from: "customer", text: "Is bay 3 free tonight?", minutesAgo: 40 },
    ]);
    await decide(
      { conversationId: queued.conversationId, messageId: queued.messageIds[0]! },
      "queue",
      "pending",
      60,
    );
    const expired = await conversation(
      "expiredQueue",
      { phone: "+19025551005", status: "closed" },
      [{ from: "customer", text: "Gift cards?", minutesAgo: 200 }],
    );
    await decide(
      { conversationId: expired.conversationId, messageId: expired.messageIds[0]! },
      "queue",
      "pending",
      -5,
    );
    const failed = await conversation("failed", { phone: "+19025551006" }, [
      { from: "customer", text: "What is the door code?", minutesAgo: 20 },
      { from: "operator", text: "The code is 4411", minutesAgo: 19, failed: true },
    ]);
    await decide(
      { conversationId: failed.conversationId, messageId: failed.messageIds[0]! },
      "auto",
      "send_failed",
    );
    const unmatched = await conversation("noMatch", { phone: "+19025551007" }, [
      { from: "customer", text: "hello?", minutesAgo: 90 },
      { from: "operator", text: "Hi! How can I help?", minutesAgo: 80 },
      { from: "customer", text: "Do you sell left-handed clubs?", minutesAgo: 10 },
      { from: "customer", text: "or rent them", minutesAgo: 9 },
    ]);
    await decide(
      { conversationId: unmatched.conversationId, messageId: unmatched.messageIds[2]! },
      "none",
      "none",
    );
    await conversation("answered", { phone: "+19025551008" }, [
      { from: "customer", text: "thanks", minutesAgo: 5 },
      { from: "operator", text: "Anytime!", minutesAgo: 4 },
    ]);
    // Answered, but the answer never went out: still waiting.
    await conversation("failedHandReply", { phone: "+19025551010" }, [
      { from: "customer", text: "Can I bring my own clubs?", minutesAgo: 8 },
      { from: "operator", text: "Of course!", minutesAgo: 7, failed: true },
    ]);
    await conversation("closedUnanswered", { phone: "+19025551009", status: "closed" }, [
      { from: "customer", text: "ok bye", minutesAgo: 500 },
    ]);
  });
  afterAll(() => test.drop());

  const keyOf = (conversationId: string) =>
    Object.entries(ids).find(([, id]) => id === conversationId)?.[0];

  it("lists every conversation that needs a person, escalations first, then the longest waiting", async () => {
    const { items } = await viewer.conversations.workQueue({});
    expect(items.map((item) => [keyOf(item.conversationId), item.reason])).toEqual([
      ["escalated", "escalation"],
      ["queue", "queue"],
      ["suggestion", "suggestion"],
      ["failed", "failed"],
      ["noMatch", "no_match"],
      ["failedHandReply", "no_match"],
    ]);
    const noMatch = items.find((item) => item.reason === "no_match")!;
    // Waiting since the first message after the last answer, with the last message as the preview.
    expect(noMatch.waitingSince.getTime()).toBe(ago(10).getTime());
    expect(noMatch.lastMessage).toMatchObject({ direction: "inbound", body: "or rent them" });
    const suggestion = items.find((item) => item.reason === "suggestion")!;
    expect(suggestion.customer).toMatchObject({ name: "Dana Whitlock", phone: "+19025551003" });
    expect(suggestion.pending).toEqual({ suggestions: 1, queued: 0, failed: 0 });
  });

  it("counts them per reason", async () => {
    await expect(viewer.conversations.workQueueCounts()).resolves.toEqual({
      escalation: 1,
      failed: 1,
      queue: 1,
      suggestion: 1,
      no_match: 2,
      total: 6,
    });
  });

  it("filters by reason and searches by phone, name or message text", async () => {
    const keys = async (input: Parameters<typeof viewer.conversations.workQueue>[0]) =>
      (await viewer.conversations.workQueue(input)).items.map((item) => keyOf(item.conversationId));
    await expect(keys({ reason: "failed" })).resolves.toEqual(["failed"]);
    await expect(keys({ q: "(902) 555-1006" })).resolves.toEqual(["failed"]);
    await expect(keys({ q: "1003" })).resolves.toEqual(["suggestion"]);
    await expect(keys({ q: "whitlock" })).resolves.toEqual(["suggestion"]);
    await expect(keys({ q: "left-handed" })).resolves.toEqual(["noMatch"]);
    // An earlier message of the conversation is searched too, and LIKE wildcards are taken literally.
    await expect(keys({ q: "How can I help" })).resolves.toEqual(["noMatch"]);
    await expect(keys({ q: "%" })).resolves.toEqual([]);
    await expect(keys({ reason: "queue", q: "whitlock" })).resolves.toEqual([]);
  });

  // Last: it changes the data. The queue reads a state the database keeps per conversation; it must follow
  // updates and deletes, not only inserts.
  it("follows a reply whose send failed later, a settled suggestion and a deleted conversation", async () => {
    const { db } = test.database;
    const reasons = async () => {
      const { items } = await viewer.conversations.workQueue({});
      return Object.fromEntries(
        items.map((item): [string, string] => [keyOf(item.conversationId) ?? "?", item.reason]),
      );
    };
    await db
      .update(messages)
      .set({ providerStatus: "failed" })
      .where(eq(messages.body, "Anytime!"));
    await db
      .update(decisions)
      .set({ outcome: "approved", outcomeAt: new Date() })
      .where(eq(decisions.conversationId, ids.suggestion!));
    await db.delete(conversations).where(eq(conversations.id, ids.escalated!));
    const now = await reasons();
    expect(now.answered).toBe("no_match");
    // Settled, but nobody has written to the customer yet: still waiting, now for a person.
    expect(now.suggestion).toBe("no_match");
    expect(now.escalated).toBeUndefined();
    await expect(viewer.conversations.workQueueCounts()).resolves.toMatchObject({
      escalation: 0,
      suggestion: 0,
      no_match: 4,
    });
  });

  it("refuses a search longer than 100 characters", async () => {
    await expect(viewer.conversations.workQueue({ q: "x".repeat(101) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});
