// A customer's messages are decided in the order they were sent, across processes, restarts and the sweep: an
// event a crashed process left pending is decided before a newer one, two engines racing on one customer decide
// each message once and in order, and after a STOP nothing later is answered automatically.
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDb, queryRows, type Database } from "@playbook/db";
import { customers, decisions, messages, webhookEvents } from "@playbook/db/schema";
import { testDatabaseKinds } from "@playbook/db/testing";
import {
  startFakeOpenPhoneServer,
  type FakeOpenPhoneServer,
} from "../openphone/fake-openphone-server";
import { createTestEngine } from "../testing";
import { processPendingWebhookEvents } from "./decide-in-order";
import {
  BUSINESS_NUMBER,
  MINUTE,
  OPENPHONE_KEY,
  WEBHOOK_SECRET,
  applySettings,
  createClock,
  createKitEngine,
  later,
  liveSettings,
  nextCustomerPhone,
  openEngineTestbed,
  recordDirectly,
  resetEngineData,
  storeMessageEvent,
  teachTrustedPattern,
  type EngineTestbed,
} from "./engine-test-kit";
import { getSettings } from "../settings/settings";
import { decideMessage } from "./decide-message";
import { processWebhookEvent } from "./process-webhook-event";
import { sendDecisionReply } from "./send-reply";
import type { ReplyEngine } from "./reply-engine";
import { WebhookProcessor } from "./webhook-processor";

const QUESTION = "What time do you open on Sunday?";
const ANSWER = "We open at 9am on Sundays. See you then!";

