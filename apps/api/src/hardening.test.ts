// Hostile input at the HTTP edge: spoofed client addresses, oversized batches, cached answers, foreign scripts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOGIN_LIMITS, loadEnv } from "@playbook/core";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { createApp } from "./app";
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
