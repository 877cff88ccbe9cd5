// Both webhook envelope shapes, their variations, and a clear reason for every malformed case.
import { describe, expect, it } from "vitest";
import { buildMessageEvent, buildOtherEvent, type EnvelopeShape } from "./fixtures";
import { MAX_MESSAGE_LENGTH } from "./openphone-client";
import {
  normalizePhoneNumber,
  parseWebhookEvent,
  type ParseWebhookEventResult,
  type WebhookEvent,
} from "./parse-webhook-event";

const business = "+15550100100";
const customer = "+15550100199";
const createdAt = new Date("2026-04-01T12:00:00.000Z");

function parseObject(value: unknown): ParseWebhookEventResult {
  return parseWebhookEvent(JSON.stringify(value));
}

function expectEvent(result: ParseWebhookEventResult): WebhookEvent {
  if (!result.ok) throw new Error(`expected a parsed event, got: ${result.reason}`);
  return result.event;
}

function expectReason(result: ParseWebhookEventResult): string {
  if (result.ok) throw new Error("expected a parse failure");
  return result.reason;
}

describe.each<EnvelopeShape>(["legacy", "current"])("parseWebhookEvent (%s shape)", (shape) => {
  it("parses an inbound message with every field", () => {
    const event = expectEvent(
      parseObject(
        buildMessageEvent({
          shape,
          eventId: "EV123",
          messageId: "AC456",
          direction: "inbound",
          from: customer,
          to: business,
          text: "Is bay 3 free at 6?",
          createdAt,
          userId: "US1",
          phoneNumberId: "PN1",
          conversationId: "CN1",
          mediaCount: 2,
        }),
      ),
    );
    expect(event).toEqual({
      eventId: "EV123",
      type: "message.received",
      apiVersion: shape === "legacy" ? "v3" : "2026-03-30",
      createdAt,
      message: {
        providerMessageId: "AC456",
        direction: "inbound",
        from: customer,
        to: [business],
        body: "Is bay 3 free at 6?",
        bodyTruncated: false,
        status: "received",
        createdAt,
        userId: "US1",
        phoneNumberId: "PN1",
        conversationId: "CN1",
        customerPhone: customer,
        mediaCount: 2,
      },
    });
  });

  it("takes the customer from the recipients of an outbound message", () => {
    const event = expectEvent(
      parseObject(
        buildMessageEvent({
          shape,
          direction: "outbound",
          from: business,
          to: customer,
          text: "Yes!",
        }),
      ),
    );
    expect(event.type).toBe("message.delivered");
    expect(event.message?.direction).toBe("outbound");
    expect(event.message?.customerPhone).toBe(customer);
    expect(event.message?.from).toBe(business);
  });

  it("treats missing userId, phoneNumberId and conversationId as null", () => {
    const event = expectEvent(
      parseObject(
        buildMessageEvent({
          shape,
          direction: "inbound",
          from: customer,
          to: business,
          text: "hi",
          userId: null,
          phoneNumberId: null,
          conversationId: null,
        }),
      ),
    );
    expect(event.message).toMatchObject({
      userId: null,
      phoneNumberId: null,
      conversationId: null,
    });
  });

  it("parses call and contact events with no message", () => {
    for (const type of ["call.completed", "contact.updated"]) {
      const event = expectEvent(parseObject(buildOtherEvent({ shape, type, eventId: "EV9" })));
      expect(event).toMatchObject({ eventId: "EV9", type, message: null });
    }
  });

  it("keeps extra fields from breaking the parse", () => {
    const raw = buildMessageEvent({
      shape,
      direction: "inbound",
      from: customer,
      to: business,
      text: "x",
    });
    const event = expectEvent(parseObject({ ...raw, somethingNew: { nested: true } }));
    expect(event.message?.body).toBe("x");
  });
});

