"use client";

import { useEffect, useMemo, useRef } from "react";
import type { UTCTimestamp } from "lightweight-charts";
import type { IntradayPoint } from "@/lib/api-extensions";
import { withAlpha } from "@/lib/chart-colors";
import { intradaySeries } from "@/lib/intraday";
import type { Language } from "@/lib/settings";
import { useResolvedTheme } from "@/lib/theme";
import { baseChartOptions, PRICE_LINE_COLORS } from "./chart-options";
import { useChartLibrary } from "./use-chart-library";

export const INTRADAY_AVERAGE_COLOR = "#E69F00";

interface IntradayChartProps {
  points: readonly IntradayPoint[];
  prevClose: number | null;
  colors: { up: string; down: string };
  language: Language;
  label: string;
}

/** One session's minute prices: price line, average-price line and a volume histogram below them. */
export function IntradayChart({ points, prevClose, colors, language, label }: IntradayChartProps) {
  const library = useChartLibrary();
  const containerRef = useRef<HTMLDivElement>(null);
  const theme = useResolvedTheme();
  const series = useMemo(() => intradaySeries(points, prevClose), [points, prevClose]);

  useEffect(() => {
    if (!library || !containerRef.current) return;
    const base = baseChartOptions(language, theme);
    const chart = library.createChart(containerRef.current, {
      ...base,
      // Times are the exchange's wall clock written as UTC (see wallClockSeconds).
      timeScale: { ...base.timeScale, timeVisible: true, secondsVisible: false },
    });
    const time = (seconds: number) => seconds as UTCTimestamp;
    const price = chart.addSeries(library.LineSeries, { color: PRICE_LINE_COLORS[theme], lineWidth: 2, title: "price" });
    price.setData(series.price.map((p) => ({ ...p, time: time(p.time) })));
    price.priceScale().applyOptions({ scaleMargins: { top: 0.05, bottom: 0.25 } });
    if (prevClose !== null) {
      price.createPriceLine({ price: prevClose, color: "#94a3b8", lineWidth: 1, lineStyle: 2, axisLabelVisible: true, title: "" });
    }
    const average = chart.addSeries(library.LineSeries, {
      color: INTRADAY_AVERAGE_COLOR,
      lineWidth: 1,
      priceLineVisible: false,
      lastValueVisible: false,
      title: "avg_price",
    });
    average.setData(series.average.map((p) => ({ ...p, time: time(p.time) })));
    const volume = chart.addSeries(library.HistogramSeries, {
      priceScaleId: "volume",
      priceFormat: { type: "volume" },
      priceLineVisible: false,
      lastValueVisible: false,
      title: "volume",
    });
    chart.priceScale("volume").applyOptions({ scaleMargins: { top: 0.8, bottom: 0 }, visible: false });
    volume.setData(
      series.volume.map((p) =>
        "value" in p
          ? { time: time(p.time), value: p.value, color: withAlpha(p.rising ? colors.up : colors.down, 0.45) }
          : { time: time(p.time) },
      ),
    );
    chart.timeScale().fitContent();
    return () => chart.remove();
  }, [library, series, prevClose, colors, language, theme]);

  return (
    <figure>
      <figcaption className="sr-only">{label}</figcaption>
      <div ref={containerRef} data-testid="intraday-chart" style={{ height: 320 }} className="w-full" />
    </figure>
  );
}
