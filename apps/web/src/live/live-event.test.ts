import { describe, expect, it } from "vitest";
import { refreshFor } from "./live-event";

const conversationId = "7b0c4d8e-1111-4a2b-9c3d-123456789abc";

describe("refreshFor", () => {
  it("refetches conversations for a message, and the queue too for decisions and queue items", () => {
    expect(refreshFor({ kind: "message", conversationId, messageId: conversationId })).toEqual({
      conversations: true,
    });
    expect(
      refreshFor({
        kind: "decision",
        conversationId,
        decisionId: conversationId,
        mode: "suggest",
        outcome: "pending",
      }),
    ).toEqual({
      conversations: true,
      queue: true,
    });
    expect(
      refreshFor({ kind: "queue", conversationId, queueItemId: conversationId, status: "pending" }),
    ).toEqual({
      conversations: true,
      queue: true,
    });
  });

  it("refetches settings and the send banner after a settings change, everything after a gap", () => {
    expect(refreshFor({ kind: "settings" })).toEqual({ settings: true, conversations: true });
    expect(refreshFor({ kind: "resync" })).toEqual({ everything: true });
  });

  it("refetches nothing for an alert: it is shown, not fetched", () => {
    expect(
      refreshFor({
        kind: "alert",
        conversationId,
        alertKey: "escalation:x:1",
        alertKind: "escalation",
      }),
    ).toEqual({});
  });
});
