import { describe, expect, it } from "vitest";
import { buildDryRunInput, emptyPlaygroundForm } from "./build-dry-run-input";

describe("buildDryRunInput", () => {
  it("sends only the trimmed text when nothing else is set", () => {
    expect(buildDryRunInput({ ...emptyPlaygroundForm, text: "  when do you open?  " })).toEqual({
      ok: true,
      input: { text: "when do you open?" },
    });
  });

  it("refuses a blank message", () => {
    expect(buildDryRunInput({ ...emptyPlaygroundForm, text: "   " })).toEqual({
      ok: false,
      error: "Type a customer message to test.",
    });
  });

  it("passes the customer and the chosen overrides, yes and no alike", () => {
    const built = buildDryRunInput({
      ...emptyPlaygroundForm,
      text: "hi",
      customerPhone: " +19025550101 ",
      customerName: "Sam Lee",
      vip: "yes",
      optedOut: "no",
    });
    expect(built).toEqual({
      ok: true,
      input: {
        text: "hi",
        customerPhone: "+19025550101",
        customerName: "Sam Lee",
        isVip: true,
        optedOut: false,
      },
    });
  });

  it("reads the time in the browser's zone and sends it as an ISO instant", () => {
    const built = buildDryRunInput({ ...emptyPlaygroundForm, text: "hi", at: "2026-03-01T10:30" });
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.input.at).toBe(new Date("2026-03-01T10:30").toISOString());
  });

  it("refuses a time that is not a date", () => {
    expect(buildDryRunInput({ ...emptyPlaygroundForm, text: "hi", at: "tomorrow-ish" })).toEqual({
      ok: false,
      error: "The time is not a valid date.",
    });
  });
});
