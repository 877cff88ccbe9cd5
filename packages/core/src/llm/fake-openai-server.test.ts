import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZOpenAIPatternReply } from "./openai-pattern-reply";
import {
  deriveFakePatternReply,
  startFakeOpenAIServer,
  type FakeOpenAIServer,
} from "./fake-openai-server";

let server: FakeOpenAIServer;
beforeEach(async () => {
  server = await startFakeOpenAIServer();
});
afterEach(async () => {
  await server.close();
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });

describe("startFakeOpenAIServer", () => {
  it("listens on 127.0.0.1 under /v1", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it("answers a chat completion shaped like OpenAI's, derived from the user message", async () => {
    const response = await post(
      "/chat/completions",
      JSON.stringify({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "What are your hours?" }],
      }),
      { authorization: "Bearer anything" },
    );
    expect(response.status).toBe(200);
    const json = (await response.json()) as {
      object: string;
      choices: { message: { content: string } }[];
      usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
    };
    expect(json.object).toBe("chat.completion");
    const reply = ZOpenAIPatternReply.parse(JSON.parse(json.choices[0]?.message.content ?? ""));
    expect(reply).toMatchObject({ type: "hours", triggerText: "What are your hours?" });
    expect(json.usage.total_tokens).toBe(json.usage.prompt_tokens + json.usage.completion_tokens);
    expect(server.requests).toEqual([
      {
        path: "/v1/chat/completions",
        body: {
          model: "gpt-4o-mini",
          messages: [{ role: "user", content: "What are your hours?" }],
        },
        authorization: "Bearer anything",
      },
    ]);
  });

  it("answers unknown paths with 404 and a bad body with 400, OpenAI-style", async () => {
    const missing = await post("/completions", "{}");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { type: "invalid_request_error" } });
    const bad = await post("/chat/completions", "{oops");
    expect(bad.status).toBe(400);
  });

  it("passes body and path to the handler and uses the default when it returns nothing", async () => {
    const seen: string[] = [];
    server.respondWith((body, path) => {
      seen.push(`${path} ${body.model ?? ""}`);
      return body.model === "busy" ? { status: 429 } : undefined;
    });
    expect(
      (await post("/chat/completions", JSON.stringify({ model: "busy", messages: [] }))).status,
    ).toBe(429);
    expect(
      (await post("/chat/completions", JSON.stringify({ model: "c", messages: [] }))).status,
    ).toBe(200);
    expect(seen).toEqual(["/v1/chat/completions busy", "/v1/chat/completions c"]);
  });

  it("closes promptly while an answer is still delayed", async () => {
    server.respondWith(() => ({ delayMs: 10_000 }));
    const pending = post("/chat/completions", JSON.stringify({ messages: [] })).catch(
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await pending).toBeInstanceOf(Error);
    // afterEach closes again; a second close must not hang, so start a fresh server for it.
    server = await startFakeOpenAIServer();
  });
});

describe("deriveFakePatternReply", () => {
  it("skips placeholders and stop words", () => {
    expect(
      deriveFakePatternReply("Is bay {{bay_number}} free tonight?", "Yes").triggerKeywords,
    ).toEqual(["free", "tonight"]);
  });
});
