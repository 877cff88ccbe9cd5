// Sends SMS through the OpenPhone/Quo public API, retrying what is worth retrying.
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import type { Logger } from "../logger";

export const DEFAULT_OPENPHONE_BASE_URL = "https://api.openphone.com";
export const MAX_MESSAGE_LENGTH = 1600;

export const ZSendMessageInput = z.object({
  content: z
    .string()
    .min(1, "content must not be empty")
    .max(MAX_MESSAGE_LENGTH, `content must be at most ${MAX_MESSAGE_LENGTH} characters`)
    .refine((value) => value.trim() !== "", "content must not be blank"),
  // A phone-number id ("PN…") or the number itself in E.164.
  from: z.string().trim().min(1, "from must not be empty"),
  to: z
    .array(z.string().regex(/^\+[1-9]\d{1,14}$/, "to must hold E.164 numbers like +15550100199"))
    .min(1, "to needs at least one number"),
  userId: z.string().trim().min(1).optional(),
  setInboxStatus: z.literal("done").optional(),
});

export type TSendMessageInput = z.infer<typeof ZSendMessageInput>;

export const ZSendMessageResponse = z.object({
  data: z.object({ id: z.string().min(1), status: z.string().min(1) }),
});

export interface SendMessageResult {
  id: string;
  status: string;
  attempts: number;
}

const ZListMessagesResponse = z.object({
  data: z.array(
    z.object({
      id: z.string().min(1),
      text: z.string().nullish(),
      direction: z.string(),
      status: z.string().nullish(),
    }),
  ),
});

// GET /v1/users/{userId}: the workspace member who sent a message by hand.
const ZGetUserResponse = z.object({
  data: z.object({
    id: z.string().min(1),
    firstName: z.string().nullish(),
    lastName: z.string().nullish(),
    email: z.string().nullish(),
  }),
});

export interface OpenPhoneUser {
  id: string;
  /** First and last name as OpenPhone holds them, else the email; null when OpenPhone has neither. */
  name: string | null;
}

export interface FindSentMessageInput {
  /** OpenPhone's id of the business line ("PN…"): listing needs it, a number will not do. */
  phoneNumberId: string;
  to: string;
  content: string;
  createdAfter: Date;
}

export interface OpenPhoneClient {
  sendMessage(input: TSendMessageInput): Promise<SendMessageResult>;
  /**
   * The outgoing message with exactly this text sent to `to` after `createdAfter`, if OpenPhone has one: how a
   * send whose answer never came back is checked before it is tried again. Throws when OpenPhone cannot say.
   */
  findSentMessage(input: FindSentMessageInput): Promise<{ id: string; status: string } | null>;
  /** A workspace user by id (a message's `userId`); null when OpenPhone does not know the id (404). */
  getUser(userId: string): Promise<OpenPhoneUser | null>;
}

export interface OpenPhoneClientOptions {
  apiKey: string;
  baseUrl?: string;
  /** Per attempt, including reading the response. */
  timeoutMs?: number;
  maxAttempts?: number;
  /** Base of the exponential backoff; each wait is uniform in [0, min(cap, base × 2^(attempt-1))]. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Ceiling on a server's Retry-After, so one 429 cannot park a worker for minutes. */
  maxRetryAfterMs?: number;
  fetch?: typeof fetch;
  logger?: Logger;
}

export class OpenPhoneSendError extends Error {
  override name = "OpenPhoneSendError";
  readonly status: number | null;
  readonly retryable: boolean;
  readonly attempts: number;
  readonly responseBody: string | null;

  constructor(
    message: string,
    details: {
      status: number | null;
      retryable: boolean;
      attempts: number;
      responseBody: string | null;
      cause?: unknown;
    },
  ) {
    super(message, { cause: details.cause });
    this.status = details.status;
    this.retryable = details.retryable;
    this.attempts = details.attempts;
    this.responseBody = details.responseBody;
  }
}

const RESPONSE_BODY_LIMIT = 2000;

type AttemptOutcome =
  | { kind: "sent"; id: string; status: string }
  | {
      kind: "failed";
      retryable: boolean;
      status: number | null;
      responseBody: string | null;
      message: string;
      retryAfterMs: number | null;
      cause?: unknown;
    };

