// What one OpenAI call cost and how it went, so spend and failures can be tracked per purpose.

export type LlmPurpose = "extract_pattern" | "embed";

export type LlmUsage = {
  purpose: LlmPurpose;
  model: string;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  latencyMs: number;
  ok: boolean;
  /** Why the call failed (never contains message text); null when ok. */
  error: string | null;
};

/** US dollars per 1M tokens, input then output, from OpenAI's public price list. */
export const modelPricesPerMillionTokens: Readonly<
  Record<string, { prompt: number; completion: number }>
> = {
  "gpt-4o-mini": { prompt: 0.15, completion: 0.6 },
  "gpt-4.1-mini": { prompt: 0.4, completion: 1.6 },
  "gpt-4o": { prompt: 2.5, completion: 10 },
  "text-embedding-3-small": { prompt: 0.02, completion: 0 },
};

// The API answers with dated snapshots ("gpt-4o-mini-2024-07-18"); they cost what their alias costs.
const snapshotDateSuffix = /-\d{4}-\d{2}-\d{2}$/;

/**
 * Estimated cost of one call in US dollars. A model missing from the price table (a new or fine-tuned model)
 * costs 0 here rather than a guess: add it to `modelPricesPerMillionTokens` to have it counted.
 */
export function estimateCostUsd(
  model: string,
  promptTokens: number,
  completionTokens: number,
): number {
  const price =
    modelPricesPerMillionTokens[model] ??
    modelPricesPerMillionTokens[model.replace(snapshotDateSuffix, "")];
  if (price === undefined) return 0;
  const safe = (tokens: number) => (Number.isFinite(tokens) && tokens > 0 ? tokens : 0);
  return (
    (safe(promptTokens) * price.prompt + safe(completionTokens) * price.completion) / 1_000_000
  );
}
