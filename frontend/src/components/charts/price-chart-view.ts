import type { IChartApi, ISeriesApi, ISeriesMarkersPluginApi, SeriesType, Time } from "lightweight-charts";
import type { Bar, Indicators, MaxDrawdown } from "@/lib/api-types";
import { SERIES_PALETTE, withAlpha } from "@/lib/chart-colors";
import { familyKeys, HISTOGRAM_KEYS, indicatorPoints, type LowerPane, type Overlay } from "@/lib/chart-series";
import { translate } from "@/lib/i18n";
import type { Language } from "@/lib/settings";
import type { ResolvedTheme } from "@/lib/theme";
import { hasVolume, volumePoints } from "@/lib/volume-series";
import { baseChartOptions, PRICE_LINE_COLORS } from "./chart-options";
import { DrawdownZone } from "./DrawdownZone";
import type { ChartLibrary } from "./use-chart-library";

/** A label above one bar, e.g. a dividend's ex-date. */
export interface ChartMarker {
  time: string;
  kind: "dividend" | "split";
  text: string;
}

/** What the price chart shows; each part is compared by identity to find what changed. */
export interface PriceChartContent {
  bars: Bar[];
  markers?: readonly ChartMarker[];
  candles: boolean;
  indicators: Indicators | null;
  overlays: readonly Overlay[];
  lowerPane: LowerPane;
  drawdown: MaxDrawdown | null;
  colors: { up: string; down: string };
}

/** The price pane's height, the least the chart takes (pages keep this room while it loads). */
export const MAIN_HEIGHT = 380;
export const VOLUME_PANE_HEIGHT = 90;
export const LOWER_PANE_HEIGHT = 150;
const VOLUME_PANE_INDEX = 1;
const MARKER_COLORS = { dividend: "#b45309", split: "#6d28d9" } as const;
const DRAWDOWN_FILL = "rgba(100, 116, 139, 0.16)";
const NO_MARKERS: readonly ChartMarker[] = [];

const time = (date: string) => date as Time;

/**
 * One lightweight-charts chart kept across changes: data arriving or an option changing
 * replaces only the series it concerns, so the chart is built once a page (building one costs
 * a phone a long task) and a reader's zoom survives the indicators coming in.
 */
export class PriceChartView {
  private readonly chart: IChartApi;
  private shown: PriceChartContent | null = null;
  private main: ISeriesApi<SeriesType> | null = null;
  private volume: ISeriesApi<SeriesType> | null = null;
  private indicatorSeries: ISeriesApi<SeriesType>[] = [];
  private lowerPaneShown = false;
  private markers: ISeriesMarkersPluginApi<Time> | null = null;
  private zone: DrawdownZone | null = null;

  constructor(
    private readonly library: ChartLibrary,
    container: HTMLElement,
    private readonly language: Language,
    private readonly theme: ResolvedTheme,
  ) {
    this.chart = library.createChart(container, baseChartOptions(language, theme));
  }

  /** Brings the chart to `next`, touching only the parts that differ from what it shows. */
  show(next: PriceChartContent): void {
    const shown = this.shown;
    const pricesChanged = !shown || shown.bars !== next.bars || shown.candles !== next.candles || shown.colors !== next.colors;
    // The indicator pane sits below the volume pane, so new prices redraw the indicators too.
    const indicatorsChanged =
      pricesChanged || shown.indicators !== next.indicators || shown.overlays !== next.overlays || shown.lowerPane !== next.lowerPane;
    if (indicatorsChanged) this.removeIndicators();
    if (pricesChanged) this.drawPrices(next);
    if (indicatorsChanged) {
      this.drawIndicators(next);
      this.sizePanes();
    }
    if (pricesChanged || shown.markers !== next.markers) this.drawMarkers(next.markers ?? NO_MARKERS);
    if (pricesChanged || shown.drawdown !== next.drawdown) this.drawDrawdown(next.drawdown);
    // New bars are fitted to the width; otherwise the reader's zoom and scroll stay.
    if (!shown || shown.bars !== next.bars) this.chart.timeScale().fitContent();
    this.shown = next;
  }

  remove(): void {
    this.chart.remove();
  }

