// A reply written in the dashboard's composer, through tRPC callers, to a fake OpenPhone on 127.0.0.1: sent once
// however often it is clicked, learned as a reply from OpenPhone is, and never sent where it must not go.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createReplyEngine,
  getSettings,
  recordMessage,
  updateSettings,
  type ReplyEngine,
} from "@playbook/core";
import { startFakeOpenPhoneServer, type FakeOpenPhoneServer } from "@playbook/core/testing";
import {
  customers,
  decisions,
  messages,
  patternExamples,
  webhookEvents,
} from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { contextFor, createTestUser, testEnv, testEnvWith, testLogger } from "../../testing";
import { createCallerFactory } from "../init";
import { appRouter } from "../router";

const createCaller = createCallerFactory(appRouter);
const OPENPHONE_KEY = "op-hand-reply-key";
const BUSINESS = "+19025550000";
const containing = (text: string): string => expect.stringContaining(text) as string;
const ANSWER = "Yes! Gift cards come in $25 and $50 at the front desk.";

describe.each(testDatabaseKinds)("conversations.reply on %s", (kind) => {
  let test: TestDatabase;
  let openPhone: FakeOpenPhoneServer;
  let engine: ReplyEngine;
  let operator: ReturnType<typeof createCaller>;
  let operatorId: string;
  let customerNumber = 200;

  /** A customer's question in a new conversation, with a suggestion waiting for it. */
  async function customerAsks(text: string) {
    const { db } = test.database;
    const phone = `+1902555${String((customerNumber += 1)).padStart(4, "0")}`;
    const settings = await getSettings(db);
    const recorded = await db.transaction((tx) =>
      recordMessage(
        tx,
        {
          direction: "inbound",
          customerPhone: phone,
          body: text,
          sentAt: new Date(Date.now() - 60_000),
          source: "webhook",
          phoneNumberId: BUSINESS,
        },
        settings,
      ),
    );
    const [decision] = await db
      .insert(decisions)
      .values({
        conversationId: recorded.conversation.id,
        messageId: recorded.message.id,
        mode: "suggest",
        proposedReply: "We sell gift cards.",
      })
      .returning();
    return { phone, conversationId: recorded.conversation.id, decisionId: decision!.id };
  }

  const messageRow = async (id: string) =>
    (await test.database.db.select().from(messages).where(eq(messages.id, id)))[0];

  beforeAll(async () => {
    test = await openTestDatabase(kind);
    openPhone = await startFakeOpenPhoneServer({ apiKey: OPENPHONE_KEY });
    engine = createReplyEngine({
      database: test.database,
      env: testEnvWith({ OPENPHONE_API_KEY: OPENPHONE_KEY, OPENPHONE_API_URL: openPhone.url }),
      logger: testLogger,
    });
    const user = await createTestUser(test.database, "operator");
    operatorId = user.id;
    operator = createCaller(await contextFor(test.database, user.id, engine));
    // Learn a reply as soon as it is stored, as the webhook path does with this setting.
    await updateSettings(
      test.database.db,
      { replySettleSeconds: 0 },
      { userId: user.id, ip: null },
    );
  });
  afterAll(async () => {
    await openPhone.close();
    await test.drop();
  });

  it("sends the reply through OpenPhone, withdraws the suggestion, and learns it as a reply from OpenPhone", async () => {
    const asked = await customerAsks("Do you sell gift cards?");
    const result = await operator.conversations.reply({
      conversationId: asked.conversationId,
      requestId: crypto.randomUUID(),
      text: ANSWER,
    });
    expect(result.status).toBe("sent");
    expect(openPhone.sent.at(-1)).toMatchObject({
      content: ANSWER,
      from: BUSINESS,
      to: [asked.phone],
    });

    const stored = await messageRow(result.messageId);
    expect(stored).toMatchObject({
      direction: "outbound",
      source: "dashboard",
      sentByPlaybook: false,
      sentByUserId: operatorId,
      operatorName: "Test operator",
      providerMessageId: openPhone.sent.at(-1)!.id,
      learnState: "learned",
    });
    const exampleId = stored!.learnNote!.replace(/^example:/, "");
    const [example] = await test.database.db
      .select()
      .from(patternExamples)
      .where(eq(patternExamples.id, exampleId));
    expect(example).toBeDefined();
    const [decision] = await test.database.db
      .select()
      .from(decisions)
      .where(eq(decisions.id, asked.decisionId));
    expect(decision!.outcome).toBe("answered");
  });

  it("sends a reply once however often it is submitted", async () => {
    const asked = await customerAsks("Are gift cards available online?");
    const before = openPhone.requestCount();
    const request = {
      conversationId: asked.conversationId,
      requestId: crypto.randomUUID(),
      text: ANSWER,
    };
    const results = await Promise.all([
      operator.conversations.reply(request),
      operator.conversations.reply(request),
      operator.conversations.reply(request),
    ]);
    expect(openPhone.requestCount() - before).toBe(1);
    expect(new Set(results.map((r) => r.messageId))).toEqual(new Set([request.requestId]));
    expect(results.map((r) => r.status).sort()).toEqual(["duplicate", "duplicate", "sent"]);
    const again = await operator.conversations.reply(request);
    expect(again).toMatchObject({ status: "duplicate", messageId: request.requestId });
    expect(openPhone.requestCount() - before).toBe(1);
  });

  it("sends nothing to a customer who opted out, nor a reply with a placeholder left in it", async () => {
    const asked = await customerAsks("gift cards?");
    const before = openPhone.requestCount();
    await expect(
      operator.conversations.reply({
        conversationId: asked.conversationId,
        requestId: crypto.randomUUID(),
        text: "Gift cards are {{price}} each.",
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: containing("{{price}}") });
    await test.database.db
      .update(customers)
      .set({ optedOut: true, optedOutAt: new Date() })
      .where(eq(customers.phone, asked.phone));
    const requestId = crypto.randomUUID();
    await expect(
      operator.conversations.reply({
        conversationId: asked.conversationId,
        requestId,
        text: ANSWER,
      }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: containing("opted out") });
    expect(openPhone.requestCount()).toBe(before);
    expect(await messageRow(requestId)).toBeUndefined();
  });

  it("keeps a failed send visible, unlearned and not an answer, and a new attempt sends it", async () => {
    const asked = await customerAsks("Can I buy a gift card by phone?");
    openPhone.failNext(1, 400);
    const failed = await operator.conversations.reply({
      conversationId: asked.conversationId,
      requestId: crypto.randomUUID(),
      text: ANSWER,
    });
    expect(failed).toMatchObject({ status: "failed", error: containing("HTTP 400") });
    expect(await messageRow(failed.messageId)).toMatchObject({
      providerStatus: "failed",
      learnState: null,
    });
    const [pending] = await test.database.db
      .select()
      .from(decisions)
      .where(eq(decisions.id, asked.decisionId));
    expect(pending!.outcome).toBe("pending");

    const retried = await operator.conversations.reply({
      conversationId: asked.conversationId,
      requestId: crypto.randomUUID(),
      text: ANSWER,
    });
    expect(retried.status).toBe("sent");
  });

  it("says replies cannot be sent when OpenPhone is not configured", async () => {
    const asked = await customerAsks("gift card balance?");
    const unconfigured = createCaller(
      await contextFor(
        test.database,
        operatorId,
        createReplyEngine({
          database: test.database,
          env: testEnv,
          logger: testLogger,
        }),
      ),
    );
    await expect(
      unconfigured.conversations.reply({
        conversationId: asked.conversationId,
        requestId: crypto.randomUUID(),
        text: ANSWER,
      }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: containing("OPENPHONE_API_KEY"),
    });
    await expect(unconfigured.conversations.sendStatus()).resolves.toMatchObject({
      configured: false,
    });
    await expect(unconfigured.system.openPhoneConnection()).resolves.toMatchObject({
      apiKeySet: false,
      webhookSecretSet: false,
    });
  });

  it("reports sending as broken after three failures in a row, and as working again after a success", async () => {
    const asked = await customerAsks("do gift cards expire?");
    const send = () =>
      operator.conversations.reply({
        conversationId: asked.conversationId,
        requestId: crypto.randomUUID(),
        text: ANSWER,
      });
    openPhone.failNext(3, 400);
    for (let i = 0; i < 3; i += 1) expect((await send()).status).toBe("failed");
    await expect(operator.conversations.sendStatus()).resolves.toMatchObject({
      configured: true,
      failing: true,
      failedInARow: 3,
    });
    await expect(operator.system.openPhoneConnection()).resolves.toMatchObject({
      apiKeySet: true,
      lastSend: { ok: false },
    });
    expect((await send()).status).toBe("sent");
    await expect(operator.conversations.sendStatus()).resolves.toMatchObject({
      failing: false,
      failedInARow: 0,
    });
    const connection = await operator.system.openPhoneConnection();
    expect(connection).toMatchObject({ apiKeySet: true, lastSend: { ok: true, error: null } });
    expect(connection.lastWebhookAt).toBeNull();
    const [delivery] = await test.database.db
      .insert(webhookEvents)
      .values({
        provider: "openphone",
        eventId: "evt-connection",
        eventType: "message.received",
        signatureScheme: "openphone",
        rawBody: "{}",
      })
      .returning();
    await expect(operator.system.openPhoneConnection()).resolves.toMatchObject({
      lastWebhookAt: delivery!.receivedAt,
    });
    // What the dashboard shows is the state, never a secret.
    expect(JSON.stringify(connection)).not.toContain(OPENPHONE_KEY);
  });
});
