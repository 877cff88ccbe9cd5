// The API's background processing of stored events: it decides them, waits while deliveries are being
// acknowledged, and leaves what it cannot hold in memory pending for the sweep, never lost.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decisions, webhookEvents } from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { buildMessageEvent } from "../openphone/fixtures";
import { createTestEngine } from "../testing";
import { processPendingWebhookEvents } from "./decide-in-order";
import type { ReplyEngine } from "./reply-engine";
import { WebhookProcessor } from "./webhook-processor";

describe.each(testDatabaseKinds)("WebhookProcessor on %s", (kind) => {
  let test: TestDatabase;
  let engine: ReplyEngine;
  let sequence = 0;

  beforeAll(async () => {
    test = await openTestDatabase(kind);
    engine = createTestEngine(test.database);
  });
  afterAll(() => test.drop());

  /** Stores an inbound message event as the webhook would, and returns its row id. */
  async function storeEvent(): Promise<string> {
    sequence += 1;
    const body = buildMessageEvent({
      shape: "legacy",
      direction: "inbound",
      from: `+1902555${String(7000 + sequence)}`,
      to: "+19025550000",
      text: "Are you open late tonight?",
    });
    const [row] = await test.database.db
      .insert(webhookEvents)
      .values({
        provider: "openphone",
        eventId: String(body.id),
        eventType: "message.received",
        signatureScheme: "legacy",
        rawBody: JSON.stringify(body),
      })
      .returning({ id: webhookEvents.id });
    return row!.id;
  }

  const statusOf = async (id: string) =>
    (await test.database.db.select().from(webhookEvents).where(eq(webhookEvents.id, id)))[0]!
      .status;

  it("decides queued events and reports idle when done", async () => {
    const processor = new WebhookProcessor(engine, { concurrency: 2 });
    const ids = [await storeEvent(), await storeEvent(), await storeEvent()];
    for (const id of ids) processor.enqueue(id);
    await processor.idle();
    for (const id of ids) expect(await statusOf(id)).toBe("processed");
    const decided = await test.database.db.select().from(decisions);
    expect(decided.length).toBeGreaterThanOrEqual(3);
    await processor.stop();
  });

  it("waits while many deliveries are being acknowledged, then catches up", async () => {
    const processor = new WebhookProcessor(engine);
    const leaves = Array.from({ length: 10 }, () => engine.load.enter());
    expect(engine.load.busy()).toBe(true);
    const id = await storeEvent();
    processor.enqueue(id);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await statusOf(id)).toBe("pending");
    for (const leave of leaves) leave();
    await processor.idle();
    expect(await statusOf(id)).toBe("processed");
    await processor.stop();
  });

  it("leaves events beyond its memory to the sweep, which processes them", async () => {
    const processor = new WebhookProcessor(engine, { maxQueued: 1 });
    // Hold the processor back so the queue fills.
    const leaves = Array.from({ length: 10 }, () => engine.load.enter());
    const kept = await storeEvent();
    const overflow = await storeEvent();
    processor.enqueue(kept);
    processor.enqueue(overflow);
    expect(processor.queued).toBe(1);
    await processor.stop();
    for (const leave of leaves) leave();
    expect(await statusOf(overflow)).toBe("pending");
    await processPendingWebhookEvents(engine);
    expect(await statusOf(overflow)).toBe("processed");
    expect(await statusOf(kept)).toBe("processed");
  });
});
