// receiveWebhook against real databases: what is stored, what is refused, and a 503 (never a throw) when the
// database cannot take the event.
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { webhookEvents } from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds } from "@playbook/db/testing";
import {
  BUSINESS_NUMBER,
  WEBHOOK_SECRET,
  countRows,
  nextCustomerPhone,
  openEngineTestbed,
  resetEngineData,
  type EngineTestbed,
  textMatching,
} from "../engine/engine-test-kit";
import { buildMessageEvent, buildOtherEvent } from "../openphone/fixtures";
import { createHeaderLookup, signOpenPhoneWebhook } from "../openphone/verify-signature";
import { captureLogs } from "../testing";
import { receiveWebhook } from "./receive-webhook";
import { directEventStore } from "./webhook-event-store";

const messageEvent = () =>
  buildMessageEvent({
    shape: "legacy",
    direction: "inbound",
    from: nextCustomerPhone(),
    to: BUSINESS_NUMBER,
    text: "Do you sell gift cards?",
  });

function signed(rawBody: string, secret = WEBHOOK_SECRET) {
  return createHeaderLookup(signOpenPhoneWebhook({ scheme: "legacy", secret, rawBody }));
}

describe.each(testDatabaseKinds)("receiveWebhook on %s", (kind) => {
  let testbed: EngineTestbed;
  const logs = captureLogs();

  const receive = (rawBody: string, opts: { secret?: string; secrets?: string[] } = {}) =>
    receiveWebhook(directEventStore(testbed.db), logs.logger, {
      header: signed(rawBody, opts.secret),
      rawBody,
      secrets: opts.secrets ?? [WEBHOOK_SECRET],
    });

  beforeAll(async () => {
    testbed = await openEngineTestbed(kind);
  });
  afterAll(() => testbed.test.drop());
  beforeEach(() => resetEngineData(testbed.db));

  it("stores a message event as pending and a redelivery of it not again", async () => {
    const rawBody = JSON.stringify(messageEvent());
    const first = await receive(rawBody);
    expect(first).toMatchObject({ status: 200, body: { ok: true, duplicate: false } });
    expect(first.storedId).toEqual(expect.any(String));

    const second = await receive(rawBody);
    expect(second).toEqual({ status: 200, body: { ok: true, duplicate: true }, storedId: null });

    const rows = await testbed.db.select().from(webhookEvents);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: first.storedId,
      status: "pending",
      attempts: 0,
      rawBody,
      signatureScheme: "legacy",
      processedAt: null,
    });
  });

  it("refuses a bad signature with 401 and stores nothing", async () => {
    const rawBody = JSON.stringify(messageEvent());
    const result = await receive(rawBody, { secret: randomBytes(32).toString("base64") });
    expect(result.status).toBe(401);
    expect(result.body).toMatchObject({
      ok: false,
      error: textMatching(/^Invalid signature/),
    });
    expect(result.storedId).toBeNull();
    expect(await countRows(testbed.db, webhookEvents)).toBe(0);
  });

  it("answers 400 with the reason for a body that is not JSON, storing nothing", async () => {
    const result = await receive("{not json");
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({
      ok: false,
      error: textMatching(/^Malformed event: invalid JSON/),
    });
    expect(await countRows(testbed.db, webhookEvents)).toBe(0);
  });

  it("answers 400 naming the missing field of a message event, storing nothing", async () => {
    const event = messageEvent() as { data: { object: Record<string, unknown> } };
    delete event.data.object.from;
    const result = await receive(JSON.stringify(event));
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ ok: false });
    const error = (result.body as { error: string }).error;
    expect(error).toMatch(/^Malformed event: message\.received: /);
    expect(error).toMatch(/from/);
    expect(await countRows(testbed.db, webhookEvents)).toBe(0);
  });

  it("stores an event that is not about a message as ignored, with nothing to process", async () => {
    const event = buildOtherEvent({ shape: "current", type: "call.completed" });
    const result = await receive(JSON.stringify(event));
    expect(result).toEqual({ status: 200, body: { ok: true, duplicate: false }, storedId: null });
    const [row] = await testbed.db
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.eventId, String(event.id)));
    expect(row).toMatchObject({ status: "ignored", eventType: "call.completed" });
    expect(row?.processedAt).toBeInstanceOf(Date);
  });

  it("answers 503 when no signing secret is configured, even for a well-signed event", async () => {
    const rawBody = JSON.stringify(messageEvent());
    const result = await receive(rawBody, { secrets: [] });
    expect(result.status).toBe(503);
    expect(result.body).toMatchObject({ ok: false, error: textMatching(/secret/) });
    expect(await countRows(testbed.db, webhookEvents)).toBe(0);
  });

  it("answers 503 (and logs) instead of throwing when the database is unreachable", async () => {
    // A real database that is gone: a migrated in-memory PGlite closed, or a migrated server database dropped.
    const dead = await openTestDatabase(kind);
    await dead.drop();
    const gone = dead.database;
    const before = logs.find("could not store a webhook event", 50).length;
    const rawBody = JSON.stringify(messageEvent());
    const result = await receiveWebhook(directEventStore(gone.db), logs.logger, {
      header: signed(rawBody),
      rawBody,
      secrets: [WEBHOOK_SECRET],
    });
    expect(result).toEqual({
      status: 503,
      body: { ok: false, error: "Could not store the event; retry later" },
      storedId: null,
    });
    expect(logs.find("could not store a webhook event", 50)).toHaveLength(before + 1);
  });
});
