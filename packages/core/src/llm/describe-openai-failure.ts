// Turns an error from the OpenAI SDK into the short text kept in `LlmUsage.error`.
import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";

const maxLength = 300;

/** A short description of why an OpenAI call failed, free of API keys. */
export function describeOpenAIFailure(error: unknown): string {
  const text = ((): string => {
    if (error instanceof APIConnectionTimeoutError) return "timeout";
    if (error instanceof APIConnectionError) return `connection failed: ${error.message}`;
    if (error instanceof APIError) {
      // 401/403 messages quote part of the API key; the status says enough.
      if (error.status === 401 || error.status === 403)
        return `http ${error.status}: not authorised`;
      // The SDK's message starts with the status: "500 Internal error".
      return `http ${error.message}`;
    }
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  })();
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
