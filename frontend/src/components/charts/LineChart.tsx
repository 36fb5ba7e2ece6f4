"use client";

import { useEffect, useRef } from "react";
import type { Time } from "lightweight-charts";
import type { ChartPoint } from "@/lib/chart-series";
import type { Language } from "@/lib/settings";
import { useResolvedTheme } from "@/lib/theme";
import { baseChartOptions } from "./chart-options";
import { useChartLibrary } from "./use-chart-library";

export interface LineChartSeries {
  name: string;
  color: string;
  points: ChartPoint[];
}

/** The chart's height unless told otherwise (pages keep this room while it loads). */
export const LINE_CHART_HEIGHT = 360;

interface LineChartProps {
  series: LineChartSeries[];
  language: Language;
  label: string;
  testId: string;
  height?: number;
}

/** Several named lines on one time axis, with an HTML legend (the canvas has none). */
export function LineChart({ series, language, label, testId, height = LINE_CHART_HEIGHT }: LineChartProps) {
  const library = useChartLibrary();
  const containerRef = useRef<HTMLDivElement>(null);
  const theme = useResolvedTheme();

  useEffect(() => {
    if (!library || !containerRef.current) return;
    const chart = library.createChart(containerRef.current, baseChartOptions(language, theme));
    for (const line of series) {
      const lineSeries = chart.addSeries(library.LineSeries, { color: line.color, lineWidth: 2, title: line.name });
      lineSeries.setData(line.points.map((point) => ({ ...point, time: point.time as Time })));
    }
    chart.timeScale().fitContent();
    return () => chart.remove();
  }, [library, series, language, theme]);

  return (
    <figure>
      <div ref={containerRef} data-testid={testId} style={{ height }} className="w-full" />
      <figcaption className="mt-2 flex flex-wrap gap-3 text-sm">
        <span className="sr-only">{label}</span>
        {series.map((line) => (
          <span key={line.name} className="inline-flex items-center gap-1">
            <span aria-hidden="true" className="inline-block h-1 w-4 rounded" style={{ background: line.color }} />
            {line.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