describe("parseWebhookEvent (legacy variations)", () => {
  const base = {
    shape: "legacy" as const,
    direction: "inbound" as const,
    from: customer,
    to: business,
  };

  it("reads the text from `body` or `text`", () => {
    for (const bodyField of ["body", "text"] as const) {
      const event = expectEvent(
        parseObject(buildMessageEvent({ ...base, text: "hello", bodyField })),
      );
      expect(event.message?.body).toBe("hello");
    }
  });

  it("accepts `to` as a string or an array", () => {
    for (const toAsArray of [false, true]) {
      const raw = buildMessageEvent({ ...base, text: "hi", toAsArray });
      const data = raw.data as { object: { to: unknown } };
      expect(Array.isArray(data.object.to)).toBe(toAsArray);
      expect(expectEvent(parseObject(raw)).message?.to).toEqual([business]);
    }
  });

  it("treats a media-only message as an empty body", () => {
    const raw = buildMessageEvent({ ...base, text: "ignored", mediaCount: 1 });
    const object = (raw.data as { object: Record<string, unknown> }).object;
    delete object.body;
    const event = expectEvent(parseObject(raw));
    expect(event.message).toMatchObject({ body: "", mediaCount: 1 });
  });

  it("treats missing or null media as none", () => {
    const raw = buildMessageEvent({ ...base, text: "hi" });
    const object = (raw.data as { object: Record<string, unknown> }).object;
    delete object.media;
    expect(expectEvent(parseObject(raw)).message?.mediaCount).toBe(0);
    object.media = null;
    expect(expectEvent(parseObject(raw)).message?.mediaCount).toBe(0);
  });

  it("normalises formatted phone numbers", () => {
    const raw = buildMessageEvent({
      ...base,
      from: "+1 (555) 010-0199",
      to: ["+1 555.010.0100"],
      text: "hi",
    });
    const message = expectEvent(parseObject(raw)).message;
    expect(message?.from).toBe(customer);
    expect(message?.to).toEqual([business]);
  });

  it("parses a message.failed event with its status", () => {
    const raw = buildMessageEvent({
      ...base,
      direction: "outbound",
      from: business,
      to: customer,
      text: "sorry",
      type: "message.failed",
      status: "failed",
    });
    expect(expectEvent(parseObject(raw)).message?.status).toBe("failed");
  });

  it("accepts a missing apiVersion", () => {
    const raw = buildMessageEvent({ ...base, text: "hi" });
    delete raw.apiVersion;
    expect(expectEvent(parseObject(raw)).apiVersion).toBeNull();
  });

  it("keeps several recipients of an outbound group message, the first as customer", () => {
    const raw = buildMessageEvent({
      ...base,
      direction: "outbound",
      from: business,
      to: [customer, "+15550100222"],
      text: "all",
    });
    const message = expectEvent(parseObject(raw)).message;
    expect(message?.to).toEqual([customer, "+15550100222"]);
    expect(message?.customerPhone).toBe(customer);
  });
});

describe("parseWebhookEvent (failures)", () => {
  const legacy = () =>
    buildMessageEvent({
      shape: "legacy",
      direction: "inbound",
      from: customer,
      to: business,
      text: "hi",
    });
  const current = () =>
    buildMessageEvent({
      shape: "current",
      direction: "inbound",
      from: customer,
      to: business,
      text: "hi",
    });
  const legacyObject = (raw: Record<string, unknown>) =>
    (raw.data as { object: Record<string, unknown> }).object;
  const currentData = (raw: Record<string, unknown>) =>
    raw.data as { resource: Record<string, unknown>; context: Record<string, unknown> };

  it("reports invalid JSON", () => {
    expect(expectReason(parseWebhookEvent("{not json"))).toMatch(/^invalid JSON: /);
    expect(expectReason(parseWebhookEvent(""))).toMatch(/^invalid JSON: /);
  });

  it("reports a body that is not an object", () => {
    for (const body of ["[]", "null", "42", '"text"']) {
      expect(expectReason(parseWebhookEvent(body))).toBe("the event must be a JSON object");
    }
  });

  it("reports a missing or empty event id", () => {
    const raw = legacy();
    delete raw.id;
    expect(expectReason(parseObject(raw))).toBe("missing id");
    expect(expectReason(parseObject({ ...legacy(), id: "  " }))).toBe("id: must not be empty");
    expect(expectReason(parseObject({ ...legacy(), id: 7 }))).toBe("id: expected a string");
  });

  it("reports a missing type", () => {
    const raw = legacy();
    delete raw.type;
    expect(expectReason(parseObject(raw))).toBe("missing type");
  });

  it("reports a bad event timestamp", () => {
    expect(expectReason(parseObject({ ...legacy(), createdAt: "yesterday" }))).toBe(
      "createdAt: expected an ISO 8601 timestamp",
    );
    const raw = legacy();
    delete raw.createdAt;
    expect(expectReason(parseObject(raw))).toBe("missing createdAt");
  });

  it("reports a message event without data", () => {
    const raw = legacy();
    delete raw.data;
    expect(expectReason(parseObject(raw))).toBe("message.received: missing data");
  });

  it("reports data with neither shape", () => {
    expect(expectReason(parseObject({ ...legacy(), data: { message: {} } }))).toBe(
      "message.received: data has neither object (legacy) nor resource (current) message",
    );
  });

  it.each([
    ["a missing sender", (o: Record<string, unknown>) => delete o.from, "missing data.object.from"],
    [
      "a sender that is not a phone number",
      (o: Record<string, unknown>) => (o.from = "Sam"),
      'data.object.from: "Sam" is not a phone number',
    ],
    ["a missing recipient", (o: Record<string, unknown>) => delete o.to, "missing data.object.to"],
    [
      "an empty recipient list",
      (o: Record<string, unknown>) => (o.to = []),
      "data.object.to: needs at least one recipient",
    ],
    [
      "a bad recipient in a list",
      (o: Record<string, unknown>) => (o.to = [business, "n/a"]),
      'data.object.to.1: "n/a" is not a phone number',
    ],
    [
      "an unknown direction",
      (o: Record<string, unknown>) => (o.direction = "sideways"),
      'data.object.direction: expected "incoming" or "outgoing"',
    ],
    [
      "a missing direction",
      (o: Record<string, unknown>) => delete o.direction,
      "missing data.object.direction",
    ],
    ["a missing message id", (o: Record<string, unknown>) => delete o.id, "missing data.object.id"],
    [
      "a bad message timestamp",
      (o: Record<string, unknown>) => (o.createdAt = 1_700_000_000),
      "data.object.createdAt: expected an ISO 8601 timestamp",
    ],
  ])("reports %s in a legacy message", (_label, mutate, reason) => {
    const raw = legacy();
    mutate(legacyObject(raw));
    expect(expectReason(parseObject(raw))).toBe(`message.received: ${reason}`);
  });

  it.each([
    [
      "a missing context",
      (d: ReturnType<typeof currentData>) => delete (d as Record<string, unknown>).context,
      "missing data.context",
    ],
    [
      "a missing sender identifier",
      (d: ReturnType<typeof currentData>) => delete d.context.senderIdentifier,
      "missing data.context.senderIdentifier",
    ],
    [
      "missing recipient identifiers",
      (d: ReturnType<typeof currentData>) => delete d.context.recipientIdentifiers,
      "missing data.context.recipientIdentifiers",
    ],
    [
      "a missing resource id",
      (d: ReturnType<typeof currentData>) => delete d.resource.id,
      "missing data.resource.id",
    ],
    [
      "a bad direction",
      (d: ReturnType<typeof currentData>) => (d.resource.direction = 1),
      'data.resource.direction: expected "incoming" or "outgoing"',
    ],
  ])("reports %s in a current message", (_label, mutate, reason) => {
    const raw = current();
    mutate(currentData(raw));
    expect(expectReason(parseObject(raw))).toBe(`message.received: ${reason}`);
  });

  it("lists several problems at once", () => {
    const raw = legacy();
    const object = legacyObject(raw);
    delete object.from;
    object.direction = "up";
    const reason = expectReason(parseObject(raw));
    expect(reason).toContain("missing data.object.from");
    expect(reason).toContain("data.object.direction");
  });

  it("does not look at the data of non-message events", () => {
    const event = expectEvent(parseObject({ ...legacy(), type: "call.ringing", data: "whatever" }));
    expect(event.message).toBeNull();
  });
});

