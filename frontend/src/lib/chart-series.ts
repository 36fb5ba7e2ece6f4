import type { Bar, Indicators } from "./api-types";

export const OVERLAYS = ["sma", "ema", "boll"] as const;
export type Overlay = (typeof OVERLAYS)[number];

export const LOWER_PANES = ["none", "macd", "rsi", "kdj"] as const;
export type LowerPane = (typeof LOWER_PANES)[number];

/** The MACD histogram is drawn as bars; every other indicator series is a line. */
export const HISTOGRAM_KEYS = new Set(["macd.bar"]);

/** A point for the chart; a point without `value` keeps the date on the time axis but draws nothing. */
export type ChartPoint = { time: string; value: number } | { time: string };

/**
 * Series keys of one indicator family, e.g. "sma" → ["sma5", "sma20"], "macd" → ["macd.dea", ...].
 * Windows are whatever the backend sent, so new ones appear without a UI change.
 */
export function familyKeys(indicators: Indicators, family: string): string[] {
  const pattern = new RegExp(`^${family}(\\d+|\\..+)$`);
  return Object.keys(indicators.series)
    .filter((key) => pattern.test(key))
    .sort(byWindowThenName);
}

/**
 * "sma5" before "sma20", "macd.bar" before "macd.dea". Plain comparisons rather than a collator:
 * a page's first Intl collator costs tens of milliseconds on a phone, on every chart build.
 */
function byWindowThenName(a: string, b: string): number {
  const windowA = windowOf(a);
  const windowB = windowOf(b);
  if (windowA !== windowB) return windowA - windowB;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The number a key ends with (its window), or Infinity for a named part like "macd.dea". */
function windowOf(key: string): number {
  const digits = /\d+$/.exec(key);
  return digits ? Number(digits[0]) : Infinity;
}

/** Points of one series, limited to the dates of the bars on screen. */
export function indicatorPoints(indicators: Indicators, key: string, barDates: ReadonlySet<string>): ChartPoint[] {
  const values = indicators.series[key] ?? [];
  const points: ChartPoint[] = [];
  indicators.dates.forEach((time, index) => {
    if (!barDates.has(time)) return;
    const value = values[index];
    points.push(typeof value === "number" && Number.isFinite(value) ? { time, value } : { time });
  });
  return points;
}

/** Candles need open/high/low; sources that give closes only can be drawn as a line alone. */
export function hasOhlc(bars: readonly Bar[]): boolean {
  return bars.length > 0 && bars.every((bar) => bar.open !== null && bar.high !== null && bar.low !== null);
}
