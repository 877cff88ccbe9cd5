// The send client against the real-HTTP fake: success, retries, timeouts, 4xx, and the fake itself.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { captureLogs } from "../testing";
import { startFakeOpenPhoneServer, type FakeOpenPhoneServer } from "./fake-openphone-server";
import {
  computeBackoff,
  createOpenPhoneClient,
  OpenPhoneSendError,
  parseRetryAfter,
  type OpenPhoneClientOptions,
} from "./openphone-client";

const apiKey = "test-key-123";
const message = { content: "Bay 3 is free at 6pm.", from: "PNxK2c9dQe", to: ["+15550100199"] };

let fake: FakeOpenPhoneServer;

beforeEach(async () => {
  fake = await startFakeOpenPhoneServer({ apiKey });
});

afterEach(async () => {
  await fake.close();
});

function client(overrides: Partial<OpenPhoneClientOptions> = {}) {
  return createOpenPhoneClient({ apiKey, baseUrl: fake.url, backoffMs: 5, ...overrides });
}

async function expectSendError(promise: Promise<unknown>): Promise<OpenPhoneSendError> {
  const error: unknown = await promise.then(
    () => {
      throw new Error("expected the send to fail");
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OpenPhoneSendError);
  return error as OpenPhoneSendError;
}

describe("createOpenPhoneClient().sendMessage", () => {
  it("sends once with the bare API key and returns the provider id", async () => {
    const result = await client().sendMessage({
      ...message,
      userId: "US1",
      setInboxStatus: "done",
    });
    expect(result).toMatchObject({ status: "queued", attempts: 1 });
    expect(result.id).toMatch(/^AC[0-9a-f]{32}$/);
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]).toMatchObject({
      ...message,
      userId: "US1",
      setInboxStatus: "done",
      authorization: apiKey,
    });
  });

  it("gives every message its own id", async () => {
    const a = await client().sendMessage(message);
    const b = await client().sendMessage(message);
    expect(a.id).not.toBe(b.id);
  });

  it("retries two server errors and succeeds on the third attempt", async () => {
    fake.failNext(2);
    const logs = captureLogs();
    const result = await client({ logger: logs.logger }).sendMessage(message);
    expect(result.attempts).toBe(3);
    expect(fake.requestCount()).toBe(3);
    expect(fake.sent).toHaveLength(1);
    expect(logs.find("retrying", 40)).toHaveLength(2);
    expect(JSON.stringify(logs.lines)).not.toContain(apiKey);
  });

  it("gives up after maxAttempts server errors, marked retryable", async () => {
    fake.failNext(4, 503);
    const error = await expectSendError(client().sendMessage(message));
    expect(error).toMatchObject({ status: 503, retryable: true, attempts: 4 });
    expect(error.responseBody).toContain("Injected failure 503");
    expect(fake.requestCount()).toBe(4);
    expect(fake.sent).toHaveLength(0);
  });

  it("does not retry a 400", async () => {
    fake.failNext(1, 400);
    const error = await expectSendError(client().sendMessage(message));
    expect(error).toMatchObject({ status: 400, retryable: false, attempts: 1 });
    expect(fake.requestCount()).toBe(1);
  });

  it("honours Retry-After on a 429", async () => {
    fake.failNext(1, 429, { retryAfterSeconds: 1 });
    const started = Date.now();
    const result = await client().sendMessage(message);
    expect(result.attempts).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("caps a long Retry-After", async () => {
    fake.failNext(1, 429, { retryAfterSeconds: 3600 });
    const started = Date.now();
    const result = await client({ maxRetryAfterMs: 50 }).sendMessage(message);
    expect(result.attempts).toBe(2);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("does not send again after a timeout, since the first request may have texted the customer", async () => {
    fake.hangNext(1);
    const error = await expectSendError(
      client({ timeoutMs: 200, maxAttempts: 3 }).sendMessage(message),
    );
    expect(error).toMatchObject({
      status: null,
      retryable: false,
      attempts: 1,
      responseBody: null,
    });
    expect(error.message).toContain("no answer within 200 ms");
    expect(error.message).toContain("it may have been sent, so it is not sent again");
    expect(fake.requestCount()).toBe(1);
  });

  it("fails on a wrong API key without retrying", async () => {
    const error = await expectSendError(client({ apiKey: "wrong" }).sendMessage(message));
    expect(error).toMatchObject({ status: 401, retryable: false, attempts: 1 });
    expect(error.responseBody).toContain("Unauthorized");
    expect(fake.requestCount()).toBe(1);
  });

  it("does not send 'Bearer <key>'", async () => {
    await expectSendError(client({ apiKey: `Bearer ${apiKey}` }).sendMessage(message));
    expect(fake.sent).toHaveLength(0);
  });

  it("does not send again when the connection drops after the request went out", async () => {
    let received = 0;
    // A server that reads the request, then drops the connection without an answer.
    const dropping = createServer((request) => {
      received += 1;
      request.resume();
      request.on("end", () => request.socket.destroy());
    });
    await new Promise<void>((resolve) => dropping.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = dropping.address() as AddressInfo;
      const error = await expectSendError(
        client({ baseUrl: `http://127.0.0.1:${port}`, maxAttempts: 3 }).sendMessage(message),
      );
      expect(error).toMatchObject({ status: null, retryable: false, attempts: 1 });
      expect(error.message).toContain("it may have been sent");
      expect(received).toBe(1);
    } finally {
      await new Promise((resolve) => dropping.close(resolve));
    }
  });

  it("retries a connection that was refused: nothing reached OpenPhone", async () => {
    const closed = await startFakeOpenPhoneServer();
    const deadUrl = closed.url;
    await closed.close();
    const error = await expectSendError(
      client({ baseUrl: deadUrl, maxAttempts: 2 }).sendMessage(message),
    );
    expect(error).toMatchObject({ status: null, retryable: true, attempts: 2 });
    expect(error.message).toContain("network error");
  });

  it.each([
    ["empty content", { ...message, content: "" }, /content/],
    ["blank content", { ...message, content: "   " }, /blank/],
    ["content over 1600 characters", { ...message, content: "x".repeat(1601) }, /1600/],
    ["no recipient", { ...message, to: [] }, /at least one/],
    ["a recipient not in E.164", { ...message, to: ["555-0199"] }, /E\.164/],
    ["an empty sender", { ...message, from: "" }, /from/],
  ])("rejects %s before any request", async (_label, input, reason) => {
    const error = await expectSendError(client().sendMessage(input));
    expect(error).toMatchObject({ status: null, retryable: false, attempts: 0 });
    expect(error.message).toMatch(reason);
    expect(fake.requestCount()).toBe(0);
  });

  it("accepts content of exactly 1600 characters", async () => {
    await client().sendMessage({ ...message, content: "x".repeat(1600) });
    expect(fake.sent[0]?.content).toHaveLength(1600);
  });

  it("does not retry a success answer it cannot read, since the SMS may be out", async () => {
    let calls = 0;
    const fetchStub: typeof fetch = () => {
      calls += 1;
      return Promise.resolve(new Response(JSON.stringify({ data: {} }), { status: 202 }));
    };
    const error = await expectSendError(client({ fetch: fetchStub }).sendMessage(message));
    expect(error).toMatchObject({ status: 202, retryable: false, attempts: 1 });
    expect(calls).toBe(1);
  });

  it("posts JSON to <baseUrl>/v1/messages, ignoring a trailing slash", async () => {
    const seen: { url: unknown; init: RequestInit | undefined }[] = [];
    const fetchStub: typeof fetch = (url, init) => {
      seen.push({ url, init });
      return Promise.resolve(
        new Response(JSON.stringify({ data: { id: "AC1", status: "queued" } }), { status: 202 }),
      );
    };
    await createOpenPhoneClient({
      apiKey,
      baseUrl: "https://api.example/",
      fetch: fetchStub,
    }).sendMessage(message);
    expect(seen[0]?.url).toBe("https://api.example/v1/messages");
    expect(seen[0]?.init?.method).toBe("POST");
    expect(seen[0]?.init?.headers).toMatchObject({
      Authorization: apiKey,
      "Content-Type": "application/json",
    });
    const sentBody = seen[0]?.init?.body;
    expect(typeof sentBody).toBe("string");
    expect(JSON.parse(sentBody as string)).toEqual(message);
  });
});

describe("computeBackoff", () => {
  it("grows exponentially up to the cap, with full jitter", () => {
    expect(computeBackoff(1, 250, 5_000, () => 0.999)).toBe(249);
    expect(computeBackoff(3, 250, 5_000, () => 0.999)).toBe(999);
    expect(computeBackoff(10, 250, 5_000, () => 0.999)).toBe(4_995);
    expect(computeBackoff(3, 250, 5_000, () => 0)).toBe(0);
  });
});

describe("parseRetryAfter", () => {
  const now = new Date("2026-04-01T12:00:00.000Z");

  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("2", now)).toBe(2_000);
    expect(parseRetryAfter("Wed, 01 Apr 2026 12:00:05 GMT", now)).toBe(5_000);
    expect(parseRetryAfter("Wed, 01 Apr 2026 11:00:00 GMT", now)).toBe(0);
  });

  it("returns null for absent or unreadable values", () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter("-1", now)).toBeNull();
  });
});

