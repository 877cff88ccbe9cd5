// Realistic OpenPhone/Quo webhook bodies for tests, the benchmark and the fake sender.
import { randomBytes } from "node:crypto";
import type { MessageDirection } from "./parse-webhook-event";

export type EnvelopeShape = "legacy" | "current";

export const LEGACY_API_VERSION = "v3";
export const CURRENT_API_VERSION = "2026-03-30";

export interface BuildMessageEventOptions {
  shape: EnvelopeShape;
  direction: MessageDirection;
  from: string;
  to: string | string[];
  text: string;
  /** Defaults to message.received for inbound and message.delivered for outbound. */
  type?: string;
  eventId?: string;
  messageId?: string;
  createdAt?: Date;
  userId?: string | null;
  phoneNumberId?: string | null;
  conversationId?: string | null;
  status?: string;
  mediaCount?: number;
  /** Legacy only: which field carries the text (sources disagree). Default "body". */
  bodyField?: "body" | "text";
  /** Legacy only: send `to` as an array instead of a single string. Default false. */
  toAsArray?: boolean;
}

/** One message event in the chosen envelope shape, as a plain object ready for JSON.stringify. */
export function buildMessageEvent(opts: BuildMessageEventOptions): Record<string, unknown> {
  const createdAt = (opts.createdAt ?? new Date()).toISOString();
  const eventId = opts.eventId ?? createProviderId("EV");
  const messageId = opts.messageId ?? createProviderId("AC");
  const type =
    opts.type ?? (opts.direction === "inbound" ? "message.received" : "message.delivered");
  const recipients = Array.isArray(opts.to) ? opts.to : [opts.to];
  const status = opts.status ?? (opts.direction === "inbound" ? "received" : "delivered");
  const userId = opts.userId === undefined ? "USu4nGq0pT" : opts.userId;
  const phoneNumberId = opts.phoneNumberId === undefined ? "PNxK2c9dQe" : opts.phoneNumberId;
  const conversationId = opts.conversationId === undefined ? "CN7Yw1bZrs" : opts.conversationId;
  const media = Array.from({ length: opts.mediaCount ?? 0 }, (_, index) => ({
    url: `https://storage.openphone.example/media/${messageId}/${index}.jpg`,
    type: "image/jpeg",
  }));

  if (opts.shape === "legacy") {
    const to = opts.toAsArray === true || recipients.length > 1 ? recipients : recipients[0];
    return {
      id: eventId,
      object: "event",
      apiVersion: LEGACY_API_VERSION,
      createdAt,
      type,
      data: {
        object: {
          id: messageId,
          object: "message",
          from: opts.from,
          to,
          direction: opts.direction === "inbound" ? "incoming" : "outgoing",
          [opts.bodyField ?? "body"]: opts.text,
          media,
          status,
          createdAt,
          userId,
          phoneNumberId,
          conversationId,
        },
      },
    };
  }

  return {
    id: eventId,
    apiVersion: CURRENT_API_VERSION,
    createdAt,
    type,
    data: {
      resource: {
        id: messageId,
        object: "message",
        direction: opts.direction === "inbound" ? "incoming" : "outgoing",
        text: opts.text,
        media,
        status,
        createdAt,
      },
      context: {
        phoneNumberId,
        conversationId,
        userId,
        contacts: [],
        senderIdentifier: opts.from,
        recipientIdentifiers: recipients,
      },
    },
  };
}

/** A non-message event (a finished call, an updated contact) that the receiver stores and ignores. */
export function buildOtherEvent(opts: {
  shape: EnvelopeShape;
  type: "call.completed" | "call.ringing" | "contact.updated" | "contact.deleted" | (string & {});
  eventId?: string;
  createdAt?: Date;
}): Record<string, unknown> {
  const createdAt = (opts.createdAt ?? new Date()).toISOString();
  const eventId = opts.eventId ?? createProviderId("EV");
  const isCall = opts.type.startsWith("call.");
  const resource = isCall
    ? { id: createProviderId("AC"), object: "call", status: "completed", duration: 42, createdAt }
    : { id: createProviderId("CT"), object: "contact", firstName: "Sam", createdAt };
  return opts.shape === "legacy"
    ? {
        id: eventId,
        object: "event",
        apiVersion: LEGACY_API_VERSION,
        createdAt,
        type: opts.type,
        data: { object: resource },
      }
    : {
        id: eventId,
        apiVersion: CURRENT_API_VERSION,
        createdAt,
        type: opts.type,
        data: { resource, context: { phoneNumberId: "PNxK2c9dQe" } },
      };
}

/** OpenPhone-looking ids: a two-letter prefix and 32 hex characters. */
export function createProviderId(prefix: string): string {
  return `${prefix}${randomBytes(16).toString("hex")}`;
}
