"use client";

import { useMemo, useState } from "react";
import { PriceChart } from "@/components/charts/PriceChart";
import type { ChartMarker } from "@/components/charts/price-chart-view";
import type { Adjust, Bar, Distribution, Indicators, MaxDrawdown } from "@/lib/api-types";
import { gainLossColors } from "@/lib/chart-colors";
import { useResolvedTheme } from "@/lib/theme";
import { hasOhlc } from "@/lib/chart-series";
import { formatCash, markerGroups } from "@/lib/distributions";
import { formatPercent } from "@/lib/format";
import { useTranslation } from "@/lib/i18n";
import { resolveColorConvention, useSettings } from "@/lib/settings";
import { ChartToolbar, type ChartOptionsState } from "./ChartToolbar";

const NO_DISTRIBUTIONS: readonly Distribution[] = [];

interface PriceChartPanelProps {
  name: string;
  bars: Bar[];
  /** What the prices are (forward-, backward- or unadjusted), as the history said. */
  adjust: Adjust;
  /** The adjustment asked for; a source with one series only may answer with another. */
  requestedAdjust?: Adjust;
  /** False when the bars are not the daily forward-adjusted ones the indicators are computed on. */
  analysisShown?: boolean;
  indicators: Indicators | null;
  indicatorsFailed: boolean;
  drawdown: MaxDrawdown | null;
  /** Dividends and splits, marked above the bar of their ex-date. */
  distributions?: readonly Distribution[];
}

export function PriceChartPanel({
  name,
  bars,
  adjust,
  requestedAdjust = adjust,
  analysisShown = true,
  indicators,
  indicatorsFailed,
  drawdown,
  distributions = NO_DISTRIBUTIONS,
}: PriceChartPanelProps) {
  const { t, language } = useTranslation();
  const settings = useSettings();
  const convention = resolveColorConvention(settings);
  const theme = useResolvedTheme();
  const colors = useMemo(() => gainLossColors(convention, theme), [convention, theme]);
  const [options, setOptions] = useState<ChartOptionsState>({ candles: true, overlays: ["sma"], lowerPane: "none" });
  const candlesAvailable = hasOhlc(bars);
  const markers = useMemo<ChartMarker[]>(
    () =>
      markerGroups(
        distributions,
        bars.map((bar) => bar.date),
      ).map(({ time, events }) => ({
        time,
        kind: events.some((event) => event.kind === "dividend") ? "dividend" : "split",
        text: events
          .map((event) =>
            event.kind === "dividend"
              ? t("chart.dividendMarker", { cash: event.cash_per_share === null ? "?" : formatCash(event.cash_per_share) })
              : t("chart.splitMarker", { ratio: event.split_ratio ?? "?" }),
          )
          .join(" · "),
      })),
    [distributions, bars, t],
  );

  if (bars.length === 0) return <p className="text-sm text-slate-600">{t("chart.noData")}</p>;
  return (
    <section className="space-y-2 rounded border border-slate-200 bg-surface p-3">
      <ChartToolbar value={options} onChange={setOptions} candlesAvailable={candlesAvailable} indicatorsAvailable={analysisShown} />
      <PriceChart
        bars={bars}
        markers={markers}
        candles={options.candles && candlesAvailable}
        indicators={indicators}
        overlays={options.overlays}
        lowerPane={options.lowerPane}
        drawdown={drawdown}
        colors={colors}
        language={language}
        label={t("chart.label", { name })}
      />
      <p data-testid="price-adjust" className="text-xs text-slate-600">
        {t("chart.adjust", { adjust: t(`adjust.${adjust}`) })}
        {requestedAdjust !== adjust && (
          <span data-testid="adjust-only" className="ml-2">
            {t("chart.adjustOnly", { adjust: t(`adjust.${adjust}`) })}
          </span>
        )}
      </p>
      {!analysisShown && (
        <p data-testid="analysis-daily-only" className="text-xs text-slate-600">
          {t("chart.dailyOnly")}
        </p>
      )}
      {drawdown?.peak && drawdown.trough && (
        <p data-testid="drawdown-legend" className="flex items-center gap-2 text-xs text-slate-700">
          <span aria-hidden="true" className="inline-block h-3 w-5 bg-slate-500/20" />
          {t("chart.drawdownZone", {
            value: formatPercent(drawdown.value),
            peak: drawdown.peak,
            trough: drawdown.trough,
          })}
        </p>
      )}
      {indicatorsFailed && <p className="text-xs text-slate-600">{t("chart.indicatorsFailed")}</p>}
    </section>
  );
}
