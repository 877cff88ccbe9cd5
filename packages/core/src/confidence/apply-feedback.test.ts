import { describe, expect, it } from "vitest";
import { defaultSettings } from "../settings/settings";
import {
  confidenceAfterDecay,
  confidenceAfterFeedback,
  feedbackKinds,
  isSuccess,
  shouldDeactivateAfterRejection,
} from "./apply-feedback";

const settings = defaultSettings;
const day = 24 * 60 * 60 * 1000;
const now = new Date("2026-06-10T12:00:00Z");
const daysBefore = (days: number) => new Date(now.getTime() - days * day);

describe("confidenceAfterFeedback", () => {
  it.each([
    ["approved", 0.5, 0.65, 0.15],
    ["operator_agreed", 0.5, 0.65, 0.15],
    ["modified", 0.5, 0.6, 0.1],
    ["rejected", 0.5, 0.3, -0.2],
    ["operator_disagreed", 0.5, 0.3, -0.2],
  ] as const)("%s moves %d to %d", (kind, current, next, delta) => {
    expect(confidenceAfterFeedback(current, kind, settings)).toEqual({ next, delta });
  });

  it("lands exactly on 0.95 after three approvals from 0.5, with no drift", () => {
    let confidence = 0.5;
    for (let i = 0; i < 3; i++)
      confidence = confidenceAfterFeedback(confidence, "approved", settings).next;
    expect(confidence).toBe(0.95);
    expect(confidence >= settings.autoExecuteThreshold).toBe(true);
    // Plain floating point would not: this is what the rounding is for.
    expect(0.5 + 0.15 + 0.15 + 0.15).not.toBe(0.95);
  });

  it("stays exact over a long mixed history", () => {
    let confidence = 0.5;
    const kinds = ["approved", "rejected", "modified", "approved", "operator_disagreed"] as const;
    for (let round = 0; round < 200; round++) {
      for (const kind of kinds)
        confidence = confidenceAfterFeedback(confidence, kind, settings).next;
    }
    expect(Number(confidence.toFixed(6))).toBe(confidence);
  });

  it("clamps at 1 and reports the change actually applied", () => {
    expect(confidenceAfterFeedback(0.9, "approved", settings)).toEqual({ next: 1, delta: 0.1 });
    expect(confidenceAfterFeedback(1, "approved", settings)).toEqual({ next: 1, delta: 0 });
  });

  it("clamps at 0", () => {
    expect(confidenceAfterFeedback(0.1, "rejected", settings)).toEqual({ next: 0, delta: -0.1 });
    expect(confidenceAfterFeedback(0, "operator_disagreed", settings)).toEqual({
      next: 0,
      delta: 0,
    });
  });

  it("uses the configured deltas", () => {
    const custom = { ...settings, confidenceDeltaApproved: 0.05, confidenceDeltaRejected: -0.5 };
    expect(confidenceAfterFeedback(0.5, "approved", custom).next).toBe(0.55);
    expect(confidenceAfterFeedback(0.5, "rejected", custom).next).toBe(0);
  });

  it.each([["0.5"], [Number.NaN], [Number.POSITIVE_INFINITY], [null], [undefined]])(
    "refuses the current confidence %j instead of computing nonsense",
    (current) => {
      expect(() => confidenceAfterFeedback(current as number, "approved", settings)).toThrow(
        TypeError,
      );
    },
  );

  it("refuses a confidence outside [0, 1]", () => {
    expect(() => confidenceAfterFeedback(1.2, "rejected", settings)).toThrow(RangeError);
    expect(() => confidenceAfterFeedback(-0.1, "approved", settings)).toThrow(RangeError);
  });

  it("refuses a delta that is not a number (the NUMERIC-as-string bug)", () => {
    const broken = { ...settings, confidenceDeltaApproved: "0.05" as unknown as number };
    expect(() => confidenceAfterFeedback(0.5, "approved", broken)).toThrow(/finite number/);
  });
});

describe("isSuccess", () => {
  it("counts approvals and agreement, not edits or rejections", () => {
    expect(feedbackKinds.filter(isSuccess)).toEqual(["approved", "operator_agreed"]);
  });
});

