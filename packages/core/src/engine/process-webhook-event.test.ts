// Crash recovery of stored webhook events: a sweep processes what nobody processed, exactly once, and a failing
// event is counted, backed off and left for later instead of being lost or retried at once.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { customers, decisions, messages, webhookEvents } from "@playbook/db/schema";
import { testDatabaseKinds } from "@playbook/db/testing";
import {
  MINUTE,
  countRows,
  createClock,
  createKitEngine,
  loadWebhookEvent,
  nextCustomerPhone,
  openEngineTestbed,
  resetEngineData,
  storeMessageEvent,
  type EngineTestbed,
  textMatching,
} from "./engine-test-kit";
import { processPendingWebhookEvents } from "./decide-in-order";
import { processWebhookEvent } from "./process-webhook-event";
import type { ReplyEngine } from "./reply-engine";

describe.each(testDatabaseKinds)("processing stored webhook events on %s", (kind) => {
  let testbed: EngineTestbed;
  let engine: ReplyEngine;
  const clock = createClock();

  beforeAll(async () => {
    testbed = await openEngineTestbed(kind);
  });
  afterAll(() => testbed.test.drop());
  beforeEach(async () => {
    await resetEngineData(testbed.db);
    clock.set(new Date());
    engine = createKitEngine(testbed, clock);
  });

  it("processes an event stored without a processor on the next sweep, and only once", async () => {
    const customer = nextCustomerPhone();
    const { stored, messageId } = await storeMessageEvent(engine, {
      direction: "inbound",
      customer,
      text: "Do you sell gift cards?",
      at: new Date(clock.now.getTime() - MINUTE),
    });
    expect(stored.storedId).toEqual(expect.any(String));
    // Stored and acknowledged, then the process died: nothing was recorded yet.
    expect(await countRows(testbed.db, messages)).toBe(0);

    expect(await processPendingWebhookEvents(engine)).toEqual({ processed: 1, failed: 0 });
    const event = await loadWebhookEvent(testbed.db, stored.storedId!);
    expect(event).toMatchObject({ status: "processed", attempts: 1, lastError: null });
    expect(event.processedAt).toBeInstanceOf(Date);

    expect(await processPendingWebhookEvents(engine)).toEqual({ processed: 0, failed: 0 });
    expect(await processWebhookEvent(engine, stored.storedId!)).toEqual({ status: "skipped" });

    const recorded = await testbed.db
      .select()
      .from(messages)
      .where(eq(messages.providerMessageId, messageId));
    expect(recorded).toHaveLength(1);
    expect(await countRows(testbed.db, decisions)).toBe(1);
    const [decision] = await testbed.db.select().from(decisions);
    expect(decision?.messageId).toBe(recorded[0]!.id);
  });

  it("processes each event once when two sweeps run at the same time", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const { stored } = await storeMessageEvent(engine, {
        direction: "inbound",
        customer: nextCustomerPhone(),
        text: `Question number ${i} about your prices`,
        at: new Date(clock.now.getTime() - MINUTE + i),
      });
      ids.push(stored.storedId!);
    }
    const [a, b] = await Promise.all([
      processPendingWebhookEvents(engine),
      processPendingWebhookEvents(engine),
    ]);
    expect(a.failed + b.failed).toBe(0);
    expect(a.processed + b.processed).toBe(6);
    expect(await countRows(testbed.db, messages)).toBe(6);
    expect(await countRows(testbed.db, decisions)).toBe(6);
    const statuses = await testbed.db.select({ status: webhookEvents.status }).from(webhookEvents);
    expect(statuses.every((row) => row.status === "processed")).toBe(true);
  });

  // A body that parses but that the database refuses: a message dated in year 0, which PostgreSQL has not.
  const storeUnstorableEvent = async () => {
    const { stored } = await storeMessageEvent(engine, {
      direction: "inbound",
      customer: nextCustomerPhone(),
      text: "When do you close tonight?",
      at: new Date("0000-01-01T00:00:00.000Z"),
    });
    expect(stored.status).toBe(200);
    return stored.storedId!;
  };

  const lockedForSeconds = async (id: string) => {
    const [row] = await testbed.db
      .select({
        seconds: sql<number>`extract(epoch from ${webhookEvents.lockedUntil} - now())::float8`,
      })
      .from(webhookEvents)
      .where(eq(webhookEvents.id, id));
    return Number(row?.seconds);
  };

  it("counts a failed attempt, records the error, backs off and does not retry before then", async () => {
    const id = await storeUnstorableEvent();

    const first = await processWebhookEvent(engine, id);
    expect(first).toMatchObject({ status: "failed", error: textMatching(/\S/) });
    const failed = await loadWebhookEvent(testbed.db, id);
    expect(failed).toMatchObject({ status: "pending", attempts: 1, processedAt: null });
    expect(failed.lastError).toEqual(expect.stringMatching(/\S/));
    // 2^1 seconds of back-off.
    const wait = await lockedForSeconds(id);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(2);
    // The failed transaction left nothing behind.
    expect(await countRows(testbed.db, messages)).toBe(0);
    expect(await countRows(testbed.db, customers)).toBe(0);

    // Backed off: neither a sweep nor a direct call touches it yet.
    expect(await processPendingWebhookEvents(engine)).toEqual({ processed: 0, failed: 0 });
    expect(await processWebhookEvent(engine, id)).toEqual({ status: "skipped" });
    expect((await loadWebhookEvent(testbed.db, id)).attempts).toBe(1);

    // Once the back-off is over the sweep tries again, counts it, and backs off longer (2^2 s).
    await testbed.db
      .update(webhookEvents)
      .set({ lockedUntil: sql`now() - interval '1 second'` })
      .where(eq(webhookEvents.id, id));
    expect(await processPendingWebhookEvents(engine)).toEqual({ processed: 0, failed: 1 });
    expect(await loadWebhookEvent(testbed.db, id)).toMatchObject({
      status: "pending",
      attempts: 2,
    });
    const longer = await lockedForSeconds(id);
    expect(longer).toBeGreaterThan(2);
    expect(longer).toBeLessThanOrEqual(4);
  });

  it("marks an event failed after its last allowed attempt, keeping it for the record", async () => {
    const id = await storeUnstorableEvent();
    // Seven attempts already failed.
    await testbed.db.update(webhookEvents).set({ attempts: 7 }).where(eq(webhookEvents.id, id));
    expect((await processWebhookEvent(engine, id)).status).toBe("failed");
    const row = await loadWebhookEvent(testbed.db, id);
    expect(row).toMatchObject({ status: "failed", attempts: 8, lockedUntil: null });
    expect(row.processedAt).toBeInstanceOf(Date);
    expect(row.lastError).toEqual(expect.stringMatching(/\S/));
    expect(await processPendingWebhookEvents(engine)).toEqual({ processed: 0, failed: 0 });
  });

  it("processes a message carrying a NUL character, without the character, and the events behind it", async () => {
    // JSON may carry U+0000; PostgreSQL text cannot. The parser drops it, so the event is not stuck forever.
    const { stored: poisoned } = await storeMessageEvent(engine, {
      direction: "inbound",
      customer: nextCustomerPhone(),
      // JSON.stringify writes it as the escape \u0000, which the signature and the webhook_events row accept.
      text: "bad \u0000 byte",
      at: new Date(clock.now.getTime() - 2 * MINUTE),
    });
    expect(poisoned.status).toBe(200);
    const behind = await storeMessageEvent(engine, {
      direction: "inbound",
      customer: nextCustomerPhone(),
      text: "Are you open on holidays?",
      at: new Date(clock.now.getTime() - MINUTE),
    });

    const sweep = await processPendingWebhookEvents(engine).catch((error: unknown) => error);
    expect(sweep).toEqual({ processed: 2, failed: 0 });
    expect((await loadWebhookEvent(testbed.db, poisoned.storedId!)).status).toBe("processed");
    expect((await loadWebhookEvent(testbed.db, behind.stored.storedId!)).status).toBe("processed");
    const bodies = (await testbed.db.select({ body: messages.body }).from(messages)).map(
      (m) => m.body,
    );
    expect(bodies).toContain("bad  byte");
  });

  it("marks a stored event that no longer parses as ignored, with the reason", async () => {
    const { stored } = await storeMessageEvent(engine, {
      direction: "inbound",
      customer: nextCustomerPhone(),
      text: "Hello there",
      at: new Date(clock.now.getTime() - MINUTE),
    });
    // A row whose body went bad after it was stored (a manual edit, a parser change).
    await testbed.db
      .update(webhookEvents)
      .set({ rawBody: "{}" })
      .where(eq(webhookEvents.id, stored.storedId!));
    expect(await processWebhookEvent(engine, stored.storedId!)).toEqual({ status: "ignored" });
    const row = await loadWebhookEvent(testbed.db, stored.storedId!);
    expect(row.status).toBe("ignored");
    expect(row.lastError).toMatch(/missing/);
    expect(await countRows(testbed.db, messages)).toBe(0);
  });

  it("stores a text longer than 1,600 characters cut to that length and flagged, and still decides it", async () => {
    const { stored, messageId } = await storeMessageEvent(engine, {
      direction: "inbound",
      customer: nextCustomerPhone(),
      text: "Do you sell gift cards? " + "x".repeat(5_000),
      at: new Date(clock.now.getTime() - MINUTE),
    });
    expect(stored.status).toBe(200);
    expect(await processPendingWebhookEvents(engine)).toEqual({ processed: 1, failed: 0 });
    const [message] = await testbed.db
      .select()
      .from(messages)
      .where(eq(messages.providerMessageId, messageId));
    expect(message?.body).toHaveLength(1_600);
    expect(message?.body.startsWith("Do you sell gift cards? xxx")).toBe(true);
    expect(message?.bodyTruncated).toBe(true);
    expect(await countRows(testbed.db, decisions)).toBe(1);
  });
});
