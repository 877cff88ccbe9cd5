// The live stream on each database: a write committed by another connection (another process, on the server)
// reaches a signed-in dashboard's SSE stream; nothing uncommitted or imported does; keepalives flow; and the
// stream is for signed-in users only, ending when the session does. And an escalation committed elsewhere makes
// the API post one Slack alert (a fake on 127.0.0.1) at once, without waiting for the worker.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession, revokeSession, SESSION_COOKIE, type InboxEvent } from "@playbook/core";
import { createDb, type Database } from "@playbook/db";
import { startFakeSlackServer, type FakeSlackServer } from "@playbook/core/testing";
import { config, conversations, customers, messages, sessions } from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { eq, sql } from "drizzle-orm";
import { startApi, type RunningApi } from "../server";
import { createTestUser, testEnv, testLogger } from "../testing";
import { LiveHub } from "./live-hub";

const KEEPALIVE_MS = 300;
const MAX_STREAMS = 2;

type Frame = { event?: string; data?: string; comment?: string };

/** Reads an SSE response frame by frame. */
function readFrames(response: Response) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const frames: Frame[] = [];
  let done = false;
  const pump = (async () => {
    for (;;) {
      const { value, done: finished } = await reader.read();
      if (finished) break;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const frame: Frame = {};
        for (const line of buffer.slice(0, end).split("\n")) {
          if (line.startsWith(":")) frame.comment = line.slice(1).trim();
          else if (line.startsWith("event: ")) frame.event = line.slice(7);
          else if (line.startsWith("data: ")) frame.data = line.slice(6);
        }
        frames.push(frame);
        buffer = buffer.slice(end + 2);
      }
    }
  })()
    .catch(() => undefined)
    .finally(() => (done = true));
  return {
    frames,
    ended: () => done,
    /** The inbox events received so far, in order. */
    events: (): InboxEvent[] =>
      frames.filter((f) => f.event === "inbox").flatMap((f) => JSON.parse(f.data!) as InboxEvent[]),
    async close() {
      await reader.cancel().catch(() => undefined);
      await pump;
    },
  };
}