  private drawPrices({ bars, candles, colors }: PriceChartContent): void {
    // Volume first: a pane left without series is dropped unless it is the only one, and the
    // price pane must stay the first.
    if (this.volume) this.chart.removeSeries(this.volume);
    if (this.main) this.chart.removeSeries(this.main);
    this.markers = null;
    this.zone = null;
    this.volume = null;

    if (candles) {
      this.main = this.chart.addSeries(this.library.CandlestickSeries, {
        upColor: colors.up,
        downColor: colors.down,
        wickUpColor: colors.up,
        wickDownColor: colors.down,
        borderVisible: false,
      });
      this.main.setData(
        bars.map((bar) => ({ time: time(bar.date), open: bar.open!, high: bar.high!, low: bar.low!, close: bar.close })),
      );
    } else {
      this.main = this.chart.addSeries(this.library.LineSeries, { color: PRICE_LINE_COLORS[this.theme], lineWidth: 2 });
      this.main.setData(bars.map((bar) => ({ time: time(bar.date), value: bar.close })));
    }

    // Volume has a pane of its own under the prices; the indicator pane, if any, comes below it.
    if (!hasVolume(bars)) return;
    this.volume = this.chart.addSeries(
      this.library.HistogramSeries,
      {
        priceFormat: { type: "volume" },
        lastValueVisible: false,
        priceLineVisible: false,
        title: translate(this.language, "chart.volume"),
      },
      VOLUME_PANE_INDEX,
    );
    const up = withAlpha(colors.up, 0.6);
    const down = withAlpha(colors.down, 0.6);
    this.volume.setData(
      volumePoints(bars).map((point) =>
        "value" in point
          ? { time: time(point.time), value: point.value, color: point.rising ? up : down }
          : { time: time(point.time) },
      ),
    );
  }

  private removeIndicators(): void {
    // A pane left without series goes with its last one.
    for (const series of this.indicatorSeries) this.chart.removeSeries(series);
    this.indicatorSeries = [];
    this.lowerPaneShown = false;
  }

  private drawIndicators({ bars, indicators, overlays, lowerPane, colors }: PriceChartContent): void {
    if (!indicators) return;
    const barDates = new Set(bars.map((bar) => bar.date));
    const lowerPaneIndex = this.volume ? 2 : 1;
    let paletteIndex = 0;
    const addLines = (keys: string[], paneIndex: number) => {
      for (const key of keys) {
        const series = this.chart.addSeries(
          this.library.LineSeries,
          {
            color: SERIES_PALETTE[paletteIndex++ % SERIES_PALETTE.length],
            lineWidth: 1,
            priceLineVisible: false,
            lastValueVisible: false,
            title: key,
          },
          paneIndex,
        );
        series.setData(indicatorPoints(indicators, key, barDates).map((point) => ({ ...point, time: time(point.time) })));
        this.indicatorSeries.push(series);
      }
    };

    for (const overlay of overlays) addLines(familyKeys(indicators, overlay), 0);
    if (lowerPane === "none") return;
    const keys = familyKeys(indicators, lowerPane);
    this.lowerPaneShown = keys.length > 0;
    addLines(keys.filter((key) => !HISTOGRAM_KEYS.has(key)), lowerPaneIndex);
    for (const key of keys.filter((key) => HISTOGRAM_KEYS.has(key))) {
      const histogram = this.chart.addSeries(
        this.library.HistogramSeries,
        { priceLineVisible: false, lastValueVisible: false, title: key },
        lowerPaneIndex,
      );
      histogram.setData(
        indicatorPoints(indicators, key, barDates).map((point) =>
          "value" in point
            ? { time: time(point.time), value: point.value, color: point.value >= 0 ? colors.up : colors.down }
            : { time: time(point.time) },
        ),
      );
      this.indicatorSeries.push(histogram);
    }
  }

  /**
   * Shares the height out as proportions rather than pixels: the container grows to make room
   * for a new pane only after the pane is added, and a resize keeps proportions.
   */
  private sizePanes(): void {
    const heights = [MAIN_HEIGHT];
    if (this.volume) heights.push(VOLUME_PANE_HEIGHT);
    if (this.lowerPaneShown) heights.push(LOWER_PANE_HEIGHT);
    const panes = this.chart.panes();
    heights.forEach((height, index) => panes[index]?.setStretchFactor(height));
  }

  private drawMarkers(markers: readonly ChartMarker[]): void {
    const points = markers.map((marker) => ({
      time: time(marker.time),
      position: "aboveBar" as const,
      shape: marker.kind === "dividend" ? ("arrowDown" as const) : ("circle" as const),
      color: MARKER_COLORS[marker.kind],
      text: marker.text,
    }));
    if (this.markers) this.markers.setMarkers(points);
    else if (points.length > 0) this.markers = this.library.createSeriesMarkers(this.main!, points);
  }

  private drawDrawdown(drawdown: MaxDrawdown | null): void {
    if (this.zone) this.main!.detachPrimitive(this.zone);
    this.zone = null;
    const { peak, trough } = drawdown ?? {};
    if (!peak || !trough) return;
    this.zone = new DrawdownZone(peak, trough, DRAWDOWN_FILL);
    this.main!.attachPrimitive(this.zone);
  }
}
