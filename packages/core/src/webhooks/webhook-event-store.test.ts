// Batched storing of webhook events: many concurrent deliveries share inserts, each is stored exactly once,
// a redelivery in the same batch is recognised, and a failed insert fails every delivery in it (so each gets 503).
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookEvents } from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { BatchingEventStore, directEventStore, type NewWebhookEvent } from "./webhook-event-store";

const event = (eventId: string): NewWebhookEvent => ({
  provider: "openphone",
  eventId,
  eventType: "message.received",
  signatureScheme: "legacy",
  rawBody: JSON.stringify({ id: eventId }),
});

describe.each(testDatabaseKinds)("webhook event stores on %s", (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase(kind);
  });
  afterAll(() => test.drop());

  const stored = async () =>
    (await test.database.db.select({ n: count() }).from(webhookEvents))[0]!.n;

  it("stores concurrent deliveries in fewer inserts, each once, and spots duplicates within a batch", async () => {
    const before = await stored();
    const store = new BatchingEventStore(test.database.db, { maxInFlight: 1, maxBatch: 50 });
    const ids = Array.from({ length: 120 }, (_, i) => `EVbatch${i}`);
    // Every event twice, interleaved: the second of each pair is a redelivery.
    const results = await Promise.all(
      ids.flatMap((id) => [store.store(event(id)), store.store(event(id))]),
    );
    const fresh = results.filter((r) => r !== null);
    expect(fresh).toHaveLength(120);
    expect(new Set(fresh.map((r) => r.id)).size).toBe(120);
    expect(results.filter((r) => r === null)).toHaveLength(120);
    expect(await stored()).toBe(before + 120);
    // Delivered again later: a duplicate, not a second row.
    expect(await store.store(event("EVbatch7"))).toBeNull();
    expect(await directEventStore(test.database.db).store(event("EVbatch8"))).toBeNull();
    expect(await stored()).toBe(before + 120);
  });

  it("fails every delivery of a batch whose insert fails, and stores nothing of it", async () => {
    // A migrated in-memory PGlite, closed.
    const dead = await openTestDatabase("pglite");
    await dead.drop();
    const gone = dead.database;
    const store = new BatchingEventStore(gone.db);
    const outcomes = await Promise.allSettled([
      store.store(event("EVlost1")),
      store.store(event("EVlost2")),
      store.store(event("EVlost3")),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "rejected"]);
  });
});
