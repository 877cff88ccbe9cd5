// The live-update triggers (migration 0010) on each database: what the engine's own writes send, parsed as the
// API parses it, so a payload the dashboard could not read fails here rather than being dropped in production.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Listener } from "@playbook/db";
import { approvalQueue } from "@playbook/db/schema";
import { testDatabaseKinds } from "@playbook/db/testing";
import { runAlerts } from "../alerts/deliver-alerts";
import {
  applySettings,
  createClock,
  createKitEngine,
  customerSays,
  liveSettings,
  openEngineTestbed,
  resetEngineData,
  type EngineTestbed,
} from "../engine/engine-test-kit";
import { expireApprovalQueue } from "../engine/expire-queue";
import { pullKillSwitch } from "../engine/kill-switch";
import { INBOX_CHANNEL, mayRaiseAlert, parseInboxEvent, type InboxEvent } from "./inbox-event";

const clock = createClock();

describe.each(testDatabaseKinds)("live events from the database on %s", (kind) => {
  let testbed: EngineTestbed;
  let listener: Listener;
  const events: InboxEvent[] = [];
  const unreadable: string[] = [];

  /** Waits until an event matching `match` arrived. */
  const waitForEvent = (match: (event: InboxEvent) => boolean) =>
    expect.poll(() => events.some(match), { timeout: 2_000, interval: 10 }).toBe(true);

  beforeAll(async () => {
    testbed = await openEngineTestbed(kind);
    listener = await testbed.test.database.listen(INBOX_CHANNEL, {
      onMessage: (payload) => {
        const event = parseInboxEvent(payload);
        if (event) events.push(event);
        else unreadable.push(payload);
      },
    });
  });
  afterAll(async () => {
    await listener?.close();
    await testbed?.test.drop();
  });
  beforeEach(async () => {
    await resetEngineData(testbed.db);
    await applySettings(testbed, liveSettings);
    clock.set(new Date());
    events.length = 0;
  });

  it("sends the message, its decision and the escalation, then the alert, each with its ids", async () => {
    const engine = createKitEngine(testbed, clock);
    const { message, decision } = await customerSays(
      engine,
      "+19025550101",
      "I want to speak to a manager",
      clock.now,
    );
    const conversationId = message.conversationId;
    await waitForEvent((e) => e.kind === "conversation");
    expect(events).toContainEqual({ kind: "message", conversationId, messageId: message.id });
    expect(events).toContainEqual({
      kind: "decision",
      conversationId,
      decisionId: decision!.id,
      mode: "escalate",
      outcome: "none",
    });
    const escalated = events.find((e) => e.kind === "conversation");
    expect(escalated).toEqual({
      kind: "conversation",
      conversationId,
      escalated: true,
      status: "open",
    });
    expect(mayRaiseAlert(escalated!)).toBe(true);

    await runAlerts(engine.database, engine.alerts, clock.now, engine.logger);
    await waitForEvent((e) => e.kind === "alert");
    expect(events.find((e) => e.kind === "alert")).toMatchObject({
      kind: "alert",
      conversationId,
      alertKind: "escalation",
    });
    expect(unreadable).toEqual([]);
  });

  it("sends queue changes and the kill switch's settings change", async () => {
    const engine = createKitEngine(testbed, clock);
    const { message, decision } = await customerSays(engine, "+19025550102", "hello?", clock.now);
    // A queue item as the engine leaves one, expired by the worker's job.
    await testbed.db.insert(approvalQueue).values({
      decisionId: decision!.id,
      conversationId: message.conversationId,
      messageId: message.id,
      proposedReply: "Hi!",
      expiresAt: new Date(clock.now.getTime() + 1_000),
      createdAt: clock.now,
    });
    await expireApprovalQueue(testbed.db, new Date(clock.now.getTime() + 2_000));
    await waitForEvent((e) => e.kind === "queue" && e.status === "expired");
    expect(
      events.filter((e) => e.kind === "queue").map((e) => e.kind === "queue" && e.status),
    ).toEqual(["pending", "expired"]);

    events.length = 0;
    await pullKillSwitch(testbed.db, { reason: "test" }, testbed.actor);
    await waitForEvent((e) => e.kind === "settings");
    expect(mayRaiseAlert({ kind: "settings" })).toBe(true);
    expect(unreadable).toEqual([]);
  });
});

describe("parseInboxEvent", () => {
  it("reads nothing that is not an inbox event", () => {
    expect(parseInboxEvent("not json")).toBeNull();
    expect(parseInboxEvent('{"kind":"message","conversationId":"x"}')).toBeNull();
    expect(parseInboxEvent('{"kind":"resync"}')).toEqual({ kind: "resync" });
  });
});
