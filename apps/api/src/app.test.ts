// The HTTP surface as a browser or a load balancer sees it, on every test database.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createReplyEngine, LOGIN_LIMITS } from "@playbook/core";
import { captureLogs } from "@playbook/core/testing";
import { auditLog, loginAttempts, sessions } from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { createApp } from "./app";
import { createTestUser, TEST_PASSWORD, testEnv, testLogger } from "./testing";

const ORIGIN = "http://localhost";
// A built script as Vite names it (a content hash in the name), with the copies the build compresses beside it.
const script = `console.log(${JSON.stringify("Playbook ".repeat(200))});`;

describe.each(testDatabaseKinds)("HTTP API on %s", (kind) => {
  let test: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let webDist: string;

  beforeAll(async () => {
    test = await openTestDatabase(kind);
    webDist = await mkdtemp(path.join(tmpdir(), "playbook-web-"));
    await writeFile(path.join(webDist, "index.html"), "<!doctype html><title>Playbook</title>");
    await mkdir(path.join(webDist, "assets"));
    await writeFile(path.join(webDist, "assets", "page-a1b2.js"), script);
    await writeFile(path.join(webDist, "assets", "page-a1b2.js.br"), brotliCompressSync(script));
    await writeFile(path.join(webDist, "assets", "page-a1b2.js.gz"), gzipSync(script));
    app = createApp({
      database: test.database,
      env: { ...testEnv, PLAYBOOK_BODY_LIMIT_BYTES: 4096 },
      logger: testLogger,
      webDist,
    });
    await createTestUser(test.database, "admin", "admin@example.com");
    await createTestUser(test.database, "viewer", "viewer@example.com");
  });
  afterAll(async () => {
    await test.drop();
    await rm(webDist, { recursive: true, force: true });
  });
  beforeEach(async () => {
    // Each test starts with no rate-limit history and no sessions.
    await test.database.db.delete(loginAttempts);
    await test.database.db.delete(sessions);
  });

  const post = (procedure: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(`/trpc/${procedure}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: ORIGIN,
        host: "localhost",
        ...headers,
      },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const get = (procedure: string, headers: Record<string, string> = {}) =>
    app.request(`/trpc/${procedure}`, { headers: { host: "localhost", ...headers } });
  const sessionCount = async () =>
    (await test.database.db.select({ n: count() }).from(sessions))[0]!.n;

  async function signIn(email = "admin@example.com") {
    const response = await post("auth.login", { email, password: TEST_PASSWORD });
    expect(response.status).toBe(200);
    const cookie = response.headers.get("set-cookie")!;
    const body = (await response.json()) as { result: { data: { csrfToken: string } } };
    return {
      cookie: cookie.split(";")[0]!,
      csrfToken: body.result.data.csrfToken,
      setCookie: cookie,
    };
  }

  it("signs in with the right password: httpOnly SameSite cookie, a stored session, an audit row", async () => {
    const { cookie, csrfToken, setCookie } = await signIn();
    expect(setCookie).toMatch(/^pb_session=[\w-]{40,};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(await sessionCount()).toBe(1);
    const me = await get("auth.me", { cookie });
    expect(await me.json()).toMatchObject({
      result: { data: { user: { email: "admin@example.com", role: "admin" }, csrfToken } },
    });
    const logins = await test.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "auth.login"));
    expect(logins.length).toBeGreaterThan(0);
  });

  it("answers a wrong password and an unknown user alike, with no session", async () => {
    for (const email of ["admin@example.com", "nobody@example.com"]) {
      const response = await post("auth.login", { email, password: "wrong password!" });
      expect(response.status).toBe(401);
      expect(response.headers.get("set-cookie")).toBeNull();
      expect(await response.json()).toMatchObject({
        error: { message: "Wrong email or password" },
      });
    }
    expect(await sessionCount()).toBe(0);
  });

  it("rejects malformed requests with a clear reason and no session", async () => {
    const notJson = await post("auth.login", "{email:");
    expect(notJson.status).toBe(400);
    const missing = await post("auth.login", { email: "not-an-email" });
    expect(missing.status).toBe(400);
    const body = (await missing.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/email: Enter a valid email address/);
    expect(body.error.message).toMatch(/password/);
    expect(await sessionCount()).toBe(0);
  });

  it("refuses sign-in after repeated failures, even with the right password", async () => {
    for (let i = 0; i < LOGIN_LIMITS.failuresPerEmail; i++) {
      expect(
        (await post("auth.login", { email: "viewer@example.com", password: "nope" })).status,
      ).toBe(401);
    }
    const blocked = await post("auth.login", {
      email: "viewer@example.com",
      password: TEST_PASSWORD,
    });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("set-cookie")).toBeNull();
    // Another account from elsewhere is unaffected.
    expect(
      (await post("auth.login", { email: "admin@example.com", password: TEST_PASSWORD })).status,
    ).toBe(200);
  });

  it("needs the CSRF token for cookie-authenticated mutations", async () => {
    const { cookie, csrfToken } = await signIn();
    const forged = await post("config.set", { shadowMode: true }, { cookie });
    expect(forged.status).toBe(403);
    const ok = await post(
      "config.set",
      { shadowMode: true },
      { cookie, "x-csrf-token": csrfToken },
    );
    expect(ok.status).toBe(200);
  });

  it("refuses cross-site posts before they reach a procedure", async () => {
    const response = await post(
      "auth.login",
      { email: "admin@example.com", password: TEST_PASSWORD },
      { origin: "https://evil.example" },
    );
    expect(response.status).toBe(403);
    expect(await sessionCount()).toBe(0);
  });

  it("keeps a viewer out of admin procedures", async () => {
    const { cookie } = await signIn("viewer@example.com");
    expect((await get("users.list", { cookie })).status).toBe(403);
    expect((await get("system.info", { cookie })).status).toBe(200);
  });

  it("signs out: the session is gone and the cookie cleared", async () => {
    const { cookie, csrfToken } = await signIn();
    const response = await post("auth.logout", {}, { cookie, "x-csrf-token": csrfToken });
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toMatch(/pb_session=;.*Max-Age=0/);
    expect(await sessionCount()).toBe(0);
    expect(await (await get("auth.me", { cookie })).json()).toEqual({ result: { data: null } });
  });

  it("lets an admin disable a user and enable them again", async () => {
    const { cookie, csrfToken } = await signIn();
    const headers = { cookie, "x-csrf-token": csrfToken };
    const list = (await (await get("users.list", { cookie })).json()) as {
      result: { data: Array<{ id: string; email: string }> };
    };
    const viewer = list.result.data.find((u) => u.email === "viewer@example.com")!;
    const disabled = await post("users.update", { id: viewer.id, disabled: true }, headers);
    expect(await disabled.json()).toMatchObject({ result: { data: { disabled: true } } });
    expect(
      (await post("auth.login", { email: viewer.email, password: TEST_PASSWORD })).status,
    ).toBe(401);
    const enabled = await post("users.update", { id: viewer.id, disabled: false }, headers);
    expect(enabled.status).toBe(200);
    expect(await enabled.json()).toMatchObject({ result: { data: { disabled: false } } });
    expect(
      (await post("auth.login", { email: viewer.email, password: TEST_PASSWORD })).status,
    ).toBe(200);
    const nothing = await post("users.update", { id: viewer.id }, headers);
    expect(nothing.status).toBe(400);
  });

  it("limits the request body size", async () => {
    const response = await post("auth.login", { email: "a@b.co", password: "x".repeat(10_000) });
    expect(response.status).toBe(413);
  });

  it("forgets a webhook delivery whose body could not be read, so background work is not held back", async () => {
    const engine = createReplyEngine({ database: test.database, env: testEnv, logger: testLogger });
    const webhookApp = createApp({
      database: test.database,
      env: testEnv,
      logger: testLogger,
      engine,
    });
    for (let i = 0; i < 6; i += 1) {
      const body = new ReadableStream<Uint8Array>({
        pull: (controller) => controller.error(new Error("the sender hung up")),
      });
      const response = await webhookApp.request("/webhooks/openphone", {
        method: "POST",
        body,
        duplex: "half",
      });
      expect(response.status).toBe(500);
    }
    expect(engine.load.requestsInFlight).toBe(0);
    expect(engine.load.busy()).toBe(false);
  });

  it("reports liveness and readiness", async () => {
    expect(await (await app.request("/healthz")).json()).toEqual({ status: "ok" });
    const ready = await app.request("/readyz");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: "ready",
      database: kind,
      // How far deciding lags behind storing: nothing is waiting here.
      backlog: { pending: 0, oldestPendingSeconds: null },
    });
  });

  it("serves built scripts compressed as the browser accepts, cached for good (their names change with them)", async () => {
    const asset = (acceptEncoding?: string) =>
      app.request("/assets/page-a1b2.js", {
        headers: acceptEncoding ? { "accept-encoding": acceptEncoding } : {},
      });
    const brotli = await asset("gzip, deflate, br");
    expect(brotli.status).toBe(200);
    expect(brotli.headers.get("content-encoding")).toBe("br");
    expect(brotli.headers.get("vary")).toContain("Accept-Encoding");
    expect(brotli.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(brotli.headers.get("content-type")).toContain("javascript");
    expect(brotliDecompressSync(Buffer.from(await brotli.arrayBuffer())).toString()).toBe(script);

    const gzipped = await asset("gzip");
    expect(gzipped.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(Buffer.from(await gzipped.arrayBuffer())).toString()).toBe(script);

    const plain = await asset();
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(await plain.text()).toBe(script);

    // A chunk the build no longer has is missing, not the dashboard's page cached for a year.
    const missing = await app.request("/assets/page-0000.js");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("cache-control")).toBeNull();
  });

  it("serves the dashboard for client-side routes, and JSON 404s for unknown API paths", async () => {
    const page = await app.request("/settings");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<title>Playbook</title>");
    expect((await app.request("/webhooks/unknown")).status).toBe(404);
  });
});

describe("request logs", () => {
  it("writes one JSON line per request carrying the id the response names, and never the password", async () => {
    const test = await openTestDatabase("pglite");
    try {
      const logs = captureLogs();
      const app = createApp({ database: test.database, env: testEnv, logger: logs.logger });
      const response = await app.request("/trpc/auth.login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "nobody@example.com", password: "secret-in-body" }),
      });
      const requestId = response.headers.get("x-request-id");
      expect(requestId).toMatch(/^[\w-]{8,}$/);
      expect(logs.find("request")).toEqual([
        expect.objectContaining({
          requestId,
          method: "POST",
          path: "/trpc/auth.login",
          status: 401,
        }),
      ]);
      expect(JSON.stringify(logs.lines)).not.toContain("secret-in-body");
    } finally {
      await test.drop();
    }
  });
});

describe("readiness when the database is not ready", () => {
  it("answers 503 while migrations are pending, then 503 once the database is gone", async () => {
    const { createDb } = await import("@playbook/db");
    const database = await createDb({ dataDir: "memory://" });
    const app = createApp({ database, env: testEnv, logger: testLogger });
    const pending = await app.request("/readyz");
    expect(pending.status).toBe(503);
    expect(await pending.json()).toMatchObject({
      status: "migrations pending",
      migrations: { applied: 0 },
    });
    await database.close();
    const gone = await app.request("/readyz");
    expect(gone.status).toBe(503);
    expect(await gone.json()).toEqual({ status: "database unreachable" });
    // Liveness is about the process, not the database.
    expect((await app.request("/healthz")).status).toBe(200);
  });
});
