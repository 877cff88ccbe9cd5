// A range of the business's local days ending today, as the stats procedures take it (YYYY-MM-DD, both ends in).
const DAY_MS = 86_400_000;

/** Today's date in `timeZone`, and the date `days - 1` before it. */
export function localRange(days: number, timeZone: string, now = new Date()) {
  const to = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * DAY_MS)
    .toISOString()
    .slice(0, 10);
  return { from, to };
}
