// Parses an OpenPhone/Quo webhook body (legacy `data.object` or current `data.resource` + `data.context`) into one shape.
import { z } from "zod";
// OpenPhone's own limit on one message: a longer incoming text is stored cut to it, flagged, never refused.
import { MAX_MESSAGE_LENGTH } from "./openphone-client";

export type MessageDirection = "inbound" | "outbound";

export interface InboundOrOutboundMessage {
  providerMessageId: string;
  direction: MessageDirection;
  from: string;
  to: string[];
  /** At most MAX_MESSAGE_LENGTH characters; `bodyTruncated` says a longer text was cut. */
  body: string;
  bodyTruncated: boolean;
  status: string | null;
  createdAt: Date;
  userId: string | null;
  phoneNumberId: string | null;
  conversationId: string | null;
  /** The party that is not the business: `from` for inbound, `to[0]` for outbound. */
  customerPhone: string;
  mediaCount: number;
}

export interface WebhookEvent {
  eventId: string;
  type: string;
  apiVersion: string | null;
  createdAt: Date;
  /** Null for events that are not about a message (call.*, contact.*): the caller stores and ignores them. */
  message: InboundOrOutboundMessage | null;
}

export type ParseWebhookEventResult =
  { ok: true; event: WebhookEvent } | { ok: false; reason: string };

// "missing" is turned into "missing <path>" by `describeIssues`, which reads better than zod's default.
const MISSING = "missing";

const requiredText = z
  .string({ error: (issue) => (issue.input === undefined ? MISSING : "expected a string") })
  .trim()
  .min(1, "must not be empty");

// Ids and status are context, not essentials: a number is kept as text, anything else odd becomes null.
const optionalText = z
  .unknown()
  .optional()
  .transform((value): string | null => {
    if (typeof value === "number" && Number.isFinite(value)) return String(value);
    return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
  });

const timestamp = z.iso
  .datetime({
    offset: true,
    error: (issue) => (issue.input === undefined ? MISSING : "expected an ISO 8601 timestamp"),
  })
  .transform((value) => new Date(value));

/**
 * "+1 (555) 010-0199" → "+15550100199". Returns null when what is left is not 3–15 digits with an optional
 * leading +, so a name or an e-mail address is never mistaken for a phone number.
 */
export function normalizePhoneNumber(value: string): string | null {
  const compact = value.trim().replace(/[\s\-().]/g, "");
  return /^\+?\d{3,15}$/.test(compact) ? compact : null;
}

const phoneNumber = z
  .string({ error: (issue) => (issue.input === undefined ? MISSING : "expected a phone number") })
  .transform((value, ctx) => {
    const normalized = normalizePhoneNumber(value);
    if (normalized === null) {
      ctx.addIssue({ code: "custom", message: `"${value.slice(0, 40)}" is not a phone number` });
      return z.NEVER;
    }
    return normalized;
  });

// Sources disagree on a single recipient string or an array of them; a string becomes a one-item list.
const recipients = z.preprocess(
  (value) => (typeof value === "string" ? [value] : value),
  z
    .array(phoneNumber, {
      error: (issue) =>
        issue.input === undefined ? MISSING : "expected a phone number or a list of them",
    })
    .min(1, "needs at least one recipient"),
);

// "incoming"/"outgoing" is OpenPhone's vocabulary; "inbound"/"outbound" is accepted in case a source uses ours.
const direction = z
  .enum(["incoming", "outgoing", "inbound", "outbound"], {
    error: (issue) => (issue.input === undefined ? MISSING : 'expected "incoming" or "outgoing"'),
  })
  .transform((value): MessageDirection =>
    value === "incoming" || value === "inbound" ? "inbound" : "outbound",
  );

const media = z.array(z.unknown()).nullish();

export const ZWebhookEnvelope = z.object({
  id: requiredText,
  type: requiredText,
  apiVersion: optionalText,
  createdAt: timestamp,
  data: z.unknown().optional(),
});

export const ZLegacyMessage = z.object({
  id: requiredText,
  from: phoneNumber,
  to: recipients,
  direction,
  body: z.string().nullish(),
  text: z.string().nullish(),
  media,
  status: optionalText,
  createdAt: timestamp,
  userId: optionalText,
  phoneNumberId: optionalText,
  conversationId: optionalText,
});

export const ZLegacyMessageData = z.object({ object: ZLegacyMessage });

export const ZCurrentMessageData = z.object({
  resource: z.object({
    id: requiredText,
    direction,
    text: z.string().nullish(),
    body: z.string().nullish(),
    media,
    status: optionalText,
    createdAt: timestamp,
  }),
  context: z.object(
    {
      senderIdentifier: phoneNumber,
      recipientIdentifiers: recipients,
      phoneNumberId: optionalText,
      conversationId: optionalText,
      userId: optionalText,
    },
    { error: (issue) => (issue.input === undefined ? MISSING : "expected an object") },
  ),
});

