import { describe, expect, it } from "vitest";
import type { ReviewResult } from "../reply-engine-types";
import { describeReviewResult } from "./describe-review-result";

const decisionId = "7d3c1f8e-52a4-4c4b-9a53-0f1a2b3c4d5e";

function result(overrides: Partial<ReviewResult>): ReviewResult {
  return { decisionId, confidence: null, send: null, ...overrides };
}

describe("describeReviewResult", () => {
  it("reports a sent reply and the confidence it earned", () => {
    const summary = describeReviewResult(
      { action: "approve" },
      result({
        send: { ok: true, messageId: "m1", providerMessageId: "AC1" },
        confidence: { old: 0.5, new: 0.65, deactivated: false },
      }),
    );
    expect(summary).toMatchObject({ ok: true, color: "green", title: "Reply sent" });
    expect(summary.message).toBe("Pattern confidence 0.50 → 0.65 (+0.15).");
  });

  it("names an edited reply as such", () => {
    const summary = describeReviewResult(
      { action: "edit", text: "We open at 10am." },
      result({ send: { ok: true, messageId: "m1", providerMessageId: "AC1" } }),
    );
    expect(summary.title).toBe("Edited reply sent");
    expect(summary.message).toBe("");
  });

  it("shows OpenPhone's error when the send failed, and where to retry", () => {
    const summary = describeReviewResult(
      { action: "approve" },
      result({
        send: {
          ok: false,
          messageId: null,
          error: "OpenPhone is not configured (OPENPHONE_API_KEY)",
        },
      }),
    );
    expect(summary).toMatchObject({ ok: false, color: "red", title: "Reply not sent" });
    expect(summary.message).toContain("OpenPhone is not configured (OPENPHONE_API_KEY)");
    expect(summary.message).toContain("retry");
  });

  it("reports a rejection with its reason, a falling confidence and a deactivated pattern", () => {
    const summary = describeReviewResult(
      { action: "reject", reason: "wrong location" },
      result({ confidence: { old: 0.45, new: 0.25, deactivated: true } }),
    );
    expect(summary).toMatchObject({ ok: true, color: "gray", title: "Rejected" });
    expect(summary.message).toContain("Reason: wrong location.");
    expect(summary.message).toContain("(−0.20)");
    expect(summary.message).toContain("switched off");
  });

  it("says only that the review was recorded when no send was attempted and no pattern moved", () => {
    const summary = describeReviewResult({ action: "approve" }, result({}));
    expect(summary).toEqual({ ok: true, color: "gray", title: "Recorded", message: "" });
  });
});
