import { describe, expect, it } from "vitest";
import { formatWaiting } from "./format-waiting";

const now = new Date("2026-12-02T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

describe("formatWaiting", () => {
  it("says how long in the largest two units that matter", () => {
    expect(formatWaiting(ago(45_000), now)).toBe("45 s");
    expect(formatWaiting(ago(12 * 60_000 + 30_000), now)).toBe("12 min");
    expect(formatWaiting(ago(3 * 3_600_000), now)).toBe("3 h");
    expect(formatWaiting(ago(3 * 3_600_000 + 5 * 60_000), now)).toBe("3 h 5 min");
    expect(formatWaiting(ago(2 * 86_400_000 + 4 * 3_600_000), now)).toBe("2 d 4 h");
  });

  it("never shows a negative wait when clocks disagree, and survives a bad date", () => {
    expect(formatWaiting(new Date(now.getTime() + 5_000), now)).toBe("0 s");
    expect(formatWaiting("not a date", now)).toBe("—");
  });
});