export type TWebhookEnvelope = z.infer<typeof ZWebhookEnvelope>;
export type TLegacyMessageData = z.infer<typeof ZLegacyMessageData>;
export type TCurrentMessageData = z.infer<typeof ZCurrentMessageData>;

/** Parses the raw body; never throws. A message event whose message part is unusable is a failure. */
export function parseWebhookEvent(rawBody: string): ParseWebhookEventResult {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch (error) {
    return { ok: false, reason: `invalid JSON: ${(error as Error).message}` };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { ok: false, reason: "the event must be a JSON object" };
  }

  const envelope = ZWebhookEnvelope.safeParse(json);
  if (!envelope.success) return { ok: false, reason: describeIssues(envelope.error.issues, []) };
  const { id, type, apiVersion, createdAt, data } = envelope.data;
  const event: WebhookEvent = { eventId: id, type, apiVersion, createdAt, message: null };
  if (!isMessageEvent(type)) return { ok: true, event };

  const message = parseMessage(data);
  if (!message.ok) return { ok: false, reason: `${type}: ${message.reason}` };
  return { ok: true, event: { ...event, message: message.message } };
}

/** message.received, message.delivered, message.failed, … all carry a message; call.* and contact.* do not. */
export function isMessageEvent(type: string): boolean {
  return type.startsWith("message.");
}

function parseMessage(
  data: unknown,
): { ok: true; message: InboundOrOutboundMessage } | { ok: false; reason: string } {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return { ok: false, reason: "missing data" };
  }
  if ("object" in data) {
    const parsed = ZLegacyMessageData.safeParse(data);
    if (!parsed.success)
      return { ok: false, reason: describeIssues(parsed.error.issues, ["data"]) };
    const m = parsed.data.object;
    return {
      ok: true,
      message: buildMessage({
        ...m,
        body: m.body ?? m.text ?? "",
        mediaCount: m.media?.length ?? 0,
      }),
    };
  }
  if ("resource" in data) {
    const parsed = ZCurrentMessageData.safeParse(data);
    if (!parsed.success)
      return { ok: false, reason: describeIssues(parsed.error.issues, ["data"]) };
    const { resource, context } = parsed.data;
    return {
      ok: true,
      message: buildMessage({
        id: resource.id,
        direction: resource.direction,
        from: context.senderIdentifier,
        to: context.recipientIdentifiers,
        body: resource.text ?? resource.body ?? "",
        status: resource.status,
        createdAt: resource.createdAt,
        userId: context.userId,
        phoneNumberId: context.phoneNumberId,
        conversationId: context.conversationId,
        mediaCount: resource.media?.length ?? 0,
      }),
    };
  }
  return { ok: false, reason: "data has neither object (legacy) nor resource (current) message" };
}

function buildMessage(
  m: Omit<InboundOrOutboundMessage, "providerMessageId" | "customerPhone" | "bodyTruncated"> & {
    id: string;
  },
): InboundOrOutboundMessage {
  // `recipients` guarantees at least one entry.
  const firstRecipient = m.to[0] ?? "";
  return {
    providerMessageId: m.id,
    direction: m.direction,
    from: m.from,
    to: m.to,
    ...capMessageBody(m.body),
    status: m.status,
    createdAt: m.createdAt,
    userId: m.userId,
    phoneNumberId: m.phoneNumberId,
    conversationId: m.conversationId,
    customerPhone: m.direction === "inbound" ? m.from : firstRecipient,
    mediaCount: m.mediaCount,
  };
}

/**
 * Drops U+0000 (PostgreSQL text cannot hold it; a stray one must not make the event unprocessable) and cuts the
 * text to MAX_MESSAGE_LENGTH characters, counted by code point so no emoji is split in half.
 */
export function capMessageBody(text: string): { body: string; bodyTruncated: boolean } {
  const clean = text.includes("\u0000") ? text.replaceAll("\u0000", "") : text;
  // A string no longer in UTF-16 units than the cap has no more code points than it: nothing to cut. Splitting
  // every message into code points cost more CPU per webhook than checking its signature.
  if (clean.length <= MAX_MESSAGE_LENGTH) return { body: clean, bodyTruncated: false };
  const characters = Array.from(clean);
  if (characters.length <= MAX_MESSAGE_LENGTH)
    return { body: characters.join(""), bodyTruncated: false };
  return { body: characters.slice(0, MAX_MESSAGE_LENGTH).join(""), bodyTruncated: true };
}

/** "missing data.object.from; data.object.to.0: "abc" is not a phone number" */
function describeIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly string[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = [...prefix, ...issue.path.map(String)].join(".") || "(root)";
      return issue.message === MISSING ? `missing ${path}` : `${path}: ${issue.message}`;
    })
    .join("; ");
}
