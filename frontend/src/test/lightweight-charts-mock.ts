import { vi } from "vitest";

// Series definitions are compared by identity in tests, like the real library's.
export const CandlestickSeries = { type: "Candlestick" };
export const LineSeries = { type: "Line" };
export const HistogramSeries = { type: "Histogram" };

export interface RecordedSeries {
  definition: { type: string };
  options: Record<string, unknown>;
  paneIndex: number;
  data: unknown[];
  primitives: unknown[];
  priceLines: unknown[];
  markers: unknown[];
}

export interface RecordedChart {
  series: RecordedSeries[];
  /** How often the time scale was fitted to the data (a reader's zoom is lost each time). */
  fits: number;
  /** The panes' share of the height, by pane index. */
  stretchFactors: number[];
  removed: boolean;
}

export const charts: RecordedChart[] = [];

export const createChart = vi.fn((_container: HTMLElement, _options: unknown) => {
  const record: RecordedChart = { series: [], fits: 0, stretchFactors: [], removed: false };
  charts.push(record);
  return {
    addSeries(definition: { type: string }, options: Record<string, unknown> = {}, paneIndex = 0) {
      const series: RecordedSeries = { definition, options, paneIndex, data: [], primitives: [], priceLines: [], markers: [] };
      record.series.push(series);
      return {
        recorded: series,
        setData: (data: unknown[]) => {
          series.data = data;
        },
        attachPrimitive: (primitive: unknown) => series.primitives.push(primitive),
        detachPrimitive: (primitive: unknown) => {
          series.primitives = series.primitives.filter((attached) => attached !== primitive);
        },
        createPriceLine: (options: unknown) => series.priceLines.push(options),
        priceScale: () => ({ applyOptions: () => undefined }),
      };
    },
    removeSeries(series: { recorded: RecordedSeries }) {
      record.series = record.series.filter((recorded) => recorded !== series.recorded);
    },
    priceScale: () => ({ applyOptions: () => undefined }),
    // One pane per pane index in use, as the library drops a pane with its last series.
    panes: () =>
      [...new Set(record.series.map((series) => series.paneIndex))].map((index) => ({
        setStretchFactor: (factor: number) => (record.stretchFactors[index] = factor),
      })),
    timeScale: () => ({
      fitContent: () => {
        record.fits += 1;
      },
      timeToCoordinate: () => null,
    }),
    remove: () => {
      record.removed = true;
    },
  };
});

/** Records the markers on the series, as the real library draws them on it. */
export const createSeriesMarkers = vi.fn((series: { recorded: RecordedSeries }, markers: unknown[] = []) => {
  series.recorded.markers = markers;
  return { setMarkers: (next: unknown[]) => (series.recorded.markers = next) };
});
