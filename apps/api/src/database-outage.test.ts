// The API while its PostgreSQL server goes away and comes back (a restart, a failover): the process stays up,
// /readyz and the webhook answer 503 (so the load balancer and OpenPhone try again later), and once the server is
// back everything works again by itself, the redelivered webhook included. The outage is a TCP proxy the test
// cuts. Only on a server: PGlite runs inside the process.
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createReplyEngine,
  loadEnv,
  processPendingWebhookEvents,
  signOpenPhoneWebhook,
  WebhookProcessor,
} from "@playbook/core";
import { buildMessageEvent, captureLogs } from "@playbook/core/testing";
import type { Database } from "@playbook/db";
import { decisions, messages, webhookEvents } from "@playbook/db/schema";
import {
  openProxiedTestDatabase,
  testDatabaseKinds,
  type ProxiedTestDatabase,
  type TcpProxy,
} from "@playbook/db/testing";
import { createApp } from "./app";

const secret = randomBytes(32).toString("base64");
const env = loadEnv({ NODE_ENV: "test", LOG_LEVEL: "silent", OPENPHONE_WEBHOOK_SECRET: secret });

describe.runIf(testDatabaseKinds.includes("postgres"))("the API during a database outage", () => {
  let proxy: TcpProxy;
  let database: Database;
  let outage: ProxiedTestDatabase;
  const logs = captureLogs();

  beforeAll(async () => {
    outage = await openProxiedTestDatabase((err) => logs.logger.warn({ err }, "connection lost"));
    ({ proxy, database } = outage);
  });
  afterAll(() => outage.drop());

  const delivery = (text: string) => {
    const rawBody = JSON.stringify(
      buildMessageEvent({
        shape: "current",
        direction: "inbound",
        from: "+19025551234",
        to: "+19025550000",
        text,
      }),
    );
    const headers = signOpenPhoneWebhook({ scheme: "legacy", secret, rawBody });
    return { method: "POST", headers, body: rawBody };
  };

  it("answers 503 while the server is away, stays up, and works again when it is back", async () => {
    const engine = createReplyEngine({ database, env, logger: logs.logger });
    const processor = new WebhookProcessor(engine);
    const app = createApp({ database, env, logger: logs.logger, engine, processor });

    expect((await app.request("/readyz")).status).toBe(200);
    const before = delivery("Are you open on Sunday?");
    expect((await app.request("/webhooks/openphone", before)).status).toBe(200);
    await processor.idle();

    // A connection checked out at the moment of the cut (a transaction, a job's lock): its loss must not throw.
    let release = () => undefined as void;
    const held = database.withConnection(() => new Promise<void>((done) => (release = done)));
    proxy.cut();
    const ready = await app.request("/readyz");
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: "database unreachable" });
    const during = delivery("Do you sell gift cards?");
    const refused = await app.request("/webhooks/openphone", during);
    // 503, not 500: OpenPhone retries a 5xx, and this one says why.
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ ok: false });

    release();
    await held;
    proxy.restore();
    expect((await app.request("/readyz")).status).toBe(200);
    // OpenPhone's retry of the refused delivery is stored and decided like any other.
    expect((await app.request("/webhooks/openphone", during)).status).toBe(200);
    await processor.idle();
    await processPendingWebhookEvents(engine, { maxDurationMs: 5_000 });
    const pending = await database.db
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.status, "pending"));
    expect(pending).toHaveLength(0);
    const decided = await database.db
      .select({ body: messages.body })
      .from(decisions)
      .innerJoin(messages, eq(messages.id, decisions.messageId));
    expect(decided.map((row) => row.body).sort()).toEqual([
      "Are you open on Sunday?",
      "Do you sell gift cards?",
    ]);
    await processor.stop();
  });
});
