import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ExchangeInput, ExtractedPattern } from "../learning/extracted-pattern";
import { extractPatternWithOpenAI } from "./extract-pattern-with-openai";
import {
  buildChatCompletion,
  startFakeOpenAIServer,
  type FakeOpenAIServer,
} from "./fake-openai-server";
import { estimateCostUsd } from "./llm-usage";
import { createOpenAIClient } from "./openai-client";
import type { OpenAIPatternReply } from "./openai-pattern-reply";

const apiKey = "sk-test-key";

const input: ExchangeInput = {
  customerText: "Can I book bay {{bay_number}} at {{time}} tomorrow?",
  replyText:
    "Hi {{customer_name}}, you're booked for bay {{bay_number}} at {{time}}. Door code {{code}}.",
  customerName: "Sarah Connor",
};

// Stands in for the local extractor: a fixed, valid pattern easy to tell apart from OpenAI's.
const localPattern: ExtractedPattern = {
  type: "general",
  triggerText: "local trigger",
  triggerKeywords: ["local"],
  responseTemplate: "Local reply",
  variables: [],
  actionTemplate: null,
};
const fallback = () => localPattern;

const goodReply: OpenAIPatternReply = {
  type: "booking",
  triggerText: "Can I book bay {{bay_number}} at {{time}}?",
  triggerKeywords: ["book", "bay"],
  responseTemplate: input.replyText,
  actionTemplate: null,
};

let server: FakeOpenAIServer;
beforeEach(async () => {
  server = await startFakeOpenAIServer({ apiKey });
});
afterEach(async () => {
  await server.close();
});

const clientFor = (opts: { key?: string; timeoutMs?: number; maxRetries?: number } = {}) =>
  createOpenAIClient({
    apiKey: opts.key ?? apiKey,
    baseUrl: server.url,
    timeoutMs: opts.timeoutMs ?? 300,
    maxRetries: opts.maxRetries ?? 0,
  });

const answerWith = (
  content: string | null,
  extra: Parameters<typeof buildChatCompletion>[1] = {},
) => server.respondWith(() => ({ json: buildChatCompletion(content, extra) }));

