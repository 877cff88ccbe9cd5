import { describe, expect, it } from "vitest";
import { localRange } from "./local-range";

describe("localRange", () => {
  it("ends on today's date in the business's time zone, not UTC's", () => {
    // 02:30 UTC on 1 March is still 28 February in Halifax (UTC-4).
    const now = new Date("2026-03-01T02:30:00Z");
    expect(localRange(30, "America/Halifax", now)).toEqual({
      from: "2026-01-30",
      to: "2026-02-28",
    });
    expect(localRange(1, "UTC", now)).toEqual({ from: "2026-03-01", to: "2026-03-01" });
  });
});
