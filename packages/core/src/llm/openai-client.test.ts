import { afterEach, describe, expect, it, vi } from "vitest";
import { startFakeOpenAIServer } from "./fake-openai-server";
import { createOpenAIClient } from "./openai-client";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("createOpenAIClient", () => {
  it("defaults to a 15 s timeout and 2 retries on OpenAI's own URL", () => {
    const client = createOpenAIClient({ apiKey: "sk-a" });
    expect(client.timeout).toBe(15_000);
    expect(client.maxRetries).toBe(2);
    expect(client.baseURL).toBe("https://api.openai.com/v1");
  });

  it("applies the options given", () => {
    const client = createOpenAIClient({
      apiKey: "sk-a",
      baseUrl: "http://127.0.0.1:9/v1",
      timeoutMs: 300,
      maxRetries: 0,
    });
    expect(client).toMatchObject({ timeout: 300, maxRetries: 0, baseURL: "http://127.0.0.1:9/v1" });
  });

  it("ignores OPENAI_* environment variables: configuration comes from env.ts only", () => {
    vi.stubEnv("OPENAI_BASE_URL", "http://elsewhere.invalid/v1");
    vi.stubEnv("OPENAI_ORG_ID", "org-from-env");
    const client = createOpenAIClient({ apiKey: "sk-a" });
    expect(client.baseURL).toBe("https://api.openai.com/v1");
    expect(client.organization).toBeNull();
  });

  it("refuses an empty key", () => {
    vi.stubEnv("OPENAI_API_KEY", "");
    expect(() => createOpenAIClient({ apiKey: "" })).toThrow(/apiKey/);
  });

  it("sends the key as a bearer token", async () => {
    const server = await startFakeOpenAIServer({ apiKey: "sk-right" });
    try {
      const client = createOpenAIClient({ apiKey: "sk-right", baseUrl: server.url, maxRetries: 0 });
      await client.chat.completions.create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "hello" }],
      });
      expect(server.requests[0]?.authorization).toBe("Bearer sk-right");
    } finally {
      await server.close();
    }
  });
});
