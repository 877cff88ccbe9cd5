// Text embeddings from OpenAI (optional: callers fall back to local matching when this throws) and their similarity.
import type OpenAI from "openai";
import { AppError } from "../errors";
import { describeOpenAIFailure } from "./describe-openai-failure";
import { estimateCostUsd, type LlmUsage } from "./llm-usage";

export const defaultEmbeddingModel = "text-embedding-3-small";
// OpenAI's limit on inputs per embeddings request.
const maxTextsPerRequest = 2048;

/** Embeddings could not be had; `usage` records the failed call for cost and failure tracking. */
export class EmbeddingError extends AppError {
  override name = "EmbeddingError";
  constructor(
    message: string,
    readonly usage: LlmUsage,
    options?: { cause?: unknown },
  ) {
    super("UNAVAILABLE", message, options);
  }
}

/**
 * One vector per text, in the order given. Texts must already be PII-masked by the caller: they are sent
 * to OpenAI as they are. Throws `EmbeddingError` on any failure, including a reply with missing or malformed
 * vectors. No texts → no call.
 */
export async function embedTexts(
  client: OpenAI,
  texts: string[],
  model: string = defaultEmbeddingModel,
): Promise<{ vectors: number[][]; usage: LlmUsage }> {
  const started = performance.now();
  const usageOf = (promptTokens: number, error: string | null): LlmUsage => ({
    purpose: "embed",
    model,
    promptTokens,
    completionTokens: 0,
    costUsd: estimateCostUsd(model, promptTokens, 0),
    latencyMs: Math.round(performance.now() - started),
    ok: error === null,
    error,
  });
  const fail = (error: string, promptTokens = 0, cause?: unknown): never => {
    throw new EmbeddingError(`OpenAI embeddings failed: ${error}`, usageOf(promptTokens, error), {
      cause,
    });
  };

  if (texts.length === 0) return { vectors: [], usage: usageOf(0, null) };
  // The API rejects these with a 400; failing here saves the round trip.
  if (texts.length > maxTextsPerRequest) fail(`more than ${maxTextsPerRequest} texts in one call`);
  const emptyAt = texts.findIndex((text) => text.trim() === "");
  if (emptyAt !== -1) fail(`text ${emptyAt} is empty`);

  let response: OpenAI.CreateEmbeddingResponse;
  try {
    response = await client.embeddings.create({ model, input: texts });
  } catch (error) {
    return fail(describeOpenAIFailure(error), 0, error);
  }

  const promptTokens = response.usage?.prompt_tokens ?? 0;
  const vectors: (number[] | undefined)[] = Array.from({ length: texts.length });
  for (const item of response.data ?? []) {
    if (!Number.isInteger(item.index) || item.index < 0 || item.index >= texts.length) {
      fail(`reply has an embedding with index ${item.index}`, promptTokens);
    }
    vectors[item.index] = item.embedding;
  }
  const missing = vectors.findIndex((vector) => vector === undefined);
  if (missing !== -1) fail(`reply has no embedding for text ${missing}`, promptTokens);
  const complete = vectors.filter((vector): vector is number[] => vector !== undefined);
  const dimensions = complete[0]?.length ?? 0;
  const malformed = complete.findIndex(
    (vector) =>
      !Array.isArray(vector) ||
      vector.length === 0 ||
      vector.length !== dimensions ||
      !vector.every((value) => Number.isFinite(value)),
  );
  if (malformed !== -1) fail(`reply has a malformed embedding for text ${malformed}`, promptTokens);

  return { vectors: complete, usage: usageOf(promptTokens, null) };
}

/**
 * Cosine of the angle between two vectors, in -1..1. A zero vector is similar to nothing (0).
 * Vectors of different lengths come from different models: comparing them is a bug, so it throws.
 */
export function cosineSimilarity(a: number[], b: number[]): number {
  if (a.length !== b.length) {
    throw new RangeError(`Cannot compare vectors of length ${a.length} and ${b.length}`);
  }
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  if (normA === 0 || normB === 0) return 0;
  // Rounding can push a vector's similarity with itself just past 1.
  return Math.max(-1, Math.min(1, dot / Math.sqrt(normA * normB)));
}