describe("shouldDeactivateAfterRejection", () => {
  it("deactivates on the third rejection within seven days", () => {
    expect(shouldDeactivateAfterRejection([daysBefore(6), daysBefore(1), now], now, settings)).toBe(
      true,
    );
  });

  it("keeps the pattern with fewer rejections in the window", () => {
    expect(shouldDeactivateAfterRejection([daysBefore(1), now], now, settings)).toBe(false);
    expect(shouldDeactivateAfterRejection([], now, settings)).toBe(false);
  });

  it("counts a rejection exactly at the window's edge and not one a moment older", () => {
    const edge = daysBefore(7);
    expect(shouldDeactivateAfterRejection([edge, daysBefore(1), now], now, settings)).toBe(true);
    const older = new Date(edge.getTime() - 1);
    expect(shouldDeactivateAfterRejection([older, daysBefore(1), now], now, settings)).toBe(false);
  });

  it("counts a rejection stamped a moment after now (clock skew)", () => {
    const skewed = new Date(now.getTime() + 5);
    expect(
      shouldDeactivateAfterRejection([daysBefore(2), daysBefore(1), skewed], now, settings),
    ).toBe(true);
  });

  it("uses the configured count and window", () => {
    const strict = { rejectionsToDeactivate: 1, rejectionWindowDays: 1 };
    expect(shouldDeactivateAfterRejection([now], now, strict)).toBe(true);
    expect(shouldDeactivateAfterRejection([daysBefore(2)], now, strict)).toBe(false);
  });

  it("refuses invalid dates", () => {
    expect(() => shouldDeactivateAfterRejection([new Date("x")], now, settings)).toThrow(
      "valid date",
    );
    expect(() => shouldDeactivateAfterRejection([], new Date("x"), settings)).toThrow("valid date");
  });
});

describe("confidenceAfterDecay", () => {
  it("leaves a pattern used within the last day alone", () => {
    expect(confidenceAfterDecay(0.8, daysBefore(0.5), daysBefore(30), now, settings)).toBeNull();
    // Exactly one day unused is not "more than" one day.
    expect(confidenceAfterDecay(0.8, daysBefore(1), daysBefore(30), now, settings)).toBeNull();
  });

  it("takes one day's decay from a pattern unused for longer", () => {
    expect(confidenceAfterDecay(0.8, daysBefore(1.01), daysBefore(30), now, settings)).toEqual({
      next: 0.79,
      delta: -0.01,
    });
  });

  it("counts from creation for a pattern never used", () => {
    expect(confidenceAfterDecay(0.5, null, daysBefore(0.5), now, settings)).toBeNull();
    expect(confidenceAfterDecay(0.5, null, daysBefore(3), now, settings)).toEqual({
      next: 0.49,
      delta: -0.01,
    });
  });

  it("stops at the floor", () => {
    expect(confidenceAfterDecay(0.305, daysBefore(5), daysBefore(30), now, settings)).toEqual({
      next: 0.3,
      delta: -0.005,
    });
    expect(confidenceAfterDecay(0.3, daysBefore(5), daysBefore(30), now, settings)).toBeNull();
  });

  it("never raises a confidence already under the floor", () => {
    expect(confidenceAfterDecay(0.1, daysBefore(5), daysBefore(30), now, settings)).toBeNull();
  });

  it("does nothing with a zero daily decay", () => {
    const noDecay = { ...settings, confidenceDecayDaily: 0 };
    expect(confidenceAfterDecay(0.8, daysBefore(5), daysBefore(30), now, noDecay)).toBeNull();
  });

  it("decays any unused pattern when the grace period is zero days", () => {
    const eager = { ...settings, unusedDaysBeforeDecay: 0 };
    expect(confidenceAfterDecay(0.8, daysBefore(0.01), daysBefore(30), now, eager)?.next).toBe(
      0.79,
    );
    expect(confidenceAfterDecay(0.8, now, daysBefore(30), now, eager)).toBeNull();
  });

  it("stays exact over a month of decay", () => {
    let confidence = 0.95;
    for (let i = 0; i < 30; i++) {
      confidence = confidenceAfterDecay(
        confidence,
        daysBefore(40),
        daysBefore(60),
        now,
        settings,
      )!.next;
    }
    expect(confidence).toBe(0.65);
  });

  it("refuses non-finite confidence and invalid dates", () => {
    expect(() =>
      confidenceAfterDecay(Number.NaN, daysBefore(5), daysBefore(30), now, settings),
    ).toThrow(TypeError);
    expect(() => confidenceAfterDecay(0.8, new Date("x"), daysBefore(30), now, settings)).toThrow(
      "lastUsedAt must be a valid date",
    );
    expect(() => confidenceAfterDecay(0.8, null, daysBefore(30), new Date("x"), settings)).toThrow(
      "now must be a valid date",
    );
  });
});
