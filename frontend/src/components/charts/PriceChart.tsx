"use client";

import { useEffect, useRef } from "react";
import type { Language } from "@/lib/settings";
import { hasVolume } from "@/lib/volume-series";
import { useResolvedTheme } from "@/lib/theme";
import { LOWER_PANE_HEIGHT, MAIN_HEIGHT, PriceChartView, VOLUME_PANE_HEIGHT, type PriceChartContent } from "./price-chart-view";
import { useChartLibrary } from "./use-chart-library";

export interface PriceChartProps extends PriceChartContent {
  language: Language;
  label: string;
}

/** Performance measure of each chart draw up to its paint (read by build-support/bench/bench-ui.py). */
export const RENDER_MEASURE = "etftool:price-chart-render";

/** Price chart: candles or a close line, a volume pane, overlays, an optional indicator pane and the drawdown zone. */
export function PriceChart(props: PriceChartProps) {
  const library = useChartLibrary();
  const containerRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<PriceChartView | null>(null);
  const theme = useResolvedTheme();
  const { language } = props;
  const height =
    MAIN_HEIGHT + (hasVolume(props.bars) ? VOLUME_PANE_HEIGHT : 0) + (props.lowerPane === "none" ? 0 : LOWER_PANE_HEIGHT);

  // The canvas theme and the axis language are the chart's options: a new chart for either.
  useEffect(() => {
    if (!library || !containerRef.current) return;
    const view = new PriceChartView(library, containerRef.current, language, theme);
    viewRef.current = view;
    return () => {
      viewRef.current = null;
      view.remove();
    };
  }, [library, language, theme]);

  // Declared after the chart's effect, so it runs after it and draws on a new chart at once.
  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const started = performance.now();
    view.show(props);
    // The chart paints in an animation frame it requested while drawing, so a frame requested
    // now runs after that paint: the measure spans drawing and paint.
    const frame = requestAnimationFrame(() =>
      performance.measure(RENDER_MEASURE, {
        start: started,
        detail: { bars: props.bars.length, indicators: props.indicators !== null },
      }),
    );
    return () => cancelAnimationFrame(frame);
    // props is a fresh object each render; its parts are the real dependencies.
  }, [library, language, theme, props.bars, props.markers, props.candles, props.indicators, props.overlays, props.lowerPane, props.drawdown, props.colors]);

  return (
    <figure>
      <figcaption className="sr-only">{props.label}</figcaption>
      <div ref={containerRef} data-testid="price-chart" style={{ height }} className="w-full" />
    </figure>
  );
}
