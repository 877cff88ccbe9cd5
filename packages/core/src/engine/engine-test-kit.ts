// Test support for the engine's integration tests: a migrated database with an admin, a clock the test moves,
// signed webhook deliveries processed the way the API does, and small readers for the rows tests check.
import { randomBytes } from "node:crypto";
import { count, eq, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import type { Db, Tx } from "@playbook/db";
import {
  auditLog,
  decisions,
  messages,
  patternExamples,
  patterns,
  users,
  webhookEvents,
} from "@playbook/db/schema";
import { openTestDatabase, type TestDatabase, type TestDatabaseKind } from "@playbook/db/testing";
import type { Actor } from "../auth/users";
import {
  startFakeOpenPhoneServer,
  type FakeOpenPhoneServer,
} from "../openphone/fake-openphone-server";
import { hashPassword } from "../auth/password";
import {
  recordMessage,
  type NewMessage,
  type RecordedMessage,
} from "../conversations/record-message";
import { buildMessageEvent, type EnvelopeShape } from "../openphone/fixtures";
import { createHeaderLookup, signOpenPhoneWebhook } from "../openphone/verify-signature";
import { alwaysOpen } from "../decisions/working-hours";
import { getSettings, updateSettings, type SettingsPatch } from "../settings/settings";
import { createTestEngine } from "../testing";
import { receiveWebhook, type ReceiveWebhookResult } from "../webhooks/receive-webhook";
import { directEventStore } from "../webhooks/webhook-event-store";
import { learnPendingExchanges } from "./learn-exchanges";
import { processWebhookEvent, type ProcessEventResult } from "./process-webhook-event";
import type { ReplyEngine } from "./reply-engine";

export const BUSINESS_NUMBER = "+19025550000";
export const WEBHOOK_SECRET = randomBytes(32).toString("base64");
export const OPENPHONE_KEY = "op-test-key";

/** Working hours that never close, so no test depends on the hour it runs at. */
export { alwaysOpen };

/** Automation on and out of shadow mode, always open, replies learned as soon as they arrive. */
export const liveSettings: SettingsPatch = {
  enabled: true,
  shadowMode: false,
  timezone: "UTC",
  workingHours: alwaysOpen,
  replySettleSeconds: 0,
};

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface Clock {
  now: Date;
  set(at: Date): void;
  advance(ms: number): void;
}

/** The engine's clock; starts at the real time (rows stamped by the database use it too). */
export function createClock(start = new Date()): Clock {
  const clock: Clock = {
    now: start,
    set: (at) => {
      clock.now = at;
    },
    advance: (ms) => {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  return clock;
}

export interface EngineTestbed {
  test: TestDatabase;
  db: Db;
  actor: Actor;
}

/** One migrated database for a test file, with an admin to act as. */
export async function openEngineTestbed(kind: TestDatabaseKind): Promise<EngineTestbed> {
  const test = await openTestDatabase(kind);
  const [admin] = await test.database.db
    .insert(users)
    .values({
      email: "admin@example.com",
      name: "Test admin",
      role: "admin",
      passwordHash: await hashPassword("correct horse battery staple"),
    })
    .returning({ id: users.id });
  return { test, db: test.database.db, actor: { userId: admin!.id, ip: "127.0.0.1" } };
}

// Everything the engine writes; users stay, so the actor does.
const engineTables = [
  "webhook_events",
  "approval_queue",
  "confidence_events",
  "decisions",
  "pattern_examples",
  "pattern_versions",
  "patterns",
  "messages",
  "conversations",
  "customers",
  "audit_log",
  "llm_calls",
  "config",
];

/** Empties every table the engine writes, so each test starts from nothing on the file's shared database. */
export async function resetEngineData(db: Db): Promise<void> {
  await db.execute(sql.raw(`truncate table ${engineTables.join(", ")} cascade`));
}

/** An engine on the testbed's database with the kit's webhook secret and clock; `env` adds OpenPhone etc. */
export function createKitEngine(
  testbed: EngineTestbed,
  clock: Clock,
  env: Record<string, string> = {},
): ReplyEngine {
  return createTestEngine(testbed.test.database, {
    env: { OPENPHONE_WEBHOOK_SECRET: WEBHOOK_SECRET, ...env },
    now: () => clock.now,
    // Calibrated on an example track record: the tests exercise every gate, automatic sends included.
    calibrated: true,
  });
}

/**
 * What a file that sends replies needs: its database and a fake OpenPhone for the file, and before each test empty
 * data, the live settings and a new engine sending to the fake. The fields are set by the hooks: read them inside
 * tests and in hooks registered after this call.
 */
export function liveEngineStage(kind: TestDatabaseKind, clock: Clock) {
  const stage = {} as {
    testbed: EngineTestbed;
    openPhone: FakeOpenPhoneServer;
    engine: ReplyEngine;
  };
  beforeAll(async () => {
    stage.testbed = await openEngineTestbed(kind);
    stage.openPhone = await startFakeOpenPhoneServer({ apiKey: OPENPHONE_KEY });
  });
  afterAll(async () => {
    await stage.openPhone?.close();
    await stage.testbed?.test.drop();
  });
  beforeEach(async () => {
    await resetEngineData(stage.testbed.db);
    clock.set(new Date());
    stage.engine = createKitEngine(stage.testbed, clock, {
      OPENPHONE_API_KEY: OPENPHONE_KEY,
      OPENPHONE_API_URL: stage.openPhone.url,
      // Messages recorded directly name no business line.
      OPENPHONE_FROM: BUSINESS_NUMBER,
    });
    await applySettings(stage.testbed, liveSettings);
  });
  return stage;
}

export function applySettings(testbed: EngineTestbed, patch: SettingsPatch) {
  return updateSettings(testbed.db, patch, testbed.actor);
}

export interface Delivery {
  direction: "inbound" | "outbound";
  customer: string;
  text: string;
  at: Date;
  messageId?: string;
  shape?: EnvelopeShape;
  /** OpenPhone's id of the workspace user who sent an outbound message (the fixture's default when absent). */
  userId?: string | null;
}

/** Signs and stores one message event as OpenPhone would deliver it; nothing processes it. */
export async function storeMessageEvent(
  engine: ReplyEngine,
  delivery: Delivery,
): Promise<{ stored: ReceiveWebhookResult; messageId: string; rawBody: string }> {
  const messageId = delivery.messageId ?? `AC${randomBytes(12).toString("hex")}`;
  const event = buildMessageEvent({
    shape: delivery.shape ?? "legacy",
    direction: delivery.direction,
    from: delivery.direction === "inbound" ? delivery.customer : BUSINESS_NUMBER,
    to: delivery.direction === "inbound" ? BUSINESS_NUMBER : delivery.customer,
    text: delivery.text,
    messageId,
    createdAt: delivery.at,
    ...(delivery.userId === undefined ? {} : { userId: delivery.userId }),
  });
  const rawBody = JSON.stringify(event);
  const stored = await storeRawEvent(engine, rawBody);
  return { stored, messageId, rawBody };
}

/** Signs `rawBody` with the kit's secret and hands it to receiveWebhook. */
function storeRawEvent(engine: ReplyEngine, rawBody: string): Promise<ReceiveWebhookResult> {
  const headers = signOpenPhoneWebhook({ scheme: "legacy", secret: WEBHOOK_SECRET, rawBody });
  return receiveWebhook(directEventStore(engine.database.db), engine.logger, {
    header: createHeaderLookup(headers),
    rawBody,
    secrets: engine.webhookSecrets,
  });
}

export interface Delivered {
  result: ProcessEventResult;
  message: typeof messages.$inferSelect;
  decision: typeof decisions.$inferSelect | null;
}

/** Delivers one message event and processes it at once, as the API's background processor does. */
export async function deliver(engine: ReplyEngine, delivery: Delivery): Promise<Delivered> {
  const { stored, messageId } = await storeMessageEvent(engine, delivery);
  if (stored.status !== 200 || !stored.storedId) {
    throw new Error(`delivery was not stored: ${JSON.stringify(stored.body)}`);
  }
  const result = await processWebhookEvent(engine, stored.storedId);
  const message = await messageByProviderId(engine.database.db, messageId);
  if (!message) throw new Error(`message ${messageId} was not recorded (${result.status})`);
  return { result, message, decision: await decisionFor(engine.database.db, message.id) };
}

export const customerSays = (engine: ReplyEngine, customer: string, text: string, at: Date) =>
  deliver(engine, { direction: "inbound", customer, text, at });

export const operatorSays = (engine: ReplyEngine, customer: string, text: string, at: Date) =>
  deliver(engine, { direction: "outbound", customer, text, at });

/** Records a message directly (no webhook), in its own transaction, with the stored settings. */
export async function recordDirectly(
  engine: ReplyEngine,
  input: Omit<NewMessage, "source"> & { source?: NewMessage["source"] },
): Promise<RecordedMessage> {
  return engine.database.db.transaction(async (tx: Tx) =>
    recordMessage(tx, { source: "webhook", ...input }, await getSettings(tx)),
  );
}

/**
 * A customer asks, an operator answers a minute later, and the answer is learned. Returns the pattern it
 * became part of.
 */
export async function teachPattern(
  engine: ReplyEngine,
  input: { customer: string; question: string; answer: string; at: Date },
): Promise<{ patternId: string; exampleId: string }> {
  await customerSays(engine, input.customer, input.question, input.at);
  const reply = await operatorSays(
    engine,
    input.customer,
    input.answer,
    new Date(input.at.getTime() + MINUTE),
  );
  await learnPendingExchanges(engine, { conversationId: reply.message.conversationId });
  const [learned] = await engine.database.db
    .select()
    .from(messages)
    .where(eq(messages.id, reply.message.id));
  const exampleId = learned?.learnNote?.replace(/^example:/, "");
  if (learned?.learnState !== "learned" || !exampleId) {
    throw new Error(
      `"${input.answer}" was not learned: ${learned?.learnState} ${learned?.learnNote}`,
    );
  }
  const [example] = await engine.database.db
    .select({ patternId: patternExamples.patternId })
    .from(patternExamples)
    .where(eq(patternExamples.id, exampleId));
  return { patternId: example!.patternId, exampleId };
}

/** A pattern taught a day before `at`, then fully trusted and allowed to send by itself. */
export async function teachTrustedPattern(
  engine: ReplyEngine,
  input: { question: string; answer: string; at: Date },
): Promise<string> {
  const { patternId } = await teachPattern(engine, {
    customer: nextCustomerPhone(),
    question: input.question,
    answer: input.answer,
    at: new Date(input.at.getTime() - DAY),
  });
  await engine.database.db
    .update(patterns)
    .set({ isActive: true, autoExecutable: true, confidence: 1, successCount: 20 })
    .where(eq(patterns.id, patternId));
  return patternId;
}

export async function messageByProviderId(db: Db, providerMessageId: string) {
  const [row] = await db
    .select()
    .from(messages)
    .where(eq(messages.providerMessageId, providerMessageId));
  return row ?? null;
}

export async function decisionFor(db: Db, messageId: string) {
  const [row] = await db.select().from(decisions).where(eq(decisions.messageId, messageId));
  return row ?? null;
}

export async function loadPattern(db: Db, id: string) {
  const [row] = await db.select().from(patterns).where(eq(patterns.id, id));
  if (!row) throw new Error(`pattern ${id} not found`);
  return row;
}

export async function loadDecision(db: Db, id: string) {
  const [row] = await db.select().from(decisions).where(eq(decisions.id, id));
  if (!row) throw new Error(`decision ${id} not found`);
  return row;
}

export async function loadWebhookEvent(db: Db, id: string) {
  const [row] = await db.select().from(webhookEvents).where(eq(webhookEvents.id, id));
  if (!row) throw new Error(`webhook event ${id} not found`);
  return row;
}

export async function auditRows(db: Db, action: string) {
  return db.select().from(auditLog).where(eq(auditLog.action, action));
}

export async function countRows(db: Db, table: PgTable): Promise<number> {
  const [row] = await db.select({ n: count() }).from(table);
  return Number(row?.n ?? 0);
}

/** A pattern written straight into the table, for services that do not care how it was learned. */
export async function insertPattern(
  db: Db,
  values: Partial<typeof patterns.$inferInsert> = {},
): Promise<typeof patterns.$inferSelect> {
  const [row] = await db
    .insert(patterns)
    .values({
      signature: randomBytes(8).toString("hex"),
      triggerText: "What time do you open?",
      responseTemplate: "We open at 9am.",
      responseSignature: randomBytes(8).toString("hex"),
      createdFrom: "manual",
      ...values,
    })
    .returning();
  return row!;
}

let phoneCounter = 0;
/** A customer number no other test in the process uses. */
export function nextCustomerPhone(): string {
  phoneCounter += 1;
  return `+1902${String(5_550_000 + phoneCounter).padStart(7, "0")}`;
}

export const later = (at: Date, ms: number) => new Date(at.getTime() + ms);

// vitest types its asymmetric matchers as `any`; typed as what they stand for, they sit in typed objects.
export const textMatching = (pattern: RegExp): string => expect.stringMatching(pattern) as string;
export const closeTo = (value: number): number => expect.closeTo(value, 10) as number;
