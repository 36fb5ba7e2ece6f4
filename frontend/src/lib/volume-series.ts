import type { Bar } from "./api-types";

/** A volume bar for the chart; one without `value` keeps its date on the time axis but draws nothing. */
export type VolumePoint = { time: string; value: number; rising: boolean } | { time: string };

/** Sources that give closes only (e.g. some CSV imports) have no volume: the chart then has no volume pane. */
export function hasVolume(bars: readonly Bar[]): boolean {
  return bars.some((bar) => bar.volume !== null);
}

/**
 * One point per bar. A bar rises when it closes at or above its open, as a candle is coloured;
 * without an open (close-only sources), when it closes at or above the previous close.
 */
export function volumePoints(bars: readonly Bar[]): VolumePoint[] {
  return bars.map((bar, index) => {
    if (bar.volume === null) return { time: bar.date };
    const reference = bar.open ?? (index > 0 ? bars[index - 1].close : bar.close);
    return { time: bar.date, value: bar.volume, rising: bar.close >= reference };
  });
}
