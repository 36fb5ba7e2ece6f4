import { render, screen, waitFor } from "@testing-library/react";
import type { ReactElement } from "react";
import { describe, expect, it } from "vitest";
import type { Bar, Indicators } from "@/lib/api-types";
import { charts, CandlestickSeries, HistogramSeries, LineSeries } from "@/test/lightweight-charts-mock";
import { DrawdownZone } from "./DrawdownZone";
import { PriceChart, type PriceChartProps } from "./PriceChart";

const BARS: Bar[] = [
  { date: "2024-01-02", open: 1, high: 1.2, low: 0.9, close: 1.1, volume: 100 },
  { date: "2024-01-03", open: 1.1, high: 1.1, low: 0.8, close: 0.85, volume: 200 },
  { date: "2024-01-04", open: 0.85, high: 1.0, low: 0.8, close: 0.95, volume: null },
];

const INDICATORS: Indicators = {
  code: "510300",
  source: "sample",
  as_of: "2024-01-04",
  stale: false,
  dates: ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"],
  series: {
    sma20: [null, null, 1, 1.05],
    sma5: [1, 1, 1, 1],
    "macd.dif": [0, 0.1, 0.2, 0.1],
    "macd.dea": [0, 0.05, 0.1, 0.1],
    "macd.bar": [0, 0.05, -0.1, 0],
    rsi14: [50, 55, 40, 45],
  },
};

const BASE: PriceChartProps = {
  bars: BARS,
  candles: true,
  indicators: INDICATORS,
  overlays: ["sma"],
  lowerPane: "none",
  drawdown: null,
  colors: { up: "#b91c1c", down: "#047857" },
  language: "zh-CN",
  label: "chart",
};

async function renderChart(props: Partial<PriceChartProps>) {
  charts.length = 0;
  render(<PriceChart {...BASE} {...props} />);
  await waitFor(() => expect(charts).toHaveLength(1));
  return charts[0];
}

