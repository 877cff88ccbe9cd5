// Whether someone is around to watch automated replies: the configured weekday hours and holidays, read in the
// business's own time zone (DST included), never the server's.
import { DateTime } from "luxon";
import { weekdays, type Settings } from "../settings/settings";

const allDay = { start: "00:00", end: "24:00" };
/** Working hours that never close (tests, benchmarks, a business that answers around the clock). */
export const alwaysOpen: Settings["workingHours"] = {
  mon: allDay,
  tue: allDay,
  wed: allDay,
  thu: allDay,
  fri: allDay,
  sat: allDay,
  sun: allDay,
};

export type HoursSettings = Pick<Settings, "timezone" | "workingHours" | "holidays">;
export type HoursCheck = { open: boolean; detail: string };

const dayLabels = {
  mon: "Mon",
  tue: "Tue",
  wed: "Wed",
  thu: "Thu",
  fri: "Fri",
  sat: "Sat",
  sun: "Sun",
};

/** Open when `now` is neither a holiday nor outside that weekday's hours, in `settings.timezone`. */
export function checkWorkingHours(now: Date, settings: HoursSettings): HoursCheck {
  const holiday = checkHoliday(now, settings);
  return holiday.open ? checkOpeningHours(now, settings) : holiday;
}

/** Closed all day on a listed holiday, counted as a date in the business's time zone. */
export function checkHoliday(now: Date, settings: HoursSettings): HoursCheck {
  const local = toLocal(now, settings.timezone);
  if (!local) return closedForBadZone(settings.timezone);
  const date = local.toISODate();
  return settings.holidays.includes(date)
    ? { open: false, detail: `${date} is a holiday` }
    : { open: true, detail: `${date} is not a holiday` };
}

/** Within that weekday's opening hours: start inclusive, end exclusive, to the minute. */
export function checkOpeningHours(now: Date, settings: HoursSettings): HoursCheck {
  const local = toLocal(now, settings.timezone);
  if (!local) return closedForBadZone(settings.timezone);
  // luxon numbers weekdays 1 (Monday) to 7 (Sunday), the order of `weekdays`.
  const day = weekdays[local.weekday - 1]!;
  const at = `${dayLabels[day]} ${local.toFormat("HH:mm")} ${settings.timezone}`;
  const hours = settings.workingHours[day];
  if (!hours) return { open: false, detail: `${at} is outside working hours (closed all day)` };
  const minute = local.hour * 60 + local.minute;
  const open = minute >= minuteOfDay(hours.start) && minute < minuteOfDay(hours.end);
  return { open, detail: `${at} is ${open ? "within" : "outside"} ${hours.start}–${hours.end}` };
}

const toLocal = (now: Date, zone: string) => {
  if (Number.isNaN(now.getTime())) throw new Error("checkWorkingHours needs a valid date");
  const local = DateTime.fromJSDate(now, { zone });
  return local.isValid ? local : null;
};

// Settings validate the zone, so this only guards stale data: with an unknown zone nobody can say whether
// anyone is around, and automation must not run.
const closedForBadZone = (zone: string): HoursCheck => ({
  open: false,
  detail: `time zone ${JSON.stringify(zone)} is not valid, so working hours are unknown`,
});

const minuteOfDay = (time: string) => {
  const [hours, minutes] = time.split(":").map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
};
