// Alerts end to end on each database: what raises one, that each is posted to Slack (a fake on 127.0.0.1) exactly
// once however often or concurrently the check runs, and that a Slack outage delays an alert without losing it.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { alerts, decisions } from "@playbook/db/schema";
import { testDatabaseKinds } from "@playbook/db/testing";
import {
  applySettings,
  createClock,
  createKitEngine,
  customerSays,
  liveSettings,
  MINUTE,
  openEngineTestbed,
  resetEngineData,
  type EngineTestbed,
} from "../engine/engine-test-kit";
import { pullKillSwitch } from "../engine/kill-switch";
import type { ReplyEngine } from "../engine/reply-engine";
import { startFakeSlackServer, type FakeSlackServer } from "./fake-slack-server";
import { ALERTS_KEPT_MS, pruneAlerts } from "./collect-alerts";
import { MAX_SLACK_ATTEMPTS, retryDelayMs, runAlerts } from "./deliver-alerts";
import { createSlackClient } from "./slack-client";

const clock = createClock();

describe.each(testDatabaseKinds)("alerts on %s", (kind) => {
  let testbed: EngineTestbed;
  let slack: FakeSlackServer;
  let engine: ReplyEngine;
  let customer = 100;
  const nextCustomer = () => `+1902555${String((customer += 1)).padStart(4, "0")}`;
  const run = (at = clock.now) =>
    runAlerts(engine.database, engine.alerts, at, engine.logger).then((result) => {
      if (!result) throw new Error("the alerts lock was busy");
      return result;
    });
  const storedAlerts = () => testbed.db.select().from(alerts).orderBy(alerts.createdAt);

  beforeAll(async () => {
    testbed = await openEngineTestbed(kind);
    slack = await startFakeSlackServer();
  });
  afterAll(async () => {
    await slack?.close();
    await testbed?.test.drop();
  });
  beforeEach(async () => {
    await resetEngineData(testbed.db);
    await testbed.db.delete(alerts);
    // Escalations are recorded once automation is on and out of shadow mode.
    await applySettings(testbed, liveSettings);
    slack.reset();
    clock.set(new Date());
    engine = createKitEngine(testbed, clock, {
      SLACK_WEBHOOK_URL: slack.url,
      PLAYBOOK_PUBLIC_URL: "https://playbook.example.com/",
    });
  });

  it("posts an escalation once, with a link to the conversation, however often the check runs", async () => {
    const phone = nextCustomer();
    const { decision } = await customerSays(
      engine,
      phone,
      "I want to speak to a manager",
      clock.now,
    );
    expect(decision?.mode).toBe("escalate");

    // Two checks at once (two API processes, or the worker's job beside one) and one after.
    const [first, second] = await Promise.all([
      runAlerts(engine.database, engine.alerts, clock.now, engine.logger),
      runAlerts(engine.database, engine.alerts, clock.now, engine.logger),
    ]);
    await run();
    expect([first, second].filter((result) => result === null)).toHaveLength(1);
    expect(slack.posts).toEqual([
      `Escalated: ${phone} needs a person <https://playbook.example.com/inbox/${decision!.conversationId}|Open in Playbook>`,
    ]);
    const [alert] = await storedAlerts();
    expect(alert).toMatchObject({ kind: "escalation", slackState: "sent", slackAttempts: 1 });
  });

  it("keeps an alert through a Slack outage, retries with backoff, and gives up after the last attempt", async () => {
    await customerSays(engine, nextCustomer(), "I need to talk to a real person", clock.now);
    slack.failNext(1);
    expect(await run()).toMatchObject({ created: 1, sent: 0, failed: 1 });
    const [afterFailure] = await storedAlerts();
    expect(afterFailure).toMatchObject({ slackState: "pending", slackAttempts: 1 });
    expect(afterFailure!.lastError).toContain("500");

    // Not before its retry time...
    expect(await run(new Date(clock.now.getTime() + retryDelayMs(1) - 1000))).toMatchObject({
      sent: 0,
      failed: 0,
    });
    expect(slack.requestCount()).toBe(1);
    // ...and then once.
    expect(await run(new Date(clock.now.getTime() + retryDelayMs(1)))).toMatchObject({ sent: 1 });
    expect(slack.posts).toHaveLength(1);

    // A Slack that stays down: bounded attempts, then the alert is marked failed and not tried again.
    await customerSays(engine, nextCustomer(), "get me a manager now", clock.now);
    slack.failNext(MAX_SLACK_ATTEMPTS + 5);
    let at = clock.now.getTime();
    for (let attempt = 1; attempt <= MAX_SLACK_ATTEMPTS + 2; attempt += 1) {
      await run(new Date(at));
      at += retryDelayMs(attempt);
    }
    const stuck = (await storedAlerts()).find((alert) => alert.slackState !== "sent");
    expect(stuck).toMatchObject({ slackState: "failed", slackAttempts: MAX_SLACK_ATTEMPTS });
    expect(slack.posts).toHaveLength(1);
  });

  it("alerts a reply waiting longer than the setting, a failed send and the kill switch", async () => {
    await applySettings(testbed, { alertWaitingMinutes: 10 });
    const waiting = await customerSays(
      engine,
      nextCustomer(),
      "speak to a human please",
      clock.now,
    );
    const failed = await customerSays(engine, nextCustomer(), "I want a manager", clock.now);
    // Made into a pending suggestion and a failed send, as the engine leaves them.
    await testbed.db
      .update(decisions)
      .set({ mode: "suggest", outcome: "pending" })
      .where(eq(decisions.id, waiting.decision!.id));
    await testbed.db
      .update(decisions)
      .set({ outcome: "send_failed", sendError: "OpenPhone answered 500", outcomeAt: clock.now })
      .where(eq(decisions.id, failed.decision!.id));

    await run(new Date(clock.now.getTime() + 9 * MINUTE));
    expect((await storedAlerts()).map((alert) => alert.kind).sort()).toEqual([
      "escalation",
      "escalation",
      "send_failed",
    ]);
    await run(new Date(clock.now.getTime() + 11 * MINUTE));
    await pullKillSwitch(testbed.db, { reason: "test" }, testbed.actor);
    await run(new Date(clock.now.getTime() + 12 * MINUTE));
    const kinds = (await storedAlerts()).map((alert) => alert.kind).sort();
    expect(kinds).toEqual(["escalation", "escalation", "kill_switch", "send_failed", "waiting"]);
    expect(slack.posts).toHaveLength(5);
    expect(slack.posts.filter((text) => text.startsWith("Waiting over 10 min"))).toHaveLength(1);
    expect(slack.posts).toContain(
      "Kill switch pulled: all automation is off <https://playbook.example.com/settings|Open in Playbook>",
    );
  });

  it("prunes week-old alerts Slack is done with, and never sends a pruned one again", async () => {
    await customerSays(engine, nextCustomer(), "I want to speak to a manager", clock.now);
    await customerSays(engine, nextCustomer(), "get me a real person", clock.now);
    // One sent; the other still waiting for a retry after a Slack outage.
    slack.failNext(1);
    expect(await run()).toMatchObject({ created: 2, sent: 1, failed: 1 });
    const [sent, pending] = await Promise.all([
      testbed.db.select().from(alerts).where(eq(alerts.slackState, "sent")),
      testbed.db.select().from(alerts).where(eq(alerts.slackState, "pending")),
    ]);
    expect([sent.length, pending.length]).toEqual([1, 1]);

    // Not yet a week old: both kept.
    expect(
      await pruneAlerts(testbed.db, new Date(clock.now.getTime() + ALERTS_KEPT_MS - MINUTE)),
    ).toBe(0);
    const weekLater = new Date(clock.now.getTime() + ALERTS_KEPT_MS + MINUTE);
    expect(await pruneAlerts(testbed.db, weekLater)).toBe(1);
    expect((await storedAlerts()).map((alert) => alert.key)).toEqual([pending[0]!.key]);

    // The escalation whose row went is far past every lookback: checking again collects nothing and sends it no
    // second time; only the kept one's retry goes out.
    expect(await run(weekLater)).toEqual({ created: 0, sent: 1, failed: 0 });
    expect(slack.posts.filter((text) => text.startsWith(sent[0]!.title))).toHaveLength(1);
    expect(slack.posts.filter((text) => text.startsWith(pending[0]!.title))).toHaveLength(1);
    expect(slack.posts).toHaveLength(2);
  });

  it("records alerts for the dashboard only when no Slack webhook is set", async () => {
    engine = createKitEngine(testbed, clock);
    expect(engine.alerts.slack).toBeNull();
    await customerSays(engine, nextCustomer(), "I want to speak to a manager", clock.now);
    expect(await run()).toEqual({ created: 1, sent: 0, failed: 0 });
    expect(await storedAlerts()).toMatchObject([{ kind: "escalation", slackState: "skipped" }]);
    expect(slack.requestCount()).toBe(0);
  });
});

describe("the Slack client", () => {
  it("reports an unreachable webhook and a refusal as errors", async () => {
    const slack = await startFakeSlackServer();
    await slack.close();
    await expect(createSlackClient(slack.url).post("hello")).rejects.toThrow(
      /could not be reached/,
    );
    const live = await startFakeSlackServer();
    try {
      await expect(createSlackClient(`${live.url}-wrong`).post("hello")).rejects.toThrow(
        /answered 404/,
      );
    } finally {
      await live.close();
    }
  });
});
