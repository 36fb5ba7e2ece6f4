"use client";

import { useEffect, useRef } from "react";
import type { ISeriesApi, SeriesType, Time } from "lightweight-charts";
import type { Bar, Indicators, MaxDrawdown } from "@/lib/api-types";
import { SERIES_PALETTE } from "@/lib/chart-colors";
import {
  familyKeys,
  HISTOGRAM_KEYS,
  indicatorPoints,
  type LowerPane,
  type Overlay,
} from "@/lib/chart-series";
import { translate } from "@/lib/i18n";
import type { Language } from "@/lib/settings";
import { hasVolume, volumePoints } from "@/lib/volume-series";
import { type ResolvedTheme, useResolvedTheme } from "@/lib/theme";
import { baseChartOptions, PRICE_LINE_COLORS } from "./chart-options";
import { DrawdownZone } from "./DrawdownZone";
import { useChartLibrary, type ChartLibrary } from "./use-chart-library";

/** A label above one bar, e.g. a dividend's ex-date. */
export interface ChartMarker {
  time: string;
  kind: "dividend" | "split";
  text: string;
}

export interface PriceChartProps {
  bars: Bar[];
  markers?: readonly ChartMarker[];
  candles: boolean;
  indicators: Indicators | null;
  overlays: readonly Overlay[];
  lowerPane: LowerPane;
  drawdown: MaxDrawdown | null;
  colors: { up: string; down: string };
  language: Language;
  label: string;
}

/** Performance measure of each chart build up to its first paint (read by build-support/bench/bench-ui.py). */
export const RENDER_MEASURE = "etftool:price-chart-render";

/** The price pane's height, the least the chart takes (pages keep this room while it loads). */
export const MAIN_HEIGHT = 380;
const VOLUME_PANE_INDEX = 1;
const VOLUME_PANE_HEIGHT = 90;
const LOWER_PANE_HEIGHT = 150;
const MARKER_COLORS = { dividend: "#b45309", split: "#6d28d9" } as const;

function withAlpha(hex: string, alpha: number): string {
  const channel = (offset: number) => parseInt(hex.slice(offset, offset + 2), 16);
  return `rgba(${channel(1)}, ${channel(3)}, ${channel(5)}, ${alpha})`;
}

