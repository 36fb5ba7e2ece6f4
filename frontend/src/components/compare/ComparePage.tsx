"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { Card } from "@/components/Card";
import { DocumentTitle } from "@/components/DocumentTitle";
import { LINE_CHART_HEIGHT, LineChart, type LineChartSeries } from "@/components/charts/LineChart";
import { useChartLibraryPreload } from "@/components/charts/use-chart-library";
import { ErrorNotice } from "@/components/ErrorNotice";
import { Loading } from "@/components/Loading";
import { PeriodSelector } from "@/components/PeriodSelector";
import { api } from "@/lib/api";
import { PERIODS, type Comparison, type Period } from "@/lib/api-types";
import { SERIES_PALETTE } from "@/lib/chart-colors";
import type { ChartPoint } from "@/lib/chart-series";
import { MAX_COMPARE_CODES, parseCodeList } from "@/lib/codes";
import { useTranslation } from "@/lib/i18n";
import { useApi } from "@/lib/use-api";
import { useWatchlist } from "@/lib/use-watchlist";
import { CodePicker } from "./CodePicker";
import { CompareMetricsTable } from "./CompareMetricsTable";
import { CorrelationHeatmap } from "./CorrelationHeatmap";

function normalisedSeries(comparison: Comparison): LineChartSeries[] {
  return comparison.codes.map((code, index) => ({
    name: code,
    color: SERIES_PALETTE[index % SERIES_PALETTE.length],
    points: comparison.dates.map((time, dateIndex): ChartPoint => {
      const value = comparison.normalized[code]?.[dateIndex];
      return typeof value === "number" ? { time, value } : { time };
    }),
  }));
}

/** /compare/?codes=510300,159915&period=1y */
export function ComparePage() {
  const { t, language } = useTranslation();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const watchlist = useWatchlist();
  const codes = parseCodeList(params.get("codes")).slice(0, MAX_COMPARE_CODES);
  const periodParam = params.get("period") as Period;
  const period: Period = PERIODS.includes(periodParam) ? periodParam : "1y";

  const navigate = (nextCodes: string[], nextPeriod: Period) => {
    const query = new URLSearchParams({ codes: nextCodes.join(","), period: nextPeriod });
    router.replace(`${pathname}?${query.toString()}`, { scroll: false });
  };

  const ready = codes.length >= 2;
  // While another period of the same funds loads, the last comparison stays on screen.
  const comparison = useApi(
    ready ? `compare:${codes.join(",")}:${period}` : null,
    (signal) => api.compare(codes, period, signal),
    `compare:${codes.join(",")}`,
  );
  useChartLibraryPreload();
  const series = useMemo(() => (comparison.data ? normalisedSeries(comparison.data) : []), [comparison.data]);

  return (
    <section className="space-y-4">
      <DocumentTitle title={t("compare.title")} />
      <h1 className="text-xl font-semibold">{t("compare.title")}</h1>
      <CodePicker
        codes={codes}
        onChange={(next) => navigate(next, period)}
        suggestions={watchlist.items.map(({ code, name }) => ({ code, name }))}
      />
      <PeriodSelector value={period} onChange={(next) => navigate(codes, next)} />

      {!ready && <p className="text-slate-700">{t("compare.needMore")}</p>}
      {ready && comparison.error !== undefined && <ErrorNotice error={comparison.error} onRetry={comparison.reload} />}
      {/* The chart's card and room are there while the comparison loads, so the page is laid
          out at once and does not jump when the chart comes. */}
      {ready && (comparison.data !== undefined || comparison.error === undefined) && (
        <Card title={t("compare.chartTitle")}>
          {comparison.data ? (
            <LineChart
              series={series}
              language={language}
              testId="compare-chart"
              label={t("compare.chartLabel", { codes: comparison.data.codes.join(", ") })}
            />
          ) : (
            <Loading minHeight={LINE_CHART_HEIGHT} />
          )}
        </Card>
      )}
      {comparison.data && (
        <div className="grid gap-3 lg:grid-cols-2">
          <Card title={t("compare.correlation")}>
            <CorrelationHeatmap codes={comparison.data.codes} matrix={comparison.data.correlation} />
          </Card>
          <Card title={t("compare.metrics")}>
            <CompareMetricsTable codes={comparison.data.codes} metrics={comparison.data.metrics} />
          </Card>
        </div>
      )}
    </section>
  );
}
