import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EmbeddingError, cosineSimilarity, embedTexts } from "./embed-texts";
import {
  buildEmbeddingList,
  startFakeOpenAIServer,
  type FakeOpenAIServer,
} from "./fake-openai-server";
import { estimateCostUsd } from "./llm-usage";
import { createOpenAIClient } from "./openai-client";

const apiKey = "sk-test-key";
let server: FakeOpenAIServer;
beforeEach(async () => {
  server = await startFakeOpenAIServer({ apiKey });
});
afterEach(async () => {
  await server.close();
});

const clientFor = (key = apiKey) =>
  createOpenAIClient({ apiKey: key, baseUrl: server.url, timeoutMs: 300, maxRetries: 0 });

async function embedError(promise: Promise<unknown>): Promise<EmbeddingError> {
  const error = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(error instanceof EmbeddingError)) throw new Error("expected an EmbeddingError");
  return error;
}

describe("embedTexts over HTTP", () => {
  it("returns one vector per text, in order, with usage", async () => {
    const texts = [
      "what are your opening hours",
      "opening hours on sunday",
      "my card was charged twice",
    ];
    const { vectors, usage } = await embedTexts(clientFor(), texts);

    expect(vectors).toHaveLength(3);
    for (const vector of vectors) {
      expect(vector).toHaveLength(64);
      expect(cosineSimilarity(vector, vector)).toBeCloseTo(1, 5);
    }
    const [hours, open, charged] = vectors as [number[], number[], number[]];
    expect(cosineSimilarity(hours, open)).toBeGreaterThan(cosineSimilarity(hours, charged));
    expect(usage).toMatchObject({
      purpose: "embed",
      model: "text-embedding-3-small",
      promptTokens: 14,
      completionTokens: 0,
      ok: true,
      error: null,
    });
    expect(usage.costUsd).toBe(estimateCostUsd("text-embedding-3-small", 14, 0));
    expect(server.requests[0]?.path).toBe("/v1/embeddings");
    expect(server.requests[0]?.body).toMatchObject({
      model: "text-embedding-3-small",
      input: texts,
    });
  });

  it("puts vectors back in input order when the reply is shuffled", async () => {
    server.respondWith((body) => ({
      json: buildEmbeddingList(
        [
          { index: 1, embedding: [0, 1] },
          { index: 0, embedding: [1, 0] },
        ],
        { base64: body.encoding_format === "base64" },
      ),
    }));
    const { vectors } = await embedTexts(clientFor(), ["a", "b"]);
    expect(vectors).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it("makes no call for no texts", async () => {
    const { vectors, usage } = await embedTexts(clientFor(), []);
    expect(vectors).toEqual([]);
    expect(usage.ok).toBe(true);
    expect(server.requests).toHaveLength(0);
  });

  it("throws a clear error with the failed usage on an HTTP error", async () => {
    server.respondWith(() => ({ status: 503 }));
    const error = await embedError(embedTexts(clientFor(), ["hello"]));
    expect(error.message).toMatch(/^OpenAI embeddings failed: http 503/);
    expect(error.code).toBe("UNAVAILABLE");
    expect(error.usage).toMatchObject({ purpose: "embed", ok: false, promptTokens: 0 });
    expect(error.usage.error).toMatch(/^http 503/);
  });

  it("throws on a wrong API key", async () => {
    const error = await embedError(embedTexts(clientFor("sk-wrong"), ["hello"]));
    expect(error.usage.error).toBe("http 401: not authorised");
  });

  it("throws on a timeout", async () => {
    server.respondWith(() => ({ delayMs: 2_000 }));
    const error = await embedError(embedTexts(clientFor(), ["hello"]));
    expect(error.usage.error).toBe("timeout");
  });

  it("throws when the reply lacks a vector or has a malformed one", async () => {
    const replyWith = (items: { index: number; embedding: number[] }[]) =>
      server.respondWith((body) => ({
        json: buildEmbeddingList(items, {
          base64: body.encoding_format === "base64",
          promptTokens: 3,
        }),
      }));

    replyWith([{ index: 0, embedding: [1, 0] }]);
    const missing = await embedError(embedTexts(clientFor(), ["a", "b"]));
    expect(missing.message).toBe("OpenAI embeddings failed: reply has no embedding for text 1");
    expect(missing.usage.promptTokens).toBe(3);

    replyWith([
      { index: 0, embedding: [1, 0] },
      { index: 1, embedding: [1, 0, 0] },
    ]);
    const ragged = await embedError(embedTexts(clientFor(), ["a", "b"]));
    expect(ragged.message).toBe(
      "OpenAI embeddings failed: reply has a malformed embedding for text 1",
    );

    replyWith([{ index: 5, embedding: [1, 0] }]);
    const outOfRange = await embedError(embedTexts(clientFor(), ["a"]));
    expect(outOfRange.message).toBe(
      "OpenAI embeddings failed: reply has an embedding with index 5",
    );
  });

  it("refuses empty texts before calling", async () => {
    const error = await embedError(embedTexts(clientFor(), ["fine", "  "]));
    expect(error.message).toBe("OpenAI embeddings failed: text 1 is empty");
    expect(server.requests).toHaveLength(0);
  });
});

describe("cosineSimilarity", () => {
  it("is 1 for the same direction, 0 for orthogonal, -1 for opposite", () => {
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([1, 0], [0, 5])).toBe(0);
    expect(cosineSimilarity([1, 1], [-1, -1])).toBeCloseTo(-1, 12);
    expect(cosineSimilarity([3, 4], [4, 3])).toBeCloseTo(24 / 25, 12);
  });

  it("is 0 when a vector is zero or empty", () => {
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
    expect(cosineSimilarity([], [])).toBe(0);
  });

  it("throws for vectors of different lengths", () => {
    expect(() => cosineSimilarity([1, 2], [1, 2, 3])).toThrow(RangeError);
  });
});
