// The one place an OpenAI SDK client is built, with Playbook's timeout and retry defaults.
import OpenAI from "openai";

export type OpenAIClientOptions = {
  apiKey: string;
  /** Another OpenAI-compatible endpoint (or a test double), e.g. `http://127.0.0.1:4010/v1`. */
  baseUrl?: string;
  /** Per attempt; a slow OpenAI must not hold up learning, the local extractor is the fallback. */
  timeoutMs?: number;
  /** Retries of 408/409/429/5xx and connection errors, with the SDK's exponential back-off. */
  maxRetries?: number;
};

export function createOpenAIClient(opts: OpenAIClientOptions): OpenAI {
  return new OpenAI({
    apiKey: opts.apiKey,
    // null, not undefined: the SDK would otherwise read OPENAI_* variables, and env.ts is the one reader of env.
    baseURL: opts.baseUrl ?? null,
    organization: null,
    project: null,
    webhookSecret: null,
    timeout: opts.timeoutMs ?? 15_000,
    maxRetries: opts.maxRetries ?? 2,
  });
}
