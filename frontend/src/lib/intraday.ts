import type { IntradayPoint } from "./api-extensions";
import type { MarketState } from "./api-types";

/**
 * Seconds for the chart's time axis that show the exchange's wall-clock time: the chart prints
 * timestamps as UTC, so "2024-06-28T09:31:00+08:00" becomes 09:31 on 2024-06-28 "UTC", whatever the
 * reader's time zone. Null when the text is not an ISO datetime.
 */
export function wallClockSeconds(iso: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/.exec(iso);
  if (!match) return null;
  const [, year, month, day, hour, minute, second] = match;
  return Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second ?? 0)) / 1000;
}

export type TimedPoint = { time: number; value: number } | { time: number };
export type VolumePoint = { time: number; value: number; rising: boolean } | { time: number };

export interface IntradaySeries {
  price: TimedPoint[];
  average: TimedPoint[];
  /** `rising`: the minute's price is at or above the minute before (the first: above the previous close). */
  volume: VolumePoint[];
}

const point = (time: number, value: number | null): TimedPoint =>
  typeof value === "number" && Number.isFinite(value) ? { time, value } : { time };

/** The chart's three series; points without a readable time are dropped, as are repeated times. */
export function intradaySeries(points: readonly IntradayPoint[], prevClose: number | null = null): IntradaySeries {
  const series: IntradaySeries = { price: [], average: [], volume: [] };
  let lastTime = -Infinity;
  let lastPrice = prevClose;
  for (const minute of points) {
    const time = wallClockSeconds(minute.time);
    if (time === null || time <= lastTime) continue;
    lastTime = time;
    series.price.push(point(time, minute.price));
    series.average.push(point(time, minute.avg_price));
    const volume = minute.volume;
    if (typeof volume === "number" && Number.isFinite(volume)) {
      const rising = minute.price === null || lastPrice === null || minute.price >= lastPrice;
      series.volume.push({ time, value: volume, rising });
    } else {
      series.volume.push({ time });
    }
    if (minute.price !== null) lastPrice = minute.price;
  }
  return series;
}

/** States in which prices move: the intraday chart and the quote refresh every 30 s. */
const TRADING: ReadonlySet<MarketState> = new Set(["open", "call_auction"]);
/** States just before trading (resumes): the quote is re-read every minute to notice the start. */
const ABOUT_TO_TRADE: ReadonlySet<MarketState> = new Set(["pre_open", "lunch_break"]);

export const LIVE_REFRESH_SECONDS = 30;

/** How often to reload what moves during a session (0 = never), from the market's state. */
export function liveRefreshSeconds(state: MarketState | undefined, { waiting = false } = {}): number {
  if (state === undefined) return 0;
  if (TRADING.has(state)) return LIVE_REFRESH_SECONDS;
  return waiting && ABOUT_TO_TRADE.has(state) ? 60 : 0;
}
