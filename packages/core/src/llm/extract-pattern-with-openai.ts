// Pattern extraction by OpenAI, checked against the local extractor's result, with the local result as fallback.
import type OpenAI from "openai";
import type { ChatCompletion } from "openai/resources/chat/completions";
import type { ExchangeInput, ExtractedPattern } from "../learning/extracted-pattern";
import { describeOpenAIFailure } from "./describe-openai-failure";
import { estimateCostUsd, type LlmUsage } from "./llm-usage";
import { mergeOpenAIPattern } from "./merge-openai-pattern";
import {
  ZOpenAIPatternReply,
  buildExtractionUserMessage,
  extractionSystemPrompt,
  openAIPatternReplyJsonSchema,
} from "./openai-pattern-reply";

export const defaultExtractionModel = "gpt-4o-mini";
// A pattern is a few hundred tokens; the cap bounds the cost of a model that rambles.
const maxCompletionTokens = 800;

export type ExtractPatternWithOpenAIDeps = {
  client: OpenAI;
  model?: string;
  /** The local extractor: its result is the fallback and the yardstick OpenAI's answer is checked against. */
  fallback: (input: ExchangeInput) => ExtractedPattern;
};

export type PatternExtraction = {
  pattern: ExtractedPattern;
  source: "openai" | "local";
  /** Every OpenAI call is recorded, failed ones too (tokens when the API reported them). */
  usage: LlmUsage | null;
};

// A reply the API delivered but Playbook will not use; its message is the recorded error.
class RejectedReplyError extends Error {}

/**
 * Extracts a pattern from one exchange with OpenAI structured outputs, and never fails because of OpenAI:
 * an HTTP error (after the SDK's retries), a timeout, a refusal, a truncated or invalid reply, or an unsafe one
 * (see `mergeOpenAIPattern`) all give the local extractor's result with `source: "local"` and a failed usage.
 *
 * `input` texts must already be PII-masked by the caller; they are sent to OpenAI as they are.
 * `input.customerName` is deliberately not sent: the model is told to turn any name into `{{customer_name}}`.
 */
export async function extractPatternWithOpenAI(
  deps: ExtractPatternWithOpenAIDeps,
  input: ExchangeInput,
): Promise<PatternExtraction> {
  const model = deps.model ?? defaultExtractionModel;
  const local = deps.fallback(input);
  const started = performance.now();
  let completion: ChatCompletion | undefined;

  const recordUsage = (error: string | null): LlmUsage => {
    const usedModel = completion?.model ?? model;
    const promptTokens = completion?.usage?.prompt_tokens ?? 0;
    const completionTokens = completion?.usage?.completion_tokens ?? 0;
    return {
      purpose: "extract_pattern",
      model: usedModel,
      promptTokens,
      completionTokens,
      costUsd: estimateCostUsd(usedModel, promptTokens, completionTokens),
      latencyMs: Math.round(performance.now() - started),
      ok: error === null,
      error,
    };
  };

  try {
    completion = await deps.client.chat.completions.create({
      model,
      messages: [
        { role: "system", content: extractionSystemPrompt },
        { role: "user", content: buildExtractionUserMessage(input) },
      ],
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "extracted_pattern",
          strict: true,
          schema: openAIPatternReplyJsonSchema,
        },
      },
      max_completion_tokens: maxCompletionTokens,
    });
    const merged = mergeOpenAIPattern(readPatternReply(completion), local, input);
    if (!merged.ok) throw new RejectedReplyError(`unsafe output: ${merged.reason}`);
    return { pattern: merged.pattern, source: "openai", usage: recordUsage(null) };
  } catch (error) {
    return {
      pattern: local,
      source: "local",
      usage: recordUsage(
        error instanceof RejectedReplyError ? error.message : describeOpenAIFailure(error),
      ),
    };
  }
}

function readPatternReply(completion: ChatCompletion) {
  const choice = completion.choices[0];
  if (choice === undefined) throw new RejectedReplyError("no choices in reply");
  if (choice.message.refusal) throw new RejectedReplyError("model refused");
  if (choice.finish_reason === "length") throw new RejectedReplyError("reply truncated");
  if (choice.finish_reason === "content_filter") {
    throw new RejectedReplyError("reply stopped by content filter");
  }
  const content = choice.message.content;
  if (content === null || content.trim() === "") throw new RejectedReplyError("empty reply");
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    throw new RejectedReplyError("reply is not valid JSON");
  }
  const parsed = ZOpenAIPatternReply.safeParse(json);
  if (!parsed.success) {
    // Paths only: values could echo customer text.
    const paths = parsed.error.issues.map((issue) => issue.path.join(".") || "(root)");
    throw new RejectedReplyError(
      `reply does not match the schema at ${[...new Set(paths)].join(", ")}`,
    );
  }
  return parsed.data;
}
