"use client";

import { useMemo } from "react";
import { Card } from "@/components/Card";
import { LineChart } from "@/components/charts/LineChart";
import type { DcaResult } from "@/lib/api-types";
import { SERIES_PALETTE } from "@/lib/chart-colors";
import { directionClass, formatNumber, formatPercent } from "@/lib/format";
import { useTranslation } from "@/lib/i18n";

export function DcaResultView({ code, result }: { code: string; result: DcaResult }) {
  const { t, language } = useTranslation();
  const series = useMemo(
    () => [
      { name: t("backtest.value"), color: SERIES_PALETTE[0], points: result.series.map((p) => ({ time: p.date, value: p.value })) },
      { name: t("backtest.cost"), color: SERIES_PALETTE[1], points: result.series.map((p) => ({ time: p.date, value: p.cost })) },
    ],
    [result, t],
  );
  const stats = [
    { label: t("backtest.invested"), value: formatNumber(result.invested), tone: "" },
    { label: t("backtest.finalValue"), value: formatNumber(result.final_value), tone: "" },
    {
      label: t("backtest.totalReturn"),
      value: formatPercent(result.total_return, { signed: true }),
      tone: directionClass(result.total_return),
    },
    {
      label: t("backtest.xirr"),
      value: formatPercent(result.xirr, { signed: true }),
      tone: directionClass(result.xirr),
      reason: result.xirr === null ? result.unavailable.xirr : undefined,
    },
    { label: t("backtest.buys"), value: String(result.buys), tone: "" },
    { label: t("backtest.units"), value: formatNumber(result.units, 2), tone: "" },
    { label: t("backtest.averageCost"), value: formatNumber(result.average_cost, 3), tone: "" },
    { label: t("backtest.fees"), value: formatNumber(result.fees), tone: "" },
  ];
  return (
    <div data-testid="backtest-result" className="space-y-3">
      <p className="text-sm text-slate-700">{t("backtest.range", { first: result.first_date, last: result.last_date })}</p>
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        {stats.map((stat) => (
          <div key={stat.label} className="rounded border border-slate-200 bg-surface p-2">
            <dt className="text-xs text-slate-600">{stat.label}</dt>
            <dd className={`text-lg font-semibold tabular-nums ${stat.tone}`}>{stat.value}</dd>
            {stat.reason && <dd className="text-xs text-slate-600">{stat.reason}</dd>}
          </div>
        ))}
      </dl>
      <Card title={t("backtest.chartTitle")}>
        <LineChart series={series} language={language} testId="backtest-chart" label={t("backtest.chartLabel", { code })} />
      </Card>
    </div>
  );
}
