import { describe, expect, it } from "vitest";
import type { Settings } from "../../reply-engine-types";
import { buildSettingsPatch, toAutomationDraft } from "./automation-settings-draft";

const nineToNine = { start: "09:00", end: "21:00" };
// The fields the form touches, with the server's defaults; the rest are not read by the form.
const current = {
  enabled: false,
  shadowMode: true,
  autoExecuteThreshold: 0.95,
  suggestThreshold: 0.75,
  queueThreshold: 0.5,
  minExecutionsForAuto: 20,
  maxAutoRepliesPerCustomer: 3,
  autoReplyWindowMinutes: 60,
  alertWaitingMinutes: 15,
  timezone: "UTC",
  workingHours: {
    mon: nineToNine,
    tue: nineToNine,
    wed: nineToNine,
    thu: nineToNine,
    fri: nineToNine,
    sat: nineToNine,
    sun: null,
  },
} as Settings;

describe("buildSettingsPatch", () => {
  it("sends nothing when nothing changed", () => {
    expect(buildSettingsPatch(current, toAutomationDraft(current))).toEqual({
      ok: true,
      patch: {},
    });
  });

  it("sends only the changed fields, with typed numbers read as numbers", () => {
    const draft = toAutomationDraft(current);
    draft.enabled = true;
    draft.shadowMode = false;
    draft.numbers.queueThreshold = "0.6";
    draft.workingHours = { ...draft.workingHours, sun: { start: "10:00", end: "24:00" } };
    expect(buildSettingsPatch(current, draft)).toEqual({
      ok: true,
      patch: {
        enabled: true,
        shadowMode: false,
        queueThreshold: 0.6,
        workingHours: { ...current.workingHours, sun: { start: "10:00", end: "24:00" } },
      },
    });
  });

  it("names each field that is blank, out of range or not whole", () => {
    const draft = toAutomationDraft(current);
    draft.numbers.autoExecuteThreshold = "";
    draft.numbers.suggestThreshold = 1.5;
    draft.numbers.minExecutionsForAuto = 2.5;
    draft.numbers.autoReplyWindowMinutes = 0;
    draft.numbers.alertWaitingMinutes = 20_000;
    const result = buildSettingsPatch(current, draft);
    expect(result).toEqual({
      ok: false,
      errors: {
        autoExecuteThreshold: "Enter a number",
        suggestThreshold: "At most 1",
        minExecutionsForAuto: "Enter a whole number",
        autoReplyWindowMinutes: "At least 1",
        alertWaitingMinutes: "At most 10080",
      },
    });
  });

  it("refuses thresholds out of order", () => {
    const draft = toAutomationDraft(current);
    draft.numbers.queueThreshold = 0.8;
    const result = buildSettingsPatch(current, draft);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.form).toMatch(/auto ≥ suggest ≥ queue/);
  });

  it("refuses malformed or backwards working hours and a blank time zone", () => {
    const draft = toAutomationDraft(current);
    draft.timezone = "  ";
    draft.workingHours = {
      ...draft.workingHours,
      mon: { start: "9:00", end: "21:00" },
      tue: { start: "18:00", end: "08:00" },
    };
    const result = buildSettingsPatch(current, draft);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.mon).toMatch(/HH:MM/);
    expect(result.errors.tue).toBe("Closing time must be after opening time");
    expect(result.errors.timezone).toBe("Choose a time zone");
  });
});