describe.each(testDatabaseKinds)("deciding each customer's messages in order on %s", (kind) => {
  let testbed: EngineTestbed;
  let openPhone: FakeOpenPhoneServer;
  let engine: ReplyEngine;
  const clock = createClock();
  const env = () => ({
    OPENPHONE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    OPENPHONE_API_KEY: OPENPHONE_KEY,
    OPENPHONE_API_URL: openPhone.url,
    OPENPHONE_FROM: BUSINESS_NUMBER,
  });

  beforeAll(async () => {
    testbed = await openEngineTestbed(kind);
    openPhone = await startFakeOpenPhoneServer({ apiKey: OPENPHONE_KEY });
    // The order decisions are written in, by a sequence taken inside the deciding transaction.
    for (const statement of [
      "create table decision_order (seq bigserial primary key, message_id uuid not null)",
      `create function note_decision_order() returns trigger language plpgsql as $$
       begin insert into decision_order (message_id) values (new.message_id); return new; end $$`,
      `create trigger decision_order after insert on decisions
       for each row execute function note_decision_order()`,
    ]) {
      await testbed.db.execute(sql.raw(statement));
    }
  });
  afterAll(async () => {
    await openPhone?.close();
    await testbed.test.drop();
  });
  beforeEach(async () => {
    await resetEngineData(testbed.db);
    await testbed.db.execute(sql`truncate table decision_order`);
    clock.set(new Date());
    engine = createKitEngine(testbed, clock, env());
    await applySettings(testbed, liveSettings);
    await teachTrustedPattern(engine, { question: QUESTION, answer: ANSWER, at: clock.now });
  });

  /** Stores a customer's message as the webhook does, without deciding it. */
  const store = async (customer: string, text: string, minutesAgo: number) => {
    const { stored } = await storeMessageEvent(engine, {
      direction: "inbound",
      customer,
      text,
      at: later(clock.now, -minutesAgo * MINUTE),
    });
    expect(stored.storedId).toEqual(expect.any(String));
    return stored.storedId!;
  };

  /** The customer's messages (their bodies), in the order their decisions were written. */
  const decidedInOrder = async (customer: string) => {
    const rows = await queryRows<{ body: string; sent_at: Date }>(
      testbed.db,
      sql`select m.body, m.sent_at from decision_order o
          join messages m on m.id = o.message_id
          join customers c on c.id = m.customer_id
          where c.phone = ${customer} order by o.seq`,
    );
    return rows.map((row) => row.body);
  };

  const sentTo = (customer: string) => openPhone.sent.filter((m) => m.to.includes(customer));

  it("decides a message a crashed process left pending before a newer one, and answers nothing after STOP", async () => {
    const customer = nextCustomerPhone();
    // Stored and acknowledged by an API that was then killed: nothing decided them.
    await store(customer, QUESTION, 3);
    await store(customer, "STOP", 2);
    // The restarted API stores the customer's next message and tries to decide it at once.
    const newest = await store(customer, "when do you open sunday", 1);
    expect(await processWebhookEvent(engine, newest)).toEqual({ status: "deferred" });
    expect(await decidedInOrder(customer)).toEqual([]);

    const processor = new WebhookProcessor(engine);
    processor.enqueue(newest, customer);
    await processor.idle();
    expect(await decidedInOrder(customer)).toEqual([QUESTION, "STOP", "when do you open sunday"]);
    // The question before STOP was answered; the one after it was not, not even suggested.
    expect(sentTo(customer).map((m) => m.content)).toEqual([expect.stringContaining(ANSWER)]);
    const [optedOut] = await testbed.db
      .select({ optedOut: customers.optedOut })
      .from(customers)
      .where(eq(customers.phone, customer));
    expect(optedOut?.optedOut).toBe(true);
    const last = await testbed.db
      .select({ mode: decisions.mode, body: messages.body })
      .from(decisions)
      .innerJoin(messages, eq(messages.id, decisions.messageId))
      .where(eq(messages.body, "when do you open sunday"));
    expect(last).toHaveLength(1);
    expect(["shadow", "none", "escalate"]).toContain(last[0]?.mode);
  });

  it("decides a STOP only once the automatic reply to an earlier message has been sent", async () => {
    const customer = nextCustomerPhone();
    // An earlier question decided as auto by another process, whose reply is on its way to OpenPhone.
    const recorded = await recordDirectly(engine, {
      direction: "inbound",
      customerPhone: customer,
      body: QUESTION,
      sentAt: later(clock.now, -2 * MINUTE),
    });
    const { decision } = await testbed.db.transaction(async (tx) =>
      decideMessage(engine, tx, await getSettings(tx), recorded, Date.now()),
    );
    expect(decision.mode).toBe("auto");
    const stop = await store(customer, "STOP", 1);
    expect(await processWebhookEvent(engine, stop)).toEqual({ status: "deferred" });

    await sendDecisionReply(engine, {
      decisionId: decision.id,
      text: decision.proposedReply!,
      source: "playbook",
      outcome: "sent",
    });
    expect(await processWebhookEvent(engine, stop)).toMatchObject({ status: "processed" });
    expect(sentTo(customer)).toHaveLength(1);
  });

  it("decides each message once and in sent order when two engines and the sweep race on one customer", async () => {
    // A second engine on its own connection pool: another API replica, as far as the database can tell.
    let other: Database = testbed.test.database;
    if (kind === "postgres") other = await createDb({ databaseUrl: testbed.test.url, poolSize: 4 });
    const otherEngine = createTestEngine(other, {
      env: env(),
      now: () => clock.now,
      calibrated: true,
    });
    try {
      const customer = nextCustomerPhone();
      const texts = Array.from({ length: 12 }, (_, i) => `Question ${i + 1} about a bay booking`);
      // Delivered out of order (OpenPhone retries, several replicas): stored in a shuffled order.
      const order = [5, 0, 11, 3, 8, 1, 10, 6, 2, 9, 4, 7];
      const ids = new Map<number, string>();
      for (const i of order) ids.set(i, await store(customer, texts[i]!, 20 - i));

      const first = new WebhookProcessor(engine);
      const second = new WebhookProcessor(otherEngine);
      for (const i of order) first.enqueue(ids.get(i)!, customer);
      for (const i of [...order].reverse()) second.enqueue(ids.get(i)!, customer);
      await Promise.all([
        first.idle(),
        second.idle(),
        processPendingWebhookEvents(engine, { lanes: 2 }),
      ]);
      await processPendingWebhookEvents(otherEngine);

      expect(await decidedInOrder(customer)).toEqual(texts);
      const pending = await testbed.db
        .select({ id: webhookEvents.id })
        .from(webhookEvents)
        .where(eq(webhookEvents.status, "pending"))
        .orderBy(asc(webhookEvents.receivedAt));
      expect(pending).toEqual([]);
    } finally {
      if (other !== testbed.test.database) await other.close();
    }
  });
});
