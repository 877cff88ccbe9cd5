// The webhook's promise to OpenPhone, through the running API: a 200 only once the delivery's row is committed,
// concurrent deliveries stored once each (redeliveries too, also within one batched insert), and a batch whose
// insert fails answers every delivery in it with an error, never a 200, storing none of it.
import { randomBytes } from "node:crypto";
import http from "node:http";
import { inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BatchingEventStore,
  createReplyEngine,
  loadEnv,
  signOpenPhoneWebhook,
  WebhookProcessor,
} from "@playbook/core";
import { buildMessageEvent } from "@playbook/core/testing";
import { webhookEvents } from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { startApi, type RunningApi } from "./server";
import { testLogger } from "./testing";

const secret = randomBytes(32).toString("base64");
const BODY_LIMIT = 8192;

describe.each(testDatabaseKinds)("webhook durability through the running API on %s", (kind) => {
  let test: TestDatabase;
  let api: RunningApi;
  // One insert at a time, so deliveries that arrive while one runs all go into the next: batches are known.
  let store: BatchingEventStore;

  beforeAll(async () => {
    test = await openTestDatabase(kind);
    const env = loadEnv({
      NODE_ENV: "test",
      LOG_LEVEL: "silent",
      HOST: "127.0.0.1",
      PORT: "0",
      OPENPHONE_WEBHOOK_SECRET: secret,
      PLAYBOOK_BODY_LIMIT_BYTES: String(BODY_LIMIT),
    });
    const engine = createReplyEngine({ database: test.database, env, logger: testLogger });
    // Storing is what is tested: nothing is decided in the background.
    const processor = new WebhookProcessor(engine);
    await processor.stop();
    store = new BatchingEventStore(test.database.db, { maxInFlight: 1 });
    api = await startApi({
      database: test.database,
      env,
      logger: testLogger,
      engine,
      processor,
      eventStore: store,
    });
  });
  afterAll(async () => {
    await api?.close();
    await test?.drop();
  });

  let sequence = 0;
  function delivery(eventId: string) {
    sequence += 1;
    const rawBody = JSON.stringify(
      buildMessageEvent({
        shape: sequence % 2 === 0 ? "legacy" : "current",
        direction: "inbound",
        from: `+1902555${String(1000 + (sequence % 50)).padStart(4, "0")}`,
        to: "+19025550000",
        text: `Is a bay free at ${sequence % 12} pm?`,
        eventId,
      }),
    );
    const headers = signOpenPhoneWebhook({
      scheme: sequence % 3 === 0 ? "standard" : "legacy",
      secret,
      rawBody,
    });
    return { eventId, rawBody, headers };
  }

  /** Posts a delivery; records when its answer came, so a test can tell what was answered when. */
  async function post(d: ReturnType<typeof delivery>) {
    const response = await fetch(`${api.url}/webhooks/openphone`, {
      method: "POST",
      headers: d.headers,
      body: d.rawBody,
    });
    return {
      eventId: d.eventId,
      status: response.status,
      body: (await response.json()) as { ok: boolean; duplicate?: boolean },
      at: performance.now(),
    };
  }

  const storedIds = async (ids: string[]) =>
    (
      await test.database.db
        .select({ eventId: webhookEvents.eventId })
        .from(webhookEvents)
        .where(inArray(webhookEvents.eventId, ids))
    ).map((row) => row.eventId);

  async function until(what: string, probe: () => boolean) {
    const deadline = Date.now() + 10_000;
    while (!probe()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /**
   * Holds every insert into webhook_events until `release` is called: a transaction that locks the table against
   * writers (on PGlite, any open transaction holds the one backend). Resolves once the lock is held.
   */
  async function holdInserts() {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = test.database.db.transaction(async (tx) => {
      await tx.execute(sql`lock table webhook_events in share mode`);
      locked();
      await released;
    });
    await isLocked;
    return async () => {
      release();
      await holder;
    };
  }

  it("stores concurrent deliveries once each, redeliveries among them once, every one answered 200", async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `EVconc${kind}${i}`);
    // Every third event is delivered twice at the same moment, as OpenPhone does when it retries early.
    const deliveries = [...ids, ...ids.filter((_, i) => i % 3 === 0)].map(delivery);
    const answers = await Promise.all(deliveries.map(post));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    expect(answers.filter((a) => a.body.duplicate === true)).toHaveLength(20);
    const stored = await storedIds(ids);
    expect(stored.sort()).toEqual([...ids].sort());
  });

  it("answers 200 only after the row is committed, and stores a redelivery in the same batch once", async () => {
    const releaseInserts = await holdInserts();
    const first = post(delivery(`EVheld${kind}0`));
    // The first delivery's insert is running (and held): the rest wait together for the next.
    await until("the first insert", () => store.counts.inserts > 0 && store.waitingCount === 0);
    const rest = ["1", "2", "3", "2"].map((n) => post(delivery(`EVheld${kind}${n}`)));
    await until("the batch to gather", () => store.waitingCount === 4);
    const insertsBefore = store.counts.inserts;
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Nothing committed, so nothing answered and nothing visible from another connection.
    let answered = 0;
    for (const p of [first, ...rest]) void p.then(() => (answered += 1));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(answered).toBe(0);
    const releasedAt = performance.now();
    await releaseInserts();
    const answers = await Promise.all([first, ...rest]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    for (const a of answers) expect(a.at).toBeGreaterThan(releasedAt);
    // The four waiting deliveries went in one insert; EVheld2 twice in it, stored once.
    expect(store.counts.inserts).toBe(insertsBefore + 1);
    expect(answers.filter((a) => a.body.duplicate === true).map((a) => a.eventId)).toEqual([
      `EVheld${kind}2`,
    ]);
    expect((await storedIds(answers.map((a) => a.eventId))).sort()).toEqual(
      ["0", "1", "2", "3"].map((n) => `EVheld${kind}${n}`),
    );
  });

  it("answers every delivery of a failed batch with 503, stores none of it, and takes the retries", async () => {
    // A row the database refuses: the whole insert holding it fails.
    await test.database.db.execute(
      sql`alter table webhook_events add constraint test_refuse_poison check (event_id not like 'EVpoison%') not valid`,
    );
    try {
      const releaseInserts = await holdInserts();
      const first = post(delivery(`EVbatch${kind}0`));
      await until("the first insert", () => store.counts.inserts > 0 && store.waitingCount === 0);
      const batchIds = [`EVbatch${kind}1`, `EVpoison${kind}`, `EVbatch${kind}2`];
      const batch = batchIds.map((id) => post(delivery(id)));
      await until("the batch to gather", () => store.waitingCount === 3);
      await releaseInserts();
      expect((await first).status).toBe(200);
      const answers = await Promise.all(batch);
      expect(answers.map((a) => a.status)).toEqual([503, 503, 503]);
      expect(answers.every((a) => a.body.ok === false)).toBe(true);
      expect(await storedIds(batchIds)).toEqual([]);
    } finally {
      await test.database.db.execute(
        sql`alter table webhook_events drop constraint test_refuse_poison`,
      );
    }
    // OpenPhone retries what got a 503: now stored, once.
    const retries = await Promise.all(
      [`EVbatch${kind}1`, `EVbatch${kind}2`, `EVbatch${kind}1`].map((id) => post(delivery(id))),
    );
    expect(retries.map((a) => a.status)).toEqual([200, 200, 200]);
    expect((await storedIds([`EVbatch${kind}1`, `EVbatch${kind}2`])).sort()).toEqual([
      `EVbatch${kind}1`,
      `EVbatch${kind}2`,
    ]);
  });

  /** A raw request, so the test chooses how the body is framed (declared length or chunks). */
  function rawPost(headers: Record<string, string | number>, chunks: string[]) {
    return new Promise<number>((resolve, reject) => {
      const request = http.request(
        new URL("/webhooks/openphone", api.url),
        { method: "POST", headers },
        (response) => {
          response.resume();
          response.on("end", () => resolve(response.statusCode ?? 0));
        },
      );
      // The server may answer (and close) before a refused body is sent.
      request.on("error", (error: NodeJS.ErrnoException) =>
        error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error),
      );
      for (const chunk of chunks) request.write(chunk);
      request.end();
    });
  }

  it("reads a body by its declared length or in chunks, refusing either over the limit with 413", async () => {
    const d = delivery(`EVframed${kind}`);
    const length = Buffer.byteLength(d.rawBody);
    // Declared length: read straight from Node's request.
    expect(await rawPost({ ...d.headers, "content-length": length }, [d.rawBody])).toBe(200);
    // Chunked, no declared length: read through the body-limit middleware. A redelivery: stored once.
    const half = Math.floor(d.rawBody.length / 2);
    expect(
      await rawPost({ ...d.headers, "transfer-encoding": "chunked" }, [
        d.rawBody.slice(0, half),
        d.rawBody.slice(half),
      ]),
    ).toBe(200);
    expect(await storedIds([d.eventId])).toEqual([d.eventId]);
    const big = "x".repeat(BODY_LIMIT + 1);
    expect(await rawPost({ ...d.headers, "content-length": big.length }, [big])).toBe(413);
    expect(
      await rawPost({ ...d.headers, "transfer-encoding": "chunked" }, [big.slice(0, 10), big]),
    ).toBe(413);
  });
});
