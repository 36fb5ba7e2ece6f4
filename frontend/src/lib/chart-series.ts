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
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
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
