import { describe, expect, it } from "vitest";
import { defaultSettings } from "../settings/settings";
import {
  checkHoliday,
  checkOpeningHours,
  checkWorkingHours,
  type HoursSettings,
} from "./working-hours";

const nineToNine = { start: "09:00", end: "21:00" };
const settingsIn = (timezone: string, change: Partial<HoursSettings> = {}): HoursSettings => ({
  timezone,
  workingHours: defaultSettings.workingHours,
  holidays: [],
  ...change,
});
const at = (iso: string) => new Date(iso);

describe("checkWorkingHours", () => {
  it("says where and when it is outside hours, in the business's zone", () => {
    // Saturday 22:14 in Halifax (ADT, UTC−3) is already Sunday in UTC.
    expect(checkWorkingHours(at("2026-06-07T01:14:00Z"), settingsIn("America/Halifax"))).toEqual({
      open: false,
      detail: "Sat 22:14 America/Halifax is outside 09:00–21:00",
    });
  });

  it("opens at the start minute and closes at the end minute", () => {
    const utc = settingsIn("UTC");
    expect(checkWorkingHours(at("2026-06-03T08:59:59Z"), utc).open).toBe(false);
    expect(checkWorkingHours(at("2026-06-03T09:00:00Z"), utc)).toEqual({
      open: true,
      detail: "Wed 09:00 UTC is within 09:00–21:00",
    });
    expect(checkWorkingHours(at("2026-06-03T20:59:59Z"), utc).open).toBe(true);
    expect(checkWorkingHours(at("2026-06-03T21:00:00Z"), utc).open).toBe(false);
  });

  it("keeps a day ending at 24:00 open until midnight", () => {
    const late = settingsIn("UTC", {
      workingHours: { ...defaultSettings.workingHours, wed: { start: "09:00", end: "24:00" } },
    });
    expect(checkWorkingHours(at("2026-06-03T23:59:59Z"), late).open).toBe(true);
    // Thursday 00:00 belongs to Thursday's hours.
    expect(checkWorkingHours(at("2026-06-04T00:00:00Z"), late).open).toBe(false);
  });

  it("is closed all day on a closed weekday", () => {
    const noSundays = settingsIn("UTC", {
      workingHours: { ...defaultSettings.workingHours, sun: null },
    });
    expect(checkWorkingHours(at("2026-06-07T12:00:00Z"), noSundays)).toEqual({
      open: false,
      detail: "Sun 12:00 UTC is outside working hours (closed all day)",
    });
    expect(checkWorkingHours(at("2026-06-08T12:00:00Z"), noSundays).open).toBe(true);
  });

  it("is closed on a holiday even within hours, and says so", () => {
    const christmas = settingsIn("UTC", { holidays: ["2026-12-25"] });
    expect(checkWorkingHours(at("2026-12-25T12:00:00Z"), christmas)).toEqual({
      open: false,
      detail: "2026-12-25 is a holiday",
    });
    expect(checkWorkingHours(at("2026-12-26T12:00:00Z"), christmas).open).toBe(true);
  });

  it("follows Halifax into daylight time (spring forward, 8 March 2026)", () => {
    const halifax = settingsIn("America/Halifax");
    // A week before, 09:00 local is 13:00 UTC (AST, UTC−4).
    expect(checkWorkingHours(at("2026-03-01T12:59:00Z"), halifax).open).toBe(false);
    expect(checkWorkingHours(at("2026-03-01T13:00:00Z"), halifax).open).toBe(true);
    // After the change 09:00 local is 12:00 UTC (ADT, UTC−3): a fixed offset would be an hour off.
    expect(checkWorkingHours(at("2026-03-08T11:59:00Z"), halifax)).toEqual({
      open: false,
      detail: "Sun 08:59 America/Halifax is outside 09:00–21:00",
    });
    expect(checkWorkingHours(at("2026-03-08T12:00:00Z"), halifax).open).toBe(true);
  });

  it("treats the skipped hour as never happening", () => {
    const skipped = settingsIn("America/Halifax", {
      workingHours: { ...defaultSettings.workingHours, sun: { start: "02:00", end: "03:00" } },
    });
    expect(checkWorkingHours(at("2026-03-08T05:59:00Z"), skipped).open).toBe(false); // 01:59 AST
    expect(checkWorkingHours(at("2026-03-08T06:00:00Z"), skipped)).toEqual({
      open: false,
      detail: "Sun 03:00 America/Halifax is outside 02:00–03:00",
    });
  });

  it("follows Halifax back to standard time (fall back, 1 November 2026)", () => {
    const halifax = settingsIn("America/Halifax");
    expect(checkWorkingHours(at("2026-11-01T12:59:00Z"), halifax).open).toBe(false); // 08:59 AST
    expect(checkWorkingHours(at("2026-11-01T13:00:00Z"), halifax).open).toBe(true);
    // 01:45 happens twice that night; both are within 01:00–02:00.
    const repeated = settingsIn("America/Halifax", {
      workingHours: { ...defaultSettings.workingHours, sun: { start: "01:00", end: "02:00" } },
    });
    expect(checkWorkingHours(at("2026-11-01T04:45:00Z"), repeated).open).toBe(true);
    expect(checkWorkingHours(at("2026-11-01T05:45:00Z"), repeated).open).toBe(true);
    expect(checkWorkingHours(at("2026-11-01T06:00:00Z"), repeated).open).toBe(false);
  });

  it("uses the local weekday fourteen hours ahead of UTC", () => {
    // Friday 20:00 UTC is Saturday 10:00 on Kiritimati (UTC+14).
    const weekdaysOnly = settingsIn("Pacific/Kiritimati", {
      workingHours: { ...defaultSettings.workingHours, sat: null, sun: null, fri: nineToNine },
    });
    expect(checkWorkingHours(at("2026-06-05T20:00:00Z"), weekdaysOnly)).toEqual({
      open: false,
      detail: "Sat 10:00 Pacific/Kiritimati is outside working hours (closed all day)",
    });
    expect(checkWorkingHours(at("2026-06-05T20:00:00Z"), settingsIn("UTC")).open).toBe(true);
  });

  it("uses the local date for holidays on both sides of the date line", () => {
    const instant = at("2026-12-25T10:30:00Z");
    // Already 26 December on Kiritimati, still 24 December in Pago Pago (UTC−11).
    expect(
      checkHoliday(instant, settingsIn("Pacific/Kiritimati", { holidays: ["2026-12-26"] })),
    ).toEqual({ open: false, detail: "2026-12-26 is a holiday" });
    expect(
      checkHoliday(instant, settingsIn("Pacific/Pago_Pago", { holidays: ["2026-12-25"] })),
    ).toEqual({ open: true, detail: "2026-12-24 is not a holiday" });
  });

  it("handles a quarter-hour offset (Kathmandu, UTC+5:45)", () => {
    const kathmandu = settingsIn("Asia/Kathmandu");
    expect(checkWorkingHours(at("2026-06-05T03:14:00Z"), kathmandu).open).toBe(false);
    expect(checkWorkingHours(at("2026-06-05T03:15:00Z"), kathmandu).open).toBe(true);
  });

  it("fails closed on a time zone it does not know", () => {
    const result = checkWorkingHours(at("2026-06-03T12:00:00Z"), settingsIn("Mars/Olympus_Mons"));
    expect(result.open).toBe(false);
    expect(result.detail).toContain("not valid");
    expect(checkOpeningHours(at("2026-06-03T12:00:00Z"), settingsIn("Nope")).open).toBe(false);
  });

  it("refuses an invalid date", () => {
    expect(() => checkWorkingHours(new Date("nonsense"), settingsIn("UTC"))).toThrow("valid date");
  });
});
