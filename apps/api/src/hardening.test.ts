// Hostile input at the HTTP edge: spoofed client addresses, oversized batches, cached answers, foreign scripts.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOGIN_LIMITS, loadEnv, signOpenPhoneWebhook } from "@playbook/core";
import { buildMessageEvent } from "@playbook/core/testing";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { createApp, MAX_BATCH_CALLS } from "./app";
import { clientAddress, type RequestFacts } from "./request-facts";
import { testEnv, testLogger } from "./testing";

describe.each(testDatabaseKinds)("HTTP hardening on %s", (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase(kind);
  });
  afterAll(() => test.drop());

  const login = (app: ReturnType<typeof createApp>, email: string, forwardedFor: string) =>
    app.request("/trpc/auth.login", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        host: "localhost",
        "x-forwarded-for": forwardedFor,
      },
      body: JSON.stringify({ email, password: "not the password" }),
    });

  it("limits the address the trusted proxy saw, whatever the client puts on the left of X-Forwarded-For", async () => {
    const app = createApp({
      database: test.database,
      env: { ...testEnv, ...loadEnv({ PLAYBOOK_TRUST_PROXY: "true" }) },
      logger: testLogger,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const response = await login(app, `rotate${i}@example.com`, `10.9.${i}.1, 203.0.113.77`);
      statuses.push(response.status);
    }
    expect(statuses.slice(0, LOGIN_LIMITS.failuresPerAddress).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(LOGIN_LIMITS.failuresPerAddress).every((s) => s === 429)).toBe(true);
  }, 120_000);

  describe("webhook signatures over the bytes received", () => {
    const secret = randomBytes(32).toString("base64");
    const webhookApp = () =>
      createApp({
        database: test.database,
        env: { ...testEnv, OPENPHONE_WEBHOOK_SECRET: secret },
        logger: testLogger,
      });
    const eventBytes = (text: string) =>
      Buffer.from(
        JSON.stringify(
          buildMessageEvent({
            shape: "legacy",
            direction: "inbound",
            from: "+15550107777",
            to: "+15550100100",
            text,
          }),
        ),
      );
    const deliver = (bytes: Uint8Array, signedBytes: Uint8Array = bytes) =>
      webhookApp().request("/webhooks/openphone", {
        method: "POST",
        headers: signOpenPhoneWebhook({ scheme: "standard", secret, rawBody: signedBytes }),
        body: bytes,
      });

    it("accepts a body whose signed bytes start with a byte-order mark that text decoding drops", async () => {
      const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), eventBytes("With a BOM")]);
      const response = await deliver(bytes);
      expect(await response.json()).toEqual({ ok: true, duplicate: false });
    });

    it("refuses bytes that differ from the signed ones even where decoding would hide it", async () => {
      // Two different invalid byte pairs both decode to "\ufffd\ufffd": equal as text, not as bytes.
      const signed = eventBytes("caf??");
      const at = signed.indexOf(Buffer.from("caf??")) + 3;
      signed[at] = 0xff;
      signed[at + 1] = 0xfe;
      const tampered = Buffer.from(signed);
      tampered[at] = 0xfe;
      tampered[at + 1] = 0xff;
      expect((await deliver(tampered, signed)).status).toBe(401);
    });

    it("answers 400 for a correctly signed body that is not UTF-8", async () => {
      const bytes = eventBytes("bad byte here");
      bytes[bytes.indexOf(Buffer.from("byte"))] = 0xff;
      const response = await deliver(bytes);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: string };
      expect(body.error).toMatch(/UTF-8/);
    });
  });
});

describe("client address behind proxies", () => {
  const facts = (forwardedFor: string | undefined): RequestFacts => ({
    header: (name) => (name === "x-forwarded-for" ? forwardedFor : undefined),
    url: "http://localhost/trpc/auth.login",
    requestId: undefined,
    remoteAddress: "10.0.0.2",
  });
  const withProxies = (value: string) => ({
    ...testEnv,
    ...loadEnv({ PLAYBOOK_TRUST_PROXY: value }),
  });

  it("takes the Nth address from the right of X-Forwarded-For", () => {
    // The client's own text, the address the outer proxy saw, then the outer proxy as the inner one saw it.
    const forwarded = "172.16.0.9, 198.51.100.88, 10.0.0.1";
    expect(clientAddress(facts(forwarded), withProxies("1"))).toBe("10.0.0.1");
    expect(clientAddress(facts(forwarded), withProxies("2"))).toBe("198.51.100.88");
    expect(clientAddress(facts(forwarded), withProxies("true"))).toBe("10.0.0.1");
  });

  it("uses the socket's peer without trusted proxies or without the header", () => {
    expect(clientAddress(facts("172.16.0.9"), withProxies("false"))).toBe("10.0.0.2");
    expect(clientAddress(facts(undefined), withProxies("1"))).toBe("10.0.0.2");
  });
});

describe("dashboard and API headers", () => {
  let test: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let webDist: string;
  beforeAll(async () => {
    test = await openTestDatabase("pglite");
    webDist = await mkdtemp(path.join(tmpdir(), "playbook-web-"));
    await writeFile(path.join(webDist, "index.html"), "<!doctype html><title>Playbook</title>");
    app = createApp({ database: test.database, env: testEnv, logger: testLogger, webDist });
  });
  afterAll(async () => {
    await test.drop();
    await rm(webDist, { recursive: true, force: true });
  });

  it("serves the dashboard under a Content-Security-Policy that allows scripts from itself only", async () => {
    const page = await app.request("/patterns");
    const policy = page.headers.get("content-security-policy") ?? "";
    const directives = new Map(
      policy.split(";").map((d) => {
        const [name = "", ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get("default-src")).toEqual(["'self'"]);
    expect(directives.get("script-src")).toEqual(["'self'"]);
    expect(directives.get("object-src")).toEqual(["'none'"]);
    expect(directives.get("frame-ancestors")).toEqual(["'none'"]);
    expect(directives.get("connect-src")).toEqual(["'self'"]);
  });

  it("tells every cache not to keep tRPC answers", async () => {
    const me = await app.request("/trpc/auth.me", { headers: { host: "localhost" } });
    expect(me.status).toBe(200);
    expect(me.headers.get("cache-control")).toBe("no-store");
    const refused = await app.request("/trpc/auth.login", {
      method: "POST",
      headers: { "content-type": "application/json", host: "localhost" },
      body: "{",
    });
    expect(refused.status).toBe(400);
    expect(refused.headers.get("cache-control")).toBe("no-store");
  });

  it("refuses a batch of more calls than the cap with a clear 400", async () => {
    const calls = Array.from({ length: MAX_BATCH_CALLS + 1 }, () => "auth.me");
    const input = encodeURIComponent(JSON.stringify({}));
    const tooMany = await app.request(`/trpc/${calls.join(",")}?batch=1&input=${input}`, {
      headers: { host: "localhost" },
    });
    expect(tooMany.status).toBe(400);
    const body = (await tooMany.json()) as { error: { message: string } };
    expect(body.error.message).toBe(
      `A batch may hold at most ${MAX_BATCH_CALLS} calls; this one has ${MAX_BATCH_CALLS + 1}.`,
    );
    const atCap = await app.request(`/trpc/${calls.slice(1).join(",")}?batch=1&input=${input}`, {
      headers: { host: "localhost" },
    });
    expect(atCap.status).toBe(200);
  });
});
