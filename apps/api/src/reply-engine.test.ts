// The reply engine end to end, as OpenPhone and operators drive it: signed webhooks into the running API, a
// pattern learned from an operator's reply, a paraphrase matched to it, approvals raising its confidence until it
// auto-sends to a fake OpenPhone on 127.0.0.1, each safety gate stopping that, and the webhook's bad paths.
import { randomBytes } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  alwaysOpen,
  createReplyEngine,
  loadEnv,
  signOpenPhoneWebhook,
  type ReplyEngine,
  type SignatureScheme,
} from "@playbook/core";
import {
  buildMessageEvent,
  calibratedIndex,
  buildOtherEvent,
  startFakeOpenPhoneServer,
  type FakeOpenPhoneServer,
} from "@playbook/core/testing";
import {
  confidenceEvents,
  customers,
  decisions,
  messages,
  patternExamples,
  patterns,
  webhookEvents,
} from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { startApi, type RunningApi } from "./server";
import { createCallerFactory } from "./trpc/init";
import { appRouter } from "./trpc/router";
import { contextFor, createTestUser, testLogger } from "./testing";

const legacySecret = randomBytes(32).toString("base64");
const standardSecret = `whsec_${randomBytes(32).toString("base64")}`;
const OPENPHONE_KEY = "op-test-key";
const BUSINESS = "+19025550000";
const QUESTION = "What time do you open on Sunday?";
const ANSWER = "We open at 9am on Sundays. See you then!";
const PARAPHRASES = [
  "hey when do you guys open on sundays",
  "What time are you open Sunday morning?",
  "when do you open sunday",
  "what time does the place open on a sunday?",
];
const createCaller = createCallerFactory(appRouter);
type Caller = ReturnType<typeof createCaller>;

