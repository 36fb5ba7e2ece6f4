import type { Bar, Period } from "./api-types";

/** Local calendar date as YYYY-MM-DD (for form defaults such as "today"). */
export function localIsoDate(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, "0");
  const day = String(date.getDate()).padStart(2, "0");
  return `${date.getFullYear()}-${month}-${day}`;
}

/**
 * First day a period covers, counted back from `end` (YYYY-MM-DD), or undefined for "all".
 * Counting from the last bar rather than today keeps old or delayed data sets usable.
 */
export function periodStart(period: Period, end: string): string | undefined {
  const start = new Date(`${end}T00:00:00Z`);
  switch (period) {
    case "1w":
      start.setUTCDate(start.getUTCDate() - 7);
      break;
    case "1m":
      start.setUTCMonth(start.getUTCMonth() - 1);
      break;
    case "3m":
      start.setUTCMonth(start.getUTCMonth() - 3);
      break;
    case "6m":
      start.setUTCMonth(start.getUTCMonth() - 6);
      break;
    case "ytd":
      return `${end.slice(0, 4)}-01-01`;
    case "1y":
      start.setUTCFullYear(start.getUTCFullYear() - 1);
      break;
    case "3y":
      start.setUTCFullYear(start.getUTCFullYear() - 3);
      break;
    case "5y":
      start.setUTCFullYear(start.getUTCFullYear() - 5);
      break;
    case "all":
      return undefined;
  }
  return start.toISOString().slice(0, 10);
}

/** Bars of the period, starting at the last bar on or before the period start (as the metrics do). */
export function barsForPeriod(bars: Bar[], period: Period): Bar[] {
  if (bars.length === 0) return bars;
  const start = periodStart(period, bars[bars.length - 1].date);
  if (start === undefined) return bars;
  let first = 0;
  for (let index = 0; index < bars.length; index++) {
    if (bars[index].date <= start) first = index;
    else break;
  }
  return bars.slice(first);
}
