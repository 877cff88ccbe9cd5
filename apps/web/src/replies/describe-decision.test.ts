import { describe, expect, it } from "vitest";
import { describeDecision } from "./describe-decision";

const base = {
  mode: "suggest" as const,
  intendedMode: "suggest" as const,
  probability: 0.972,
  outcome: "pending" as const,
  gates: [],
  proposedReply: "We open at 9.",
};

describe("describeDecision", () => {
  it("says how sure Playbook is and what would let it send by itself", () => {
    expect(
      describeDecision({
        ...base,
        intendedMode: "auto",
        gates: [
          { gate: "match", passed: true, detail: "score 0.91" },
          { gate: "system enabled", passed: false, detail: "automation is disabled" },
        ],
      }),
    ).toBe(
      "Playbook is 97% sure this is the answer; it would send it by itself if automation were on.",
    );
  });

  it("falls back to the gate's own words for a gate it has no phrase for", () => {
    expect(
      describeDecision({
        ...base,
        intendedMode: "auto",
        gates: [{ gate: "message age", passed: false, detail: "the message is 2 hours old" }],
      }),
    ).toContain("it would send it by itself but the message is 2 hours old.");
  });

  it("says when it asks because it is not sure, and when it has no track record", () => {
    expect(describeDecision(base)).toContain("not sure enough to send it alone");
    expect(describeDecision({ ...base, probability: null })).toMatch(/no track record yet/);
  });

  it("speaks plainly about no match, escalation, automatic and shadow decisions", () => {
    expect(describeDecision({ ...base, mode: "none", probability: null })).toMatch(
      /a person needs to answer/,
    );
    expect(describeDecision({ ...base, mode: "escalate" })).toMatch(/needs a person/);
    expect(describeDecision({ ...base, mode: "auto", outcome: "sent" })).toBe(
      "Playbook is 97% sure this is the answer; it sent it by itself.",
    );
    expect(describeDecision({ ...base, mode: "auto", outcome: "send_failed" })).toMatch(
      /the send failed/,
    );
    expect(describeDecision({ ...base, mode: "shadow" })).toMatch(/only watched/);
  });
});