describe.each(testDatabaseKinds)("reply engine through the running API on %s", (kind) => {
  let test: TestDatabase;
  let api: RunningApi;
  let openPhone: FakeOpenPhoneServer;
  let engine: ReplyEngine;
  let admin: Caller;
  let operator: Caller;
  let patternId: string;
  let sequence = 0;
  let customerNumber = 100;

  const db = () => test.database.db;
  const nextCustomer = () => `+1902555${String((customerNumber += 1)).padStart(4, "0")}`;
  // Envelope shapes and signature schemes alternate, so both are exercised all the way through.
  const nextShape = () => (sequence % 2 === 0 ? "legacy" : "current");
  const nextScheme = (): SignatureScheme => (sequence % 3 === 0 ? "standard" : "legacy");

  async function post(rawBody: string, headers: Record<string, string>) {
    return fetch(`${api.url}/webhooks/openphone`, { method: "POST", headers, body: rawBody });
  }

  async function deliver(
    event: Record<string, unknown>,
    opts: { scheme?: SignatureScheme; secret?: string; timestamp?: Date } = {},
  ) {
    const scheme = opts.scheme ?? nextScheme();
    const rawBody = JSON.stringify(event);
    const secret = opts.secret ?? (scheme === "legacy" ? legacySecret : standardSecret);
    return post(
      rawBody,
      signOpenPhoneWebhook({ scheme, secret, rawBody, timestamp: opts.timestamp }),
    );
  }

  async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined>): Promise<T> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const value = await probe();
      if (value !== null && value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** A customer texts the business; resolves with the decision once it is recorded (and sent, if auto). */
  async function customerSays(phone: string, text: string) {
    sequence += 1;
    const messageId = `ACin${kind}${sequence}`;
    const response = await deliver(
      buildMessageEvent({
        shape: nextShape(),
        direction: "inbound",
        from: phone,
        to: BUSINESS,
        text,
        messageId,
        createdAt: new Date(Date.now() + sequence),
      }),
    );
    expect(response.status).toBe(200);
    return waitFor(`the decision on "${text}"`, async () => {
      const [row] = await db()
        .select({ decision: decisions })
        .from(decisions)
        .innerJoin(messages, eq(messages.id, decisions.messageId))
        .where(eq(messages.providerMessageId, messageId));
      if (!row) return null;
      // An auto decision is complete once its send was attempted.
      if (row.decision.mode === "auto" && row.decision.outcome === "pending") return null;
      return row.decision;
    });
  }

  /** An operator answers by hand in OpenPhone; resolves once the reply was learned from (or voided). */
  async function operatorSays(phone: string, text: string) {
    sequence += 1;
    const messageId = `ACout${kind}${sequence}`;
    const response = await deliver(
      buildMessageEvent({
        shape: nextShape(),
        direction: "outbound",
        from: BUSINESS,
        to: phone,
        text,
        messageId,
        createdAt: new Date(Date.now() + sequence),
      }),
    );
    expect(response.status).toBe(200);
    return waitFor(`learning from "${text}"`, async () => {
      const [row] = await db()
        .select()
        .from(messages)
        .where(eq(messages.providerMessageId, messageId));
      return row && row.learnState !== "pending" ? row : null;
    });
  }

  const loadPattern = async () => {
    const [row] = await db().select().from(patterns).where(eq(patterns.id, patternId));
    return row!;
  };
  const webhookRows = async () => (await db().select({ n: count() }).from(webhookEvents))[0]!.n;
  const failedGates = (decision: { gates: { gate: string; passed: boolean }[] }) =>
    decision.gates.filter((g) => !g.passed).map((g) => g.gate);

  beforeAll(async () => {
    test = await openTestDatabase(kind);
    openPhone = await startFakeOpenPhoneServer({ apiKey: OPENPHONE_KEY });
    const env = loadEnv({
      NODE_ENV: "test",
      LOG_LEVEL: "silent",
      HOST: "127.0.0.1",
      PORT: "0",
      OPENPHONE_WEBHOOK_SECRET: `${legacySecret}, ${standardSecret}`,
      OPENPHONE_API_KEY: OPENPHONE_KEY,
      OPENPHONE_API_URL: openPhone.url,
    });
    // Calibrated on an example track record, so that sure proposals can be sent automatically.
    engine = createReplyEngine({
      database: test.database,
      env,
      logger: testLogger,
      index: calibratedIndex(),
    });
    api = await startApi({ database: test.database, env, logger: testLogger, engine });
    const adminUser = await createTestUser(test.database, "admin");
    const operatorUser = await createTestUser(test.database, "operator");
    admin = createCaller(await contextFor(test.database, adminUser.id, engine));
    operator = createCaller(await contextFor(test.database, operatorUser.id, engine));
    // Automation on, replies learned as soon as they arrive, and a clock-independent schedule.
    await admin.config.set({
      enabled: true,
      shadowMode: false,
      replySettleSeconds: 0,
      timezone: "UTC",
      workingHours: alwaysOpen,
    });
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await openPhone?.close();
    await test?.drop();
  });

  it("learns a new, inactive pattern from an operator's reply", async () => {
    const customer = nextCustomer();
    const first = await customerSays(customer, QUESTION);
    expect(first.mode).toBe("none");
    const reply = await operatorSays(customer, ANSWER);
    expect(reply.learnState).toBe("learned");

    const all = await db().select().from(patterns);
    expect(all).toHaveLength(1);
    const [pattern] = all;
    patternId = pattern!.id;
    expect(pattern).toMatchObject({
      confidence: 0.5,
      isActive: false,
      createdFrom: "learned",
      type: "hours",
      responseTemplate: "We open at {{time}} on Sundays. See you then!",
      variableDefaults: { time: "9am" },
    });
    const examples = await db()
      .select()
      .from(patternExamples)
      .where(eq(patternExamples.patternId, patternId));
    expect(examples).toHaveLength(1);
  });

  it("matches a paraphrase of the question to the pattern, and queues it once the pattern is on", async () => {
    await admin.patterns.setActive({ id: patternId, active: true, autoExecutable: true });
    const decision = await customerSays(nextCustomer(), PARAPHRASES[0]!);
    expect(decision.patternId).toBe(patternId);
    expect(decision.mode).toBe("queue");
    expect(decision.proposedReply).toBe(ANSWER);
    expect(decision.matchScore).toBeGreaterThan(0);

    const queue = await operator.queue.list({});
    const item = queue.find((q) => q.decisionId === decision.id);
    expect(item?.proposedReply).toBe(ANSWER);
    const result = await operator.queue.approve({ id: item!.id });
    expect(result.send).toMatchObject({ ok: true });
    expect(result.confidence).toMatchObject({ old: 0.5, new: 0.65 });
    expect(openPhone.sent.at(-1)).toMatchObject({ content: ANSWER, to: [expect.any(String)] });
  });

  it("raises confidence with each approval until the pattern would auto-send", async () => {
    // An edit counts as modified (+0.10) and teaches the edited wording; it is not a success.
    const edited = await customerSays(nextCustomer(), PARAPHRASES[1]!);
    expect(["queue", "suggest"]).toContain(edited.mode);
    const editText = "We open at 9am on Sundays! See you then.";
    const editResult =
      edited.mode === "queue"
        ? await operator.queue.edit({
            id: (await operator.queue.list({})).find((q) => q.decisionId === edited.id)!.id,
            text: editText,
          })
        : await operator.suggestions.edit({ decisionId: edited.id, text: editText });
    expect(editResult.confidence?.new).toBeCloseTo(0.75, 6);
    expect(openPhone.sent.at(-1)?.content).toBe(editText);

    let previous = (await loadPattern()).confidence;
    for (let i = 0; (await loadPattern()).successCount < 20; i += 1) {
      expect(i).toBeLessThan(25);
      const decision = await customerSays(nextCustomer(), PARAPHRASES[i % PARAPHRASES.length]!);
      expect(decision.patternId).toBe(patternId);
      expect(["queue", "suggest"]).toContain(decision.mode);
      if (decision.mode === "queue") {
        const item = (await operator.queue.list({})).find((q) => q.decisionId === decision.id);
        await operator.queue.approve({ id: item!.id });
      } else {
        await operator.suggestions.accept({ decisionId: decision.id });
      }
      const now = (await loadPattern()).confidence;
      expect(now).toBeGreaterThanOrEqual(previous);
      previous = now;
    }
    const pattern = await loadPattern();
    expect(pattern.confidence).toBe(1);
    expect(pattern.successCount).toBe(20);
    const history = await db()
      .select()
      .from(confidenceEvents)
      .where(eq(confidenceEvents.patternId, patternId));
    expect(history.filter((e) => e.reason === "approved")).toHaveLength(20);
    expect(history.filter((e) => e.reason === "modified")).toHaveLength(1);
  });

  it("auto-sends the reply through OpenPhone once every gate passes", async () => {
    const before = openPhone.sent.length;
    const customer = nextCustomer();
    const decision = await customerSays(customer, QUESTION);
    expect(decision.mode).toBe("auto");
    expect(failedGates(decision)).toEqual([]);
    expect(decision.outcome).toBe("sent");
    await openPhone.waitForMessages(before + 1);
    expect(openPhone.sent.at(-1)).toMatchObject({ content: ANSWER, to: [customer] });
    expect(openPhone.sent.at(-1)?.authorization).toBe(OPENPHONE_KEY);
    const [sent] = await db()
      .select()
      .from(messages)
      .where(eq(messages.id, decision.sentMessageId!));
    expect(sent).toMatchObject({ sentByPlaybook: true, source: "playbook", learnState: null });
  });

  it("sends nothing automated after STOP, until START", async () => {
    const customer = nextCustomer();
    await customerSays(customer, "STOP");
    const before = openPhone.sent.length;
    const stopped = await customerSays(customer, QUESTION);
    expect(stopped.mode).toBe("shadow");
    expect(failedGates(stopped)).toEqual(["opt-out"]);
    expect(openPhone.sent.length).toBe(before);

    await customerSays(customer, "START");
    const resumed = await customerSays(customer, QUESTION);
    expect(resumed.mode).toBe("auto");
  });

  it("always leaves a VIP customer to a human", async () => {
    const customer = nextCustomer();
    await customerSays(customer, "Hello!");
    const [row] = await db().select().from(customers).where(eq(customers.phone, customer));
    await operator.customers.setFlags({ id: row!.id, isVip: true });
    const decision = await customerSays(customer, QUESTION);
    expect(decision.mode).toBe("suggest");
    expect(failedGates(decision)).toEqual(["VIP customer"]);
  });

  it("does not auto-send outside working hours", async () => {
    await admin.config.set({
      workingHours: { mon: null, tue: null, wed: null, thu: null, fri: null, sat: null, sun: null },
    });
    try {
      const decision = await customerSays(nextCustomer(), QUESTION);
      expect(decision.mode).toBe("suggest");
      expect(failedGates(decision)).toEqual(["working hours"]);
    } finally {
      await admin.config.set({ workingHours: alwaysOpen });
    }
  });

  it("limits automated replies per customer", async () => {
    await admin.config.set({ maxAutoRepliesPerCustomer: 1 });
    try {
      const customer = nextCustomer();
      expect((await customerSays(customer, QUESTION)).mode).toBe("auto");
      const second = await customerSays(customer, PARAPHRASES[2]!);
      expect(second.mode).toBe("suggest");
      expect(failedGates(second)).toContain("rate limit");
    } finally {
      await admin.config.set({ maxAutoRepliesPerCustomer: 3 });
    }
  });

  it("refuses a bad signature, a tampered body and an old timestamp, storing nothing", async () => {
    const before = await webhookRows();
    const event = buildMessageEvent({
      shape: "legacy",
      direction: "inbound",
      from: nextCustomer(),
      to: BUSINESS,
      text: QUESTION,
    });
    const rawBody = JSON.stringify(event);

    const wrongSecret = await deliver(event, { secret: randomBytes(32).toString("base64") });
    expect(wrongSecret.status).toBe(401);

    const headers = signOpenPhoneWebhook({ scheme: "legacy", secret: legacySecret, rawBody });
    const tampered = await post(rawBody.replace("Sunday", "Monday"), headers);
    expect(tampered.status).toBe(401);

    const unsigned = await post(rawBody, { "content-type": "application/json" });
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as { error: string }).error).toMatch(/signature/i);

    for (const scheme of ["legacy", "standard"] as const) {
      const replayed = await deliver(event, {
        scheme,
        timestamp: new Date(Date.now() - 10 * 60_000),
      });
      expect(replayed.status).toBe(401);
      expect(((await replayed.json()) as { error: string }).error).toMatch(/window/);
    }
    expect(await webhookRows()).toBe(before);
  });

  it("answers 400 with the reason for a malformed event, and stores non-message events", async () => {
    const before = await webhookRows();
    const malformed = await deliver({ id: "EVbroken", type: "message.received", data: {} });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: string }).error).toMatch(/^Malformed event: /);
    const notJson = await post("{not json", {
      ...signOpenPhoneWebhook({ scheme: "legacy", secret: legacySecret, rawBody: "{not json" }),
    });
    expect(notJson.status).toBe(400);
    expect(await webhookRows()).toBe(before);

    const call = buildOtherEvent({ shape: "legacy", type: "call.completed" });
    const stored = await deliver(call);
    expect(stored.status).toBe(200);
    const [row] = await db()
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.eventId, String(call.id)));
    expect(row?.status).toBe("ignored");
  });

  it("stores a redelivered event once and answers 200 both times", async () => {
    const customer = nextCustomer();
    const event = buildMessageEvent({
      shape: "current",
      direction: "inbound",
      from: customer,
      to: BUSINESS,
      text: "Do you sell gift cards?",
      messageId: `ACdup${kind}`,
    });
    const first = await deliver(event);
    const second = await deliver(event);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ ok: true, duplicate: true });
    await waitFor("the duplicate's decision", async () => {
      const [row] = await db()
        .select({ id: decisions.id })
        .from(decisions)
        .innerJoin(messages, eq(messages.id, decisions.messageId))
        .where(eq(messages.providerMessageId, `ACdup${kind}`));
      return row;
    });
    const stored = await db()
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.eventId, String(event.id)));
    expect(stored).toHaveLength(1);
    const [{ n }] = (await db()
      .select({ n: count() })
      .from(messages)
      .where(eq(messages.providerMessageId, `ACdup${kind}`))) as [{ n: number }];
    expect(n).toBe(1);
  });

  it("stops everything with the kill switch", async () => {
    await expect(operator.automation.killSwitch({ reason: "test" })).rejects.toThrow(/admin/i);
    const result = await admin.automation.killSwitch({ reason: "customer complaint" });
    expect(result.deactivatedPatterns).toBe(1);
    const before = openPhone.sent.length;
    const decision = await customerSays(nextCustomer(), QUESTION);
    expect(decision.mode).toBe("shadow");
    expect(failedGates(decision)).toEqual(
      expect.arrayContaining(["system enabled", "pattern active"]),
    );
    expect(openPhone.sent.length).toBe(before);
    const pattern = await loadPattern();
    expect(pattern).toMatchObject({ isActive: false, autoExecutable: false });
    expect((await admin.config.get()).enabled).toBe(false);
    const [stillPending] = await db()
      .select({ n: count() })
      .from(webhookEvents)
      .where(and(eq(webhookEvents.status, "pending")));
    expect(stillPending?.n).toBe(0);
  });
});