describe.each(testDatabaseKinds)("the live stream on %s", (kind) => {
  let test: TestDatabase;
  /** The writer: another process's connection on the server; the same single process on PGlite. */
  let writer: Database;
  let api: RunningApi;
  let cookie: string;
  let slack: FakeSlackServer;

  beforeAll(async () => {
    slack = await startFakeSlackServer();
    test = await openTestDatabase(kind);
    writer =
      kind === "postgres" ? await createDb({ databaseUrl: test.url, poolSize: 2 }) : test.database;
    const live = new LiveHub(test.database, testLogger, KEEPALIVE_MS, MAX_STREAMS);
    api = await startApi({
      database: test.database,
      env: { ...testEnv, HOST: "127.0.0.1", PORT: 0, SLACK_WEBHOOK_URL: slack.url },
      logger: testLogger,
      live,
    });
    const viewer = await createTestUser(test.database, "viewer");
    cookie = await sessionCookie(viewer.id);
  });
  afterAll(async () => {
    await api?.close();
    if (writer && writer !== test.database) await writer.close();
    await test?.drop();
    await slack?.close();
  });

  async function sessionCookie(userId: string) {
    const { token } = await createSession(test.database.db, {
      userId,
      ip: null,
      userAgent: null,
      ttlHours: 1,
    });
    return `${SESSION_COOKIE}=${token}`;
  }

  async function openStream(headers: Record<string, string> = { cookie }) {
    const response = await fetch(`${api.url}/events`, { headers });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const stream = readFrames(response);
    await expect.poll(() => stream.frames.some((f) => f.event === "ready")).toBe(true);
    return stream;
  }

  async function writeMessage(source: "webhook" | "import" = "webhook", quiet = false) {
    return writer.db.transaction(async (tx) => {
      // What the history import does for its batches (packages/core/src/history/import-writer.ts).
      if (quiet) await tx.execute(sql`select set_config('playbook.live_events', 'off', true)`);
      const [customer] = await tx
        .insert(customers)
        .values({ phone: `+1902${String(Math.random()).slice(2, 9)}` })
        .returning();
      const now = new Date();
      const [conversation] = await tx
        .insert(conversations)
        .values({ customerId: customer!.id, startedAt: now, lastMessageAt: now })
        .returning();
      const [message] = await tx
        .insert(messages)
        .values({
          conversationId: conversation!.id,
          customerId: customer!.id,
          direction: "inbound",
          body: "A customer's words never travel in an event",
          source,
          sentAt: now,
        })
        .returning();
      return { conversationId: conversation!.id, messageId: message!.id };
    });
  }

  it("delivers a message committed by another connection within a second, without its text", async () => {
    const stream = await openStream();
    try {
      const started = performance.now();
      const { conversationId, messageId } = await writeMessage();
      await expect
        .poll(() => stream.events().find((e) => e.kind === "message"), {
          timeout: 1_000,
          interval: 10,
        })
        .toEqual({ kind: "message", conversationId, messageId });
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(stream.frames.map((f) => f.data ?? "").join("")).not.toContain("customer's words");
    } finally {
      await stream.close();
    }
  });

  it("sends nothing for a rolled-back write, imported history or a quiet transaction; keeps the stream alive", async () => {
    const stream = await openStream();
    try {
      await expect(
        writer.db.transaction(async (tx) => {
          await tx.insert(config).values({ key: `rolled-back-${randomUUID()}`, value: 1 });
          throw new Error("roll back");
        }),
      ).rejects.toThrow("roll back");
      await writeMessage("import");
      await writeMessage("webhook", true);
      // A committed change after them: once it arrives, anything sent before it would have arrived too.
      await writer.db.insert(config).values({ key: `marker-${randomUUID()}`, value: 1 });
      await expect.poll(() => stream.events().length, { timeout: 1_000 }).toBeGreaterThan(0);
      expect(stream.events()).toEqual([{ kind: "settings" }]);
      await expect
        .poll(() => stream.frames.some((f) => f.comment === "keepalive"), { timeout: 2_000 })
        .toBe(true);
    } finally {
      await stream.close();
    }
  });

  it("refuses a visitor without a session, or with an unknown one", async () => {
    const visitors: Record<string, string>[] = [{}, { cookie: `${SESSION_COOKIE}=not-a-session` }];
    for (const headers of visitors) {
      const response = await fetch(`${api.url}/events`, { headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: "Sign in to listen" });
    }
  });

  it("ends the stream at the next keepalive once the session is revoked", async () => {
    const operator = await createTestUser(
      test.database,
      "operator",
      `op-${randomUUID()}@example.com`,
    );
    const ownCookie = await sessionCookie(operator.id);
    const stream = await openStream({ cookie: ownCookie });
    const [session] = await test.database.db
      .select({ id: sessions.id })
      .from(sessions)
      .where(eq(sessions.userId, operator.id));
    await revokeSession(test.database.db, session!.id);
    await expect.poll(() => stream.ended(), { timeout: 3 * KEEPALIVE_MS + 1_000 }).toBe(true);
    await stream.close();
  });

  it("refuses a stream beyond the process's limit, so browsers poll instead", async () => {
    const streams = [await openStream(), await openStream()];
    try {
      const response = await fetch(`${api.url}/events`, { headers: { cookie } });
      expect(response.status).toBe(503);
    } finally {
      for (const stream of streams) await stream.close();
    }
  });

  it("posts one Slack alert as soon as another process commits an escalation", async () => {
    const { conversationId } = await writeMessage();
    await writer.db
      .update(conversations)
      .set({ escalatedAt: new Date() })
      .where(eq(conversations.id, conversationId));
    await expect.poll(() => slack.posts.length, { timeout: 2_000, interval: 20 }).toBe(1);
    expect(slack.posts[0]).toContain(`/inbox/${conversationId}|Open in Playbook>`);
    // A later change that makes the API look again posts nothing more.
    await writer.db.insert(config).values({ key: `marker-${randomUUID()}`, value: 1 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(slack.posts).toHaveLength(1);
  });
});