describe("startFakeOpenPhoneServer", () => {
  const post = (body: unknown, authorization: string | null = apiKey) =>
    fetch(`${fake.url}/v1/messages`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        ...(authorization === null ? {} : { Authorization: authorization }),
      },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  it("answers 400 with the problems for an invalid body", async () => {
    const response = await post({ content: "", from: "PN1", to: "+15550100199" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { path: string }[] };
    expect(body.errors.map((error) => error.path).sort()).toEqual(["content", "to"]);
    expect((await post("{not json")).status).toBe(400);
  });

  it("answers 401 without an Authorization header", async () => {
    expect((await post(message, null)).status).toBe(401);
    expect((await post(message, "wrong")).status).toBe(401);
    expect(fake.sent).toHaveLength(0);
  });

  it("accepts any key when none is configured", async () => {
    const open = await startFakeOpenPhoneServer();
    try {
      const response = await fetch(`${open.url}/v1/messages`, {
        method: "POST",
        headers: { Authorization: "anything" },
        body: JSON.stringify(message),
      });
      expect(response.status).toBe(202);
      expect(open.sent).toHaveLength(1);
    } finally {
      await open.close();
    }
  });

  it("answers 404 elsewhere", async () => {
    expect((await fetch(`${fake.url}/v1/calls`)).status).toBe(404);
  });

  it("waits for messages, and gives up after its timeout", async () => {
    const waiting = fake.waitForMessages(2, 2_000);
    await post(message);
    await post(message);
    await expect(waiting).resolves.toBeUndefined();
    await expect(fake.waitForMessages(3, 50)).rejects.toThrow(/2 of 3 messages/);
  });

  it("closes even with a request left hanging", async () => {
    const hanging = await startFakeOpenPhoneServer();
    hanging.hangNext(1);
    const request = fetch(`${hanging.url}/v1/messages`, {
      method: "POST",
      headers: { Authorization: "k" },
      body: JSON.stringify(message),
    }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await hanging.close();
    expect(await request).toBeInstanceOf(Error);
  });
});