export function createOpenPhoneClient(opts: OpenPhoneClientOptions): OpenPhoneClient {
  const baseUrl = (opts.baseUrl ?? DEFAULT_OPENPHONE_BASE_URL).replace(/\/+$/, "");
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const maxAttempts = Math.max(1, Math.floor(opts.maxAttempts ?? 4));
  const backoffMs = opts.backoffMs ?? 250;
  const maxBackoffMs = opts.maxBackoffMs ?? 5_000;
  const maxRetryAfterMs = opts.maxRetryAfterMs ?? 10_000;
  const fetchImpl = opts.fetch ?? globalThis.fetch;

  async function attemptSend(body: string): Promise<AttemptOutcome> {
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(`${baseUrl}/v1/messages`, {
        method: "POST",
        // OpenPhone takes the bare key, not "Bearer <key>".
        headers: { Authorization: opts.apiKey, "Content-Type": "application/json" },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const timedOut = error instanceof Error && error.name === "TimeoutError";
      // Only a request that never reached OpenPhone is safe to send again. Once it may have arrived (no answer
      // in time, the connection lost mid-way), a retry could text the customer twice: the send is reported as
      // failed instead, and the failed-send check asks OpenPhone whether it went out.
      const neverSent = !timedOut && notConnected(error);
      const reason = timedOut
        ? `no answer within ${timeoutMs} ms`
        : `network error: ${error instanceof Error ? error.message : String(error)}`;
      return {
        kind: "failed",
        retryable: neverSent,
        status: null,
        responseBody: null,
        message: neverSent ? reason : `${reason}; it may have been sent, so it is not sent again`,
        retryAfterMs: null,
        cause: error,
      };
    }

    const responseBody = text.slice(0, RESPONSE_BODY_LIMIT);
    if (response.ok) {
      const parsed = ZSendMessageResponse.safeParse(safeJson(text));
      if (parsed.success) return { kind: "sent", ...parsed.data.data };
      // The message may well have gone out: retrying could send it twice.
      return {
        kind: "failed",
        retryable: false,
        status: response.status,
        responseBody,
        message: `unexpected ${response.status} response body`,
        retryAfterMs: null,
      };
    }
    const retryable = response.status === 429 || response.status >= 500;
    return {
      kind: "failed",
      retryable,
      status: response.status,
      responseBody,
      message: `OpenPhone answered ${response.status}`,
      retryAfterMs:
        response.status === 429 ? parseRetryAfter(response.headers.get("retry-after")) : null,
    };
  }

  return {
    async getUser(userId) {
      const response = await fetchImpl(`${baseUrl}/v1/users/${encodeURIComponent(userId)}`, {
        headers: { Authorization: opts.apiKey },
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      if (response.status === 404) return null;
      if (!response.ok) {
        throw new OpenPhoneSendError(
          `Reading user ${userId} failed: OpenPhone answered ${response.status}`,
          {
            status: response.status,
            retryable: response.status === 429 || response.status >= 500,
            attempts: 1,
            responseBody: text.slice(0, RESPONSE_BODY_LIMIT),
          },
        );
      }
      const parsed = ZGetUserResponse.safeParse(safeJson(text));
      if (!parsed.success) throw new Error("Reading a user failed: unexpected response body");
      const { id, firstName, lastName, email } = parsed.data.data;
      const name = [firstName, lastName]
        .filter((part) => part?.trim())
        .join(" ")
        .trim();
      return { id, name: name || email?.trim() || null };
    },
    async findSentMessage(input) {
      const query = new URLSearchParams({
        phoneNumberId: input.phoneNumberId,
        participants: input.to,
        createdAfter: input.createdAfter.toISOString(),
        maxResults: "100",
      });
      const response = await fetchImpl(`${baseUrl}/v1/messages?${query.toString()}`, {
        headers: { Authorization: opts.apiKey },
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      if (!response.ok) {
        throw new OpenPhoneSendError(
          `Listing messages failed: OpenPhone answered ${response.status}`,
          {
            status: response.status,
            retryable: response.status === 429 || response.status >= 500,
            attempts: 1,
            responseBody: text.slice(0, RESPONSE_BODY_LIMIT),
          },
        );
      }
      const parsed = ZListMessagesResponse.safeParse(safeJson(text));
      if (!parsed.success) throw new Error("Listing messages failed: unexpected response body");
      const found = parsed.data.data.find(
        (m) => m.direction === "outgoing" && m.text === input.content,
      );
      return found ? { id: found.id, status: found.status ?? "sent" } : null;
    },
    async sendMessage(input) {
      const parsedInput = ZSendMessageInput.safeParse(input);
      if (!parsedInput.success) {
        const problems = parsedInput.error.issues
          .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
          .join("; ");
        throw new OpenPhoneSendError(`Invalid message: ${problems}`, {
          status: null,
          retryable: false,
          attempts: 0,
          responseBody: null,
        });
      }
      const body = JSON.stringify(parsedInput.data);

      for (let attempt = 1; ; attempt += 1) {
        const outcome = await attemptSend(body);
        if (outcome.kind === "sent")
          return { id: outcome.id, status: outcome.status, attempts: attempt };

        if (!outcome.retryable || attempt >= maxAttempts) {
          throw new OpenPhoneSendError(
            `Sending the SMS failed after ${attempt} attempt${attempt === 1 ? "" : "s"}: ${outcome.message}`,
            {
              status: outcome.status,
              retryable: outcome.retryable,
              attempts: attempt,
              responseBody: outcome.responseBody,
              cause: outcome.cause,
            },
          );
        }
        const delayMs =
          outcome.retryAfterMs !== null
            ? Math.min(outcome.retryAfterMs, maxRetryAfterMs)
            : computeBackoff(attempt, backoffMs, maxBackoffMs);
        opts.logger?.warn(
          { attempt, status: outcome.status, delayMs, reason: outcome.message },
          "OpenPhone send failed; retrying",
        );
        await sleep(delayMs);
      }
    },
  };
}

/** Full jitter: uniform in [0, min(cap, base × 2^(attempt-1))], so many workers do not retry in step. */
export function computeBackoff(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Retry-After as delay-seconds or an HTTP date, in milliseconds; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date = new Date()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Only an IMF-fixdate ("Wed, 01 Apr 2026 12:00:05 GMT"): Date.parse reads "-1" as a year.
  if (!/^[A-Za-z]{3}, /.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

// Errors of a connection that was never made (undici reports them as the cause of fetch's TypeError): nothing of
// the request reached the server.
const connectErrorCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

function notConnected(error: unknown): boolean {
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = cause?.code ?? (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && connectErrorCodes.has(code);
}
