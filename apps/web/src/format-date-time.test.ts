import { describe, expect, it } from "vitest";
import { formatDateTime, formatDuration } from "./format-date-time";

describe("formatDateTime", () => {
  it("formats ISO strings and Dates alike", () => {
    const iso = "2026-03-01T12:34:56.000Z";
    expect(formatDateTime(iso)).toBe(formatDateTime(new Date(iso)));
    expect(formatDateTime(iso)).toMatch(/2026/);
  });

  it("shows a dash for no date and the raw text for an unreadable one", () => {
    expect(formatDateTime(null)).toBe("—");
    expect(formatDateTime("not a date")).toBe("not a date");
  });
});

describe("formatDuration", () => {
  const start = "2026-03-01T12:00:00.000Z";

  it("picks a unit that fits the length", () => {
    expect(formatDuration(start, "2026-03-01T12:00:00.250Z")).toBe("250 ms");
    expect(formatDuration(start, "2026-03-01T12:00:12.340Z")).toBe("12.3 s");
    expect(formatDuration(start, "2026-03-01T12:03:05.000Z")).toBe("3 min 5 s");
    expect(formatDuration(start, "2026-03-01T12:01:59.600Z")).toBe("2 min 0 s");
  });

  it("shows a dash while running or when the end precedes the start", () => {
    expect(formatDuration(start, null)).toBe("—");
    expect(formatDuration(start, "2026-03-01T11:59:59.000Z")).toBe("—");
  });
});