describe("PriceChart", () => {
  it("draws candles, volume and the chosen overlays limited to the bars' dates", async () => {
    const chart = await renderChart({});
    expect(screen.getByTestId("price-chart").closest("figure")).toHaveTextContent("chart");
    const [main, volume, ...lines] = chart.series;
    expect(main.definition).toBe(CandlestickSeries);
    expect(main.data).toHaveLength(3);
    expect(volume.definition).toBe(HistogramSeries);
    expect(volume.data[2]).toEqual({ time: "2024-01-04" });
    expect(lines.map((line) => line.paneIndex)).toEqual([0, 0]);
    expect(lines.map((line) => line.options.title)).toEqual(["sma5", "sma20"]);
    expect(lines[1].data).toEqual([{ time: "2024-01-02" }, { time: "2024-01-03", value: 1 }, { time: "2024-01-04", value: 1.05 }]);
  });

  it("gives volume its own pane under the prices, coloured like the bar it belongs to", async () => {
    const chart = await renderChart({ overlays: [] });
    const volume = chart.series.filter((series) => series.paneIndex === 1);
    expect(volume.map((series) => [series.definition, series.options.title])).toEqual([[HistogramSeries, "成交量"]]);
    // 2024-01-02 closes above its open (up, red here), 2024-01-03 below it (down, green).
    expect(volume[0].data.slice(0, 2)).toEqual([
      { time: "2024-01-02", value: 100, color: "rgba(185, 28, 28, 0.6)" },
      { time: "2024-01-03", value: 200, color: "rgba(4, 120, 87, 0.6)" },
    ]);
    expect(screen.getByTestId("price-chart")).toHaveStyle({ height: "470px" });
    expect(chart.stretchFactors).toEqual([380, 90]);
  });

  it("has no volume pane for bars without volume", async () => {
    const chart = await renderChart({ bars: BARS.map((bar) => ({ ...bar, volume: null })), overlays: [], lowerPane: "macd" });
    expect(chart.series.filter((series) => series.definition === HistogramSeries).map((series) => series.paneIndex)).toEqual([1]);
    expect(chart.series.filter((series) => series.paneIndex === 1).map((series) => series.options.title)).toEqual([
      "macd.dea",
      "macd.dif",
      "macd.bar",
    ]);
  });

  it("puts the MACD lines and histogram in the pane below the volume", async () => {
    const chart = await renderChart({ candles: false, overlays: [], lowerPane: "macd" });
    expect(chart.series[0].definition).toBe(LineSeries);
    const lowerPane = chart.series.filter((series) => series.paneIndex === 2);
    expect(lowerPane.map((series) => [series.definition.type, series.options.title])).toEqual([
      ["Line", "macd.dea"],
      ["Line", "macd.dif"],
      ["Histogram", "macd.bar"],
    ]);
    expect(lowerPane[2].data[1]).toMatchObject({ value: -0.1, color: "#047857" });
  });

  it("shades the maximum drawdown on the price series", async () => {
    const chart = await renderChart({ drawdown: { value: -0.3, peak: "2024-01-02", trough: "2024-01-03", recovery: null } });
    expect(chart.series[0].primitives).toHaveLength(1);
    expect(chart.series[0].primitives[0]).toBeInstanceOf(DrawdownZone);
  });

  it("marks dividends and splits above their bars on the price series", async () => {
    const chart = await renderChart({
      markers: [
        { time: "2024-01-03", kind: "dividend", text: "分红 0.05" },
        { time: "2024-01-04", kind: "split", text: "拆分 ×2" },
      ],
    });
    expect(chart.series[0].markers).toEqual([
      { time: "2024-01-03", position: "aboveBar", shape: "arrowDown", color: "#b45309", text: "分红 0.05" },
      { time: "2024-01-04", position: "aboveBar", shape: "circle", color: "#6d28d9", text: "拆分 ×2" },
    ]);
    expect((await renderChart({ markers: [] })).series[0].markers).toEqual([]);
  });

  describe("as its inputs change, keeps one chart and redraws only what changed", () => {
    async function renderChanging(props: Partial<PriceChartProps>) {
      charts.length = 0;
      const view = render(<PriceChart {...BASE} {...props} />);
      await waitFor(() => expect(charts).toHaveLength(1));
      const rerender = (next: Partial<PriceChartProps>) => view.rerender((<PriceChart {...BASE} {...next} />) as ReactElement);
      return { chart: charts[0], rerender };
    }

    it("adds the indicator lines when they arrive, keeping the prices and the reader's zoom", async () => {
      const { chart, rerender } = await renderChanging({ indicators: null });
      const [main, volume] = chart.series;
      expect(chart.series).toHaveLength(2);
      rerender({});
      expect(charts).toHaveLength(1);
      expect(chart.series.slice(0, 2)).toEqual([main, volume]);
      expect(chart.series.slice(2).map((series) => series.options.title)).toEqual(["sma5", "sma20"]);
      expect(chart.fits).toBe(1);
    });

    it("swaps the lower pane's series when another indicator is chosen", async () => {
      const { chart, rerender } = await renderChanging({ overlays: [], lowerPane: "macd" });
      rerender({ overlays: [], lowerPane: "rsi" });
      expect(charts).toHaveLength(1);
      expect(chart.series.map((series) => [series.paneIndex, series.options.title])).toEqual([
        [0, undefined],
        [1, "成交量"],
        [2, "rsi14"],
      ]);
      expect(chart.stretchFactors).toEqual([380, 90, 150]);
    });

    it("moves the markers and the drawdown zone onto the close line when candles are turned off", async () => {
      const drawdown = { value: -0.3, peak: "2024-01-02", trough: "2024-01-03", recovery: null };
      const markers = [{ time: "2024-01-03", kind: "dividend" as const, text: "分红 0.05" }];
      const { chart, rerender } = await renderChanging({ drawdown, markers });
      rerender({ drawdown, markers, candles: false });
      const [main] = chart.series;
      expect(main.definition).toBe(LineSeries);
      expect(main.primitives).toHaveLength(1);
      expect(main.markers).toHaveLength(1);
      expect(chart.series.filter((series) => series.definition === CandlestickSeries)).toEqual([]);
    });

    it("keeps one drawdown zone when the drawdown changes, none when it goes", async () => {
      const { chart, rerender } = await renderChanging({ drawdown: { value: -0.3, peak: "2024-01-02", trough: "2024-01-03", recovery: null } });
      rerender({ drawdown: { value: -0.2, peak: "2024-01-02", trough: "2024-01-04", recovery: null } });
      expect(chart.series[0].primitives).toHaveLength(1);
      rerender({ drawdown: null });
      expect(chart.series[0].primitives).toEqual([]);
    });

    it("fits new bars to the width", async () => {
      const { chart, rerender } = await renderChanging({});
      rerender({ bars: BARS.slice(1) });
      expect(chart.series[0].data).toHaveLength(2);
      expect(chart.fits).toBe(2);
    });
  });
});
