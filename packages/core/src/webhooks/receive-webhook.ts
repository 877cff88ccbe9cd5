// The webhook's front door: verify the signature, parse, store durably and idempotently, then answer.
import type { NewWebhookEvent, WebhookEventStore } from "./webhook-event-store";
import { rootCause } from "../errors";
import type { Logger } from "../logger";
import { parseWebhookEvent, type WebhookEvent } from "../openphone/parse-webhook-event";
import { verifyOpenPhoneSignature } from "../openphone/verify-signature";

export type ReceiveWebhookResult =
  | {
      status: 200;
      body: { ok: true; duplicate: boolean };
      storedId: string | null;
      /** The stored message's customer: whose events the processor decides in order. */
      customerPhone?: string;
    }
  | { status: 400 | 401 | 503; body: { ok: false; error: string }; storedId: null };

export interface ReceiveWebhookInput {
  header: (name: string) => string | undefined;
  /** The request body as received; the signature is checked over these bytes (a string: its UTF-8). */
  rawBody: Uint8Array | string;
  secrets: readonly string[];
  now?: Date;
}

/**
 * Nothing is stored unless the signature is good and the body parses; a stored event is acknowledged only after
 * its row is committed, so a sender that got 2xx can forget it. A database failure answers 503: the sender
 * retries, and the unique event id makes the retry harmless.
 */
export async function receiveWebhook(
  store: WebhookEventStore,
  logger: Logger,
  input: ReceiveWebhookInput,
): Promise<ReceiveWebhookResult> {
  if (input.secrets.length === 0) {
    // Misconfiguration must not lose deliveries: 503 makes OpenPhone retry once the secret is set.
    return fail(503, "Webhook signing secret is not configured (OPENPHONE_WEBHOOK_SECRET)");
  }
  const verified = verifyOpenPhoneSignature({
    header: input.header,
    rawBody: input.rawBody,
    secrets: input.secrets,
    now: input.now,
  });
  if (!verified.ok) return fail(401, `Invalid signature: ${verified.reason}`);

  const text = decodeUtf8(input.rawBody);
  if (text === null) return fail(400, "Malformed event: the body is not UTF-8");
  const parsed = parseWebhookEvent(text);
  if (!parsed.ok) return fail(400, `Malformed event: ${parsed.reason}`);

  try {
    const row = await storeParsedEvent(store, text, parsed.event, verified.scheme);
    if (!row) return { status: 200, body: { ok: true, duplicate: true }, storedId: null };
    return {
      status: 200,
      body: { ok: true, duplicate: false },
      storedId: row.status === "pending" ? row.id : null,
      ...(parsed.event.message ? { customerPhone: parsed.event.message.customerPhone } : {}),
    };
  } catch (error) {
    logger.error(
      { err: rootCause(error), eventId: parsed.event.eventId },
      "could not store a webhook event",
    );
    return fail(503, "Could not store the event; retry later");
  }
}

/**
 * Stores a parsed event: what the webhook does after verifying it, and what the demo does for a message typed
 * in the dashboard, so both reach the same processing.
 */
export function storeParsedEvent(
  store: WebhookEventStore,
  rawBody: string,
  event: WebhookEvent,
  signatureScheme: NewWebhookEvent["signatureScheme"],
) {
  return store.store({
    provider: "openphone",
    eventId: event.eventId,
    eventType: event.type,
    signatureScheme,
    rawBody,
    // Events that are not about messages are kept for the record and need no processing. A message's customer
    // and time let each customer's messages be decided in the order they were sent.
    ...(event.message
      ? {
          customerPhone: event.message.customerPhone,
          sentAt: storableTime(event.message.createdAt) ?? new Date(),
        }
      : { status: "ignored" as const, processedAt: new Date() }),
  });
}

// Fatal: invalid bytes are refused rather than silently replaced. A leading byte-order mark is dropped.
const utf8 = new TextDecoder("utf-8", { fatal: true });

function decodeUtf8(body: Uint8Array | string): string | null {
  if (typeof body === "string") return body;
  try {
    return utf8.decode(body);
  } catch {
    return null;
  }
}

/** PostgreSQL refuses ISO years below 1 (and far-future ones): such a time orders by arrival instead. */
function storableTime(at: Date): Date | null {
  const year = at.getUTCFullYear();
  return year >= 1 && year <= 9999 ? at : null;
}

const fail = (status: 400 | 401 | 503, error: string): ReceiveWebhookResult => ({
  status,
  body: { ok: false, error },
  storedId: null,
});
