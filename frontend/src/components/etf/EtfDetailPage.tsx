"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { DocumentTitle } from "@/components/DocumentTitle";
import { ErrorNotice } from "@/components/ErrorNotice";
import { PeriodSelector } from "@/components/PeriodSelector";
import { api } from "@/lib/api";
import { PERIODS, type IndicatorName, type Period } from "@/lib/api-types";
import { barsForPeriod } from "@/lib/dates";
import { useTranslation } from "@/lib/i18n";
import { useApi } from "@/lib/use-api";
import { GridCard } from "./GridCard";
import { MetricsCards } from "./MetricsCards";
import { PriceChartPanel } from "./PriceChartPanel";
import { QuoteHeader } from "./QuoteHeader";
import { TemperatureCard } from "./TemperatureCard";
import { TrendCard } from "./TrendCard";

const DEFAULT_PERIOD: Period = "1y";
const CHART_INDICATORS: readonly IndicatorName[] = ["sma", "ema", "boll", "macd", "rsi", "kdj"];

function parsePeriod(value: string | null): Period {
  return PERIODS.includes(value as Period) ? (value as Period) : DEFAULT_PERIOD;
}

/** /etf/?code=510300&period=1y — the period lives in the URL so a link reopens the same view. */
export function EtfDetailPage() {
  const { t } = useTranslation();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const code = (params.get("code") ?? "").trim();
  const period = parsePeriod(params.get("period"));

  const detail = useApi(code ? `etf:${code}` : null, (signal) => api.etf(code, signal));
  // The whole history is loaded once; switching periods only slices it.
  const history = useApi(code ? `history:${code}` : null, (signal) => api.history(code, { interval: "daily" }, signal));
  const metrics = useApi(code ? `metrics:${code}:${period}` : null, (signal) => api.metrics(code, period, signal));
  const indicators = useApi(code ? `indicators:${code}:${period}` : null, (signal) =>
    api.indicators(code, CHART_INDICATORS, period, signal),
  );
  const bars = useMemo(() => barsForPeriod(history.data?.bars ?? [], period), [history.data, period]);

  const title = <DocumentTitle title={detail.data ? `${detail.data.name} ${detail.data.code}` : code} />;
  if (!code) return <p className="text-slate-700">{t("etf.missingCode")}</p>;
  if (detail.error !== undefined && detail.data === undefined) {
    return (
      <>
        {title}
        <ErrorNotice error={detail.error} etfCode={code} onRetry={detail.reload} />
      </>
    );
  }

  const selectPeriod = (next: Period) => {
    const query = new URLSearchParams(params.toString());
    query.set("period", next);
    router.replace(`${pathname}?${query.toString()}`, { scroll: false });
  };

  return (
    <div className="space-y-4">
      {title}
      {detail.data ? <QuoteHeader detail={detail.data} /> : <p className="text-slate-600">{t("common.loading")}</p>}
      <PeriodSelector value={period} onChange={selectPeriod} />

      {history.error !== undefined ? (
        <ErrorNotice error={history.error} etfCode={code} onRetry={history.reload} />
      ) : history.data ? (
        <PriceChartPanel
          name={detail.data?.name ?? code}
          bars={bars}
          adjust={history.data.adjust}
          indicators={indicators.data ?? null}
          indicatorsFailed={indicators.error !== undefined}
          drawdown={metrics.data?.max_drawdown ?? null}
        />
      ) : (
        <p className="text-slate-600">{t("common.loading")}</p>
      )}

      {metrics.error !== undefined ? (
        <ErrorNotice error={metrics.error} etfCode={code} onRetry={metrics.reload} />
      ) : metrics.data ? (
        <MetricsCards metrics={metrics.data} />
      ) : null}

      <div className="grid gap-3 md:grid-cols-3">
        <TemperatureCard code={code} />
        <TrendCard code={code} />
        <GridCard code={code} />
      </div>
    </div>
  );
}