describe("normalizePhoneNumber", () => {
  it.each([
    ["+1 (555) 010-0199", "+15550100199"],
    ["555.010.0199", "5550100199"],
    ["  +447700900123 ", "+447700900123"],
    ["12345", "12345"],
  ])("normalises %j", (input, expected) => {
    expect(normalizePhoneNumber(input)).toBe(expected);
  });

  it.each([
    "",
    "Sam",
    "sam@example.com",
    "+",
    "12",
    "+1234567890123456",
    "1+2345",
    "++15550100199",
  ])("rejects %j", (input) => {
    expect(normalizePhoneNumber(input)).toBeNull();
  });
});

describe("message length", () => {
  const parseText = (text: string) =>
    expectEvent(
      parseObject(
        buildMessageEvent({
          shape: "current",
          direction: "inbound",
          from: customer,
          to: business,
          text,
        }),
      ),
    ).message!;

  it("cuts a text longer than OpenPhone's 1,600 characters and flags it, without splitting an emoji", () => {
    const long = parseText("🙂" + "a".repeat(MAX_MESSAGE_LENGTH - 2) + "🙂🙂 and more");
    expect(Array.from(long.body)).toHaveLength(MAX_MESSAGE_LENGTH);
    expect(long.body.endsWith("a🙂")).toBe(true);
    expect(long.bodyTruncated).toBe(true);
  });

  it("keeps a text of exactly 1,600 characters whole", () => {
    const exact = parseText("b".repeat(MAX_MESSAGE_LENGTH));
    expect(exact.body).toHaveLength(MAX_MESSAGE_LENGTH);
    expect(exact.bodyTruncated).toBe(false);
  });

  it("counts characters, not UTF-16 units: 1,600 emoji are kept whole, one more is cut", () => {
    const emoji = parseText("🙂".repeat(MAX_MESSAGE_LENGTH));
    expect(emoji.body).toBe("🙂".repeat(MAX_MESSAGE_LENGTH));
    expect(emoji.bodyTruncated).toBe(false);
    const over = parseText("🙂".repeat(MAX_MESSAGE_LENGTH + 1));
    expect(over.body).toBe("🙂".repeat(MAX_MESSAGE_LENGTH));
    expect(over.bodyTruncated).toBe(true);
  });

  it("drops U+0000 from short and long texts alike", () => {
    expect(parseText("a\u0000b").body).toBe("ab");
    const long = parseText("\u0000" + "c".repeat(MAX_MESSAGE_LENGTH) + "\u0000");
    expect(long.body).toBe("c".repeat(MAX_MESSAGE_LENGTH));
    expect(long.bodyTruncated).toBe(false);
  });
});
