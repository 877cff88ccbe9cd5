// Learning with OpenAI switched on: the extractor is called over HTTP (a fake OpenAI on 127.0.0.1), sees only
// masked text, its tokens and cost are recorded, and any failure falls back to the local extractor.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { llmCalls, patterns } from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { recordMessage } from "../conversations/record-message";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../llm/fake-openai-server";
import { defaultSettings } from "../settings/settings";
import { createTestEngine } from "../testing";
import { learnPendingExchanges } from "./learn-exchanges";
import type { ReplyEngine } from "./reply-engine";

const OPENAI_KEY = "sk-test-openai";

describe.each(testDatabaseKinds)("learning with OpenAI on %s", (kind) => {
  let test: TestDatabase;
  let openai: FakeOpenAIServer;
  let engine: ReplyEngine;
  let phone = 9_025_550_400;

  beforeAll(async () => {
    test = await openTestDatabase(kind);
    openai = await startFakeOpenAIServer({ apiKey: OPENAI_KEY });
    engine = createTestEngine(test.database, {
      env: { OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: openai.url },
      // Replies are learned once settled; a clock two minutes ahead settles them.
      now: () => new Date(Date.now() + 120_000),
    });
  });
  afterAll(async () => {
    await openai?.close();
    await test?.drop();
  });
  beforeEach(() => {
    openai.respondWith(() => undefined);
    openai.requests.length = 0;
  });

  async function exchange(question: string, reply: string) {
    phone += 1;
    const at = Date.now();
    const recorded = await test.database.db.transaction(async (tx) => {
      await recordMessage(
        tx,
        {
          direction: "inbound",
          customerPhone: `+1${phone}`,
          body: question,
          sentAt: new Date(at),
          source: "webhook",
        },
        defaultSettings,
      );
      return recordMessage(
        tx,
        {
          direction: "outbound",
          customerPhone: `+1${phone}`,
          body: reply,
          sentAt: new Date(at + 30_000),
          source: "webhook",
        },
        defaultSettings,
      );
    });
    return learnPendingExchanges(engine, { conversationId: recorded.conversation.id });
  }

  it("extracts with OpenAI from masked text and records the call's tokens and cost", async () => {
    const result = await exchange(
      "Hi, it's 902-555-0199, what's the door code for tonight?",
      "The door code is 4821#, enjoy your round!",
    );
    expect(result).toMatchObject({ learned: 1, created: 1 });

    expect(openai.requests).toHaveLength(1);
    const sent = JSON.stringify(openai.requests[0]?.body);
    expect(sent).not.toContain("555-0199");
    expect(sent).not.toContain("4821");
    expect(sent).toContain("{{phone}}");
    expect(openai.requests[0]?.authorization).toBe(`Bearer ${OPENAI_KEY}`);

    const [call] = await test.database.db.select().from(llmCalls);
    expect(call).toMatchObject({ purpose: "extract_pattern", ok: true, error: null });
    expect(call!.promptTokens).toBeGreaterThan(0);
    expect(call!.costUsd).toBeGreaterThan(0);
    const [pattern] = await test.database.db.select().from(patterns);
    expect(pattern?.responseTemplate).toContain("{{code}}");
    expect(pattern?.responseTemplate).not.toContain("4821");
  });

  it("falls back to the local extractor when OpenAI fails, and records the failed call", async () => {
    openai.respondWith(() => ({ status: 500, headers: { "retry-after-ms": "1" } }));
    const before = await test.database.db.select().from(patterns);
    const result = await exchange(
      "Do you sell gift cards?",
      "Yes! Gift cards are at the front desk, any amount from $25.",
    );
    expect(result).toMatchObject({ learned: 1, created: 1 });
    expect(openai.requests.length).toBeGreaterThanOrEqual(1);
    const after = await test.database.db.select().from(patterns);
    expect(after).toHaveLength(before.length + 1);
    const failed = await test.database.db.select().from(llmCalls).where(eq(llmCalls.ok, false));
    expect(failed).toHaveLength(1);
    expect(failed[0]?.error).toMatch(/500/);
  });
});