function drawChart(library: ChartLibrary, container: HTMLElement, props: PriceChartProps, theme: ResolvedTheme) {
  const { bars, colors } = props;
  const chart = library.createChart(container, baseChartOptions(props.language, theme));
  const time = (date: string) => date as Time;

  let main: ISeriesApi<SeriesType>;
  if (props.candles) {
    main = chart.addSeries(library.CandlestickSeries, {
      upColor: colors.up,
      downColor: colors.down,
      wickUpColor: colors.up,
      wickDownColor: colors.down,
      borderVisible: false,
    });
    main.setData(
      bars.map((bar) => ({ time: time(bar.date), open: bar.open!, high: bar.high!, low: bar.low!, close: bar.close })),
    );
  } else {
    main = chart.addSeries(library.LineSeries, { color: PRICE_LINE_COLORS[theme], lineWidth: 2 });
    main.setData(bars.map((bar) => ({ time: time(bar.date), value: bar.close })));
  }

  // Volume has a pane of its own under the prices; the indicator pane, if any, comes below it.
  const volumeShown = hasVolume(bars);
  const lowerPaneIndex = volumeShown ? 2 : 1;
  if (volumeShown) {
    const volume = chart.addSeries(
      library.HistogramSeries,
      {
        priceFormat: { type: "volume" },
        lastValueVisible: false,
        priceLineVisible: false,
        title: translate(props.language, "chart.volume"),
      },
      VOLUME_PANE_INDEX,
    );
    const up = withAlpha(colors.up, 0.6);
    const down = withAlpha(colors.down, 0.6);
    volume.setData(
      volumePoints(bars).map((point) =>
        "value" in point
          ? { time: time(point.time), value: point.value, color: point.rising ? up : down }
          : { time: time(point.time) },
      ),
    );
    chart.panes()[VOLUME_PANE_INDEX]?.setHeight(VOLUME_PANE_HEIGHT);
  }

  const barDates = new Set(bars.map((bar) => bar.date));
  let paletteIndex = 0;
  const addLines = (keys: string[], paneIndex: number) => {
    for (const key of keys) {
      const series = chart.addSeries(
        library.LineSeries,
        {
          color: SERIES_PALETTE[paletteIndex++ % SERIES_PALETTE.length],
          lineWidth: 1,
          priceLineVisible: false,
          lastValueVisible: false,
          title: key,
        },
        paneIndex,
      );
      series.setData(indicatorPoints(props.indicators!, key, barDates).map((point) => ({ ...point, time: time(point.time) })));
    }
  };

  if (props.indicators) {
    for (const overlay of props.overlays) addLines(familyKeys(props.indicators, overlay), 0);
    if (props.lowerPane !== "none") {
      const keys = familyKeys(props.indicators, props.lowerPane);
      addLines(keys.filter((key) => !HISTOGRAM_KEYS.has(key)), lowerPaneIndex);
      for (const key of keys.filter((key) => HISTOGRAM_KEYS.has(key))) {
        const histogram = chart.addSeries(
          library.HistogramSeries,
          { priceLineVisible: false, lastValueVisible: false, title: key },
          lowerPaneIndex,
        );
        histogram.setData(
          indicatorPoints(props.indicators, key, barDates).map((point) =>
            "value" in point
              ? { time: time(point.time), value: point.value, color: point.value >= 0 ? colors.up : colors.down }
              : { time: time(point.time) },
          ),
        );
      }
      chart.panes()[lowerPaneIndex]?.setHeight(LOWER_PANE_HEIGHT);
    }
  }

  if (props.markers && props.markers.length > 0) {
    library.createSeriesMarkers(
      main,
      props.markers.map((marker) => ({
        time: time(marker.time),
        position: "aboveBar" as const,
        shape: marker.kind === "dividend" ? ("arrowDown" as const) : ("circle" as const),
        color: MARKER_COLORS[marker.kind],
        text: marker.text,
      })),
    );
  }

  const { peak, trough } = props.drawdown ?? {};
  if (peak && trough) main.attachPrimitive(new DrawdownZone(peak, trough, "rgba(100, 116, 139, 0.16)"));
  chart.timeScale().fitContent();
  return chart;
}

/** Price chart: candles or a close line, a volume pane, overlays, an optional indicator pane and the drawdown zone. */
export function PriceChart(props: PriceChartProps) {
  const library = useChartLibrary();
  const containerRef = useRef<HTMLDivElement>(null);
  const theme = useResolvedTheme();
  const height =
    MAIN_HEIGHT + (hasVolume(props.bars) ? VOLUME_PANE_HEIGHT : 0) + (props.lowerPane === "none" ? 0 : LOWER_PANE_HEIGHT);

  useEffect(() => {
    if (!library || !containerRef.current) return;
    // Rebuilding on every change is simpler than patching series and costs a few ms.
    const started = performance.now();
    const chart = drawChart(library, containerRef.current, props, theme);
    // The chart paints in an animation frame it requested while being built, so a frame
    // requested now runs after that paint: the measure spans building and first paint.
    const frame = requestAnimationFrame(() =>
      performance.measure(RENDER_MEASURE, {
        start: started,
        detail: { bars: props.bars.length, indicators: props.indicators !== null },
      }),
    );
    return () => {
      cancelAnimationFrame(frame);
      chart.remove();
    };
    // props is a fresh object each render; its parts are the real dependencies.
  }, [library, props.bars, props.markers, props.candles, props.indicators, props.overlays, props.lowerPane, props.drawdown, props.colors, props.language, theme]);

  return (
    <figure>
      <figcaption className="sr-only">{props.label}</figcaption>
      <div ref={containerRef} data-testid="price-chart" style={{ height }} className="w-full" />
    </figure>
  );
}