describe("extractPatternWithOpenAI over HTTP", () => {
  it("returns OpenAI's validated pattern and records tokens, cost and latency", async () => {
    const result = await extractPatternWithOpenAI({ client: clientFor(), fallback }, input);

    expect(result.source).toBe("openai");
    expect(result.pattern).toMatchObject({
      type: "booking",
      triggerText: input.customerText,
      responseTemplate: input.replyText,
      variables: ["customer_name", "bay_number", "time", "code"],
      actionTemplate: null,
    });
    const usage = result.usage;
    expect(usage).toMatchObject({
      purpose: "extract_pattern",
      model: "gpt-4o-mini",
      ok: true,
      error: null,
    });
    expect(usage?.promptTokens).toBeGreaterThan(0);
    expect(usage?.completionTokens).toBeGreaterThan(0);
    expect(usage?.costUsd).toBeGreaterThan(0);
    expect(usage?.costUsd).toBe(
      estimateCostUsd("gpt-4o-mini", usage?.promptTokens ?? 0, usage?.completionTokens ?? 0),
    );
  });

  it("sends a strict JSON-schema request with the key, the prompt and the exchange", async () => {
    await extractPatternWithOpenAI({ client: clientFor(), model: "gpt-4.1-mini", fallback }, input);

    expect(server.requests).toHaveLength(1);
    const request = server.requests[0];
    expect(request?.path).toBe("/v1/chat/completions");
    expect(request?.authorization).toBe(`Bearer ${apiKey}`);
    const body = request?.body as {
      model: string;
      messages: { role: string; content: string }[];
      response_format: {
        type: string;
        json_schema: { name: string; strict: boolean; schema: object };
      };
    };
    expect(body.model).toBe("gpt-4.1-mini");
    expect(body.response_format.type).toBe("json_schema");
    expect(body.response_format.json_schema.strict).toBe(true);
    expect(body.response_format.json_schema.schema).toMatchObject({ additionalProperties: false });
    expect(body.messages.map((m) => m.role)).toEqual(["system", "user"]);
    expect(JSON.parse(body.messages[1]?.content ?? "")).toEqual({
      customerMessage: input.customerText,
      operatorReply: input.replyText,
    });
    expect(JSON.stringify(body)).not.toContain("Sarah");
  });

  it("prices the exact token counts the API reports", async () => {
    answerWith(JSON.stringify(goodReply), { promptTokens: 1000, completionTokens: 500 });
    const { usage, source } = await extractPatternWithOpenAI(
      { client: clientFor(), fallback },
      input,
    );
    expect(source).toBe("openai");
    expect(usage).toMatchObject({ promptTokens: 1000, completionTokens: 500 });
    expect(usage?.costUsd).toBeCloseTo(0.00045, 12);
  });

  it("succeeds when a retry by the SDK gets through after a 500", async () => {
    let calls = 0;
    server.respondWith(() =>
      ++calls === 1 ? { status: 500, headers: { "retry-after-ms": "1" } } : undefined,
    );
    const result = await extractPatternWithOpenAI(
      { client: clientFor({ maxRetries: 1 }), fallback },
      input,
    );
    expect(result.source).toBe("openai");
    expect(server.requests).toHaveLength(2);
  });

  it("falls back when 500s outlast the retries", async () => {
    server.respondWith(() => ({ status: 500, headers: { "retry-after-ms": "1" } }));
    const result = await extractPatternWithOpenAI(
      { client: clientFor({ maxRetries: 2 }), fallback },
      input,
    );

    expect(server.requests).toHaveLength(3);
    expect(result.source).toBe("local");
    expect(result.pattern).toBe(localPattern);
    expect(result.usage).toMatchObject({
      ok: false,
      promptTokens: 0,
      completionTokens: 0,
      costUsd: 0,
    });
    expect(result.usage?.error).toMatch(/^http 500/);
  });

  it("falls back on a timeout", async () => {
    server.respondWith(() => ({ delayMs: 2_000 }));
    const result = await extractPatternWithOpenAI(
      { client: clientFor({ timeoutMs: 150 }), fallback },
      input,
    );

    expect(result.source).toBe("local");
    expect(result.usage).toMatchObject({ ok: false, error: "timeout" });
    expect(result.usage?.latencyMs).toBeGreaterThanOrEqual(140);
    expect(result.usage?.latencyMs).toBeLessThan(2_000);
  });

  it("falls back on a wrong API key without retrying or quoting the key", async () => {
    const result = await extractPatternWithOpenAI(
      { client: clientFor({ key: "sk-wrong", maxRetries: 2 }), fallback },
      input,
    );
    expect(server.requests).toHaveLength(1);
    expect(result.source).toBe("local");
    expect(result.usage).toMatchObject({ ok: false, error: "http 401: not authorised" });
  });

  it("falls back on content that is not JSON, keeping the tokens it cost", async () => {
    answerWith("{not json", { promptTokens: 300, completionTokens: 4 });
    const result = await extractPatternWithOpenAI({ client: clientFor(), fallback }, input);
    expect(result.source).toBe("local");
    expect(result.usage).toMatchObject({
      ok: false,
      error: "reply is not valid JSON",
      promptTokens: 300,
      completionTokens: 4,
    });
    expect(result.usage?.costUsd).toBeGreaterThan(0);
  });

  it("falls back on a body that is not JSON at all", async () => {
    server.respondWith(() => ({ raw: "<html>Bad gateway</html>" }));
    const result = await extractPatternWithOpenAI({ client: clientFor(), fallback }, input);
    expect(result.source).toBe("local");
    expect(result.usage?.ok).toBe(false);
    expect(result.usage?.error).toBeTruthy();
  });

  it("falls back on JSON the schema rejects", async () => {
    answerWith(JSON.stringify({ ...goodReply, type: "banana" }));
    const result = await extractPatternWithOpenAI({ client: clientFor(), fallback }, input);
    expect(result.source).toBe("local");
    expect(result.usage?.error).toBe("reply does not match the schema at type");
  });

  it("falls back on a reply that adds a phone number, without recording the number", async () => {
    answerWith(
      JSON.stringify({ ...goodReply, responseTemplate: `${input.replyText} Call 555-867-5309.` }),
    );
    const result = await extractPatternWithOpenAI({ client: clientFor(), fallback }, input);
    expect(result.source).toBe("local");
    expect(result.usage?.error).toMatch(/^unsafe output: adds 1 /);
    expect(result.usage?.error).not.toContain("555");
  });

  it("falls back on a reply that names {{__proto__}} or {{constructor}} as placeholders", async () => {
    answerWith(
      JSON.stringify({
        ...goodReply,
        responseTemplate: `${input.replyText} {{__proto__}} {{constructor}}`,
      }),
    );
    const result = await extractPatternWithOpenAI({ client: clientFor(), fallback }, input);
    expect(result.source).toBe("local");
    expect(result.pattern).toBe(localPattern);
    expect(result.usage?.error).toMatch(/Unknown template variable \{\{__proto__\}\}/);
  });

  it("falls back on a reply that un-masks a placeholder", async () => {
    answerWith(
      JSON.stringify({
        ...goodReply,
        responseTemplate: input.replyText.replace("{{code}}", "the usual"),
      }),
    );
    const result = await extractPatternWithOpenAI({ client: clientFor(), fallback }, input);
    expect(result.source).toBe("local");
    expect(result.usage?.error).toBe("unsafe output: responseTemplate drops {{code}}");
  });

  it("falls back on a refusal, a truncated reply and an empty one", async () => {
    const cases: [Parameters<typeof answerWith>, string][] = [
      [[null, { refusal: "I can't help with that." }], "model refused"],
      [['{"type":"book', { finishReason: "length" }], "reply truncated"],
      [[null, { finishReason: "content_filter" }], "reply stopped by content filter"],
      [["  "], "empty reply"],
    ];
    for (const [answer, error] of cases) {
      answerWith(...answer);
      const result = await extractPatternWithOpenAI({ client: clientFor(), fallback }, input);
      expect(result.source).toBe("local");
      expect(result.usage?.error).toBe(error);
    }
  });

  it("falls back when the reply has no choices", async () => {
    server.respondWith(() => ({ json: { ...buildChatCompletion("{}"), choices: [] } }));
    const result = await extractPatternWithOpenAI({ client: clientFor(), fallback }, input);
    expect(result.usage?.error).toBe("no choices in reply");
  });

  it("records the snapshot model the API answered with", async () => {
    answerWith(JSON.stringify(goodReply), {
      model: "gpt-4o-mini-2024-07-18",
      promptTokens: 1_000_000,
    });
    const { usage } = await extractPatternWithOpenAI({ client: clientFor(), fallback }, input);
    expect(usage?.model).toBe("gpt-4o-mini-2024-07-18");
    expect(usage?.costUsd).toBeGreaterThanOrEqual(0.15);
  });
});
