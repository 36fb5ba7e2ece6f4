"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { lazy, Suspense, useId, type KeyboardEvent } from "react";
import { MAIN_HEIGHT } from "@/components/charts/price-chart-view";
import { useChartLibraryPreload } from "@/components/charts/use-chart-library";
import { DocumentTitle } from "@/components/DocumentTitle";
import { ErrorNotice } from "@/components/ErrorNotice";
import { Loading } from "@/components/Loading";
import { PeriodSelector } from "@/components/PeriodSelector";
import { useAfterPaint } from "@/lib/after-paint";
import { api } from "@/lib/api";
import { PERIODS, type IndicatorName, type Period } from "@/lib/api-types";
import { analysisMatches, CHART_TABS, parseHistoryView, type ChartTab } from "@/lib/history-view";
import { useTranslation } from "@/lib/i18n";
import { liveRefreshSeconds } from "@/lib/intraday";
import { useApi } from "@/lib/use-api";
import { useAutoRefresh } from "@/lib/use-auto-refresh";
import { DistributionsCard } from "./DistributionsCard";
import { GridCard } from "./GridCard";
import { HistoryControls } from "./HistoryControls";
import { MetricsCards } from "./MetricsCards";
import { PriceChartPanel } from "./PriceChartPanel";
import { QuoteHeader } from "./QuoteHeader";
import { TemperatureCard } from "./TemperatureCard";
import { TrendCard } from "./TrendCard";

const DEFAULT_PERIOD: Period = "1y";
// The intraday tab (and its chart code) loads only when opened.
const IntradayPanel = lazy(() => import("./IntradayPanel"));

const CHART_INDICATORS: readonly IndicatorName[] = ["sma", "ema", "boll", "macd", "rsi", "kdj"];

function parsePeriod(value: string | null): Period {
  return PERIODS.includes(value as Period) ? (value as Period) : DEFAULT_PERIOD;
}

/**
 * /etf/?code=510300&period=1y&chart=history&interval=daily&adjust=qfq — the view lives in the URL so a
 * link reopens it. While the market trades, the quote (and the intraday tab) refresh every 30 s.
 */
export function EtfDetailPage() {
  const { t } = useTranslation();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const code = (params.get("code") ?? "").trim();
  const period = parsePeriod(params.get("period"));
  const view = parseHistoryView(params);
  const { interval, adjust } = view;
  const analysisShown = analysisMatches(view);
  const tabsId = useId();

  const detail = useApi(code ? `etf:${code}` : null, (signal) => api.etf(code, signal));
  useAutoRefresh(detail.reload, liveRefreshSeconds(detail.data?.market_status.state, { waiting: true }));
  // The period's bars only (a fund's whole daily history can be megabytes); while another period
  // loads, the chart keeps the last one.
  const chartView = `history:${code}:${interval}:${adjust}`;
  const history = useApi(
    code ? `${chartView}:${period}` : null,
    (signal) => api.history(code, { interval, adjust, period }, signal),
    chartView,
  );
  // The analyses wait until the fund is known and its quote is on screen: an unknown code gets
  // one notice, not one per card, the first requests stay within the browser's six connections
  // per host, and the quote's frame does not wait for the cards' work (nor the chart library).
  const known = useAfterPaint(detail.data !== undefined);
  useChartLibraryPreload(known);
  const metrics = useApi(known ? `metrics:${code}:${period}` : null, (signal) => api.metrics(code, period, signal));
  const indicators = useApi(known && analysisShown ? `indicators:${code}:${period}` : null, (signal) =>
    api.indicators(code, CHART_INDICATORS, period, signal),
  );
  const distributions = useApi(known ? `distributions:${code}` : null, (signal) => api.distributions(code, signal));

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

  const setParams = (changes: Record<string, string>) => {
    const query = new URLSearchParams(params.toString());
    for (const [name, value] of Object.entries(changes)) query.set(name, value);
    router.replace(`${pathname}?${query.toString()}`, { scroll: false });
  };
  const selectPeriod = (next: Period) => setParams({ period: next });
  const selectTab = (tab: ChartTab) => setParams({ chart: tab });
  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
    event.preventDefault();
    const next = CHART_TABS[(CHART_TABS.indexOf(view.tab) + (event.key === "ArrowRight" ? 1 : CHART_TABS.length - 1)) % CHART_TABS.length];
    selectTab(next);
    document.getElementById(`${tabsId}-${next}`)?.focus();
  };
  const tabLabel = { history: t("chart.tabHistory"), intraday: t("chart.tabIntraday") } as const;

  return (
    <div className="space-y-4">
      {title}
      {/* The quote header's room is kept while it loads (≈ 320–350 px on phones, 179 px wider),
          so the period buttons and the chart below do not jump down when it arrives. */}
      <div data-testid="quote-header-room" className="min-h-88 sm:min-h-45">
        {detail.data ? <QuoteHeader detail={detail.data} /> : <Loading />}
      </div>
      <PeriodSelector value={period} onChange={selectPeriod} />

      <div role="tablist" aria-label={t("chart.tabs")} className="flex gap-1 border-b border-slate-200">
        {CHART_TABS.map((tab) => (
          <button
            key={tab}
            id={`${tabsId}-${tab}`}
            type="button"
            role="tab"
            data-testid={`${tab}-tab`}
            aria-selected={view.tab === tab}
            aria-controls={`${tabsId}-panel`}
            tabIndex={view.tab === tab ? 0 : -1}
            onClick={() => selectTab(tab)}
            onKeyDown={onTabKey}
            className={`-mb-px rounded-t border px-3 py-1.5 text-sm ${
              view.tab === tab ? "border-slate-200 border-b-white bg-surface font-semibold text-slate-900" : "border-transparent text-slate-700 hover:bg-slate-100"
            }`}
          >
            {tabLabel[tab]}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${tabsId}-panel`} aria-labelledby={`${tabsId}-${view.tab}`} className="space-y-2">
        {view.tab === "intraday" ? (
          <Suspense fallback={<Loading />}>
            <IntradayPanel
              code={code}
              name={detail.data?.name ?? code}
              prevClose={detail.data?.quote.prev_close ?? null}
              marketState={detail.data?.market_status.state}
            />
          </Suspense>
        ) : (
          <>
            <HistoryControls interval={interval} adjust={adjust} onChange={(change) => setParams(change)} />
            {history.error !== undefined ? (
              <ErrorNotice error={history.error} etfCode={code} onRetry={history.reload} />
            ) : history.data ? (
              <PriceChartPanel
                name={detail.data?.name ?? code}
                bars={history.data.bars}
                adjust={history.data.adjust}
                requestedAdjust={adjust}
                analysisShown={analysisShown}
                indicators={analysisShown ? (indicators.data ?? null) : null}
                indicatorsFailed={analysisShown && indicators.error !== undefined}
                drawdown={analysisShown ? (metrics.data?.max_drawdown ?? null) : null}
                distributions={distributions.data?.events}
              />
            ) : (
              // The chart's room is kept while it loads, so that what follows stays below the fold.
              <Loading minHeight={MAIN_HEIGHT} />
            )}
          </>
        )}
      </div>

      {metrics.error !== undefined ? (
        <ErrorNotice error={metrics.error} etfCode={code} onRetry={metrics.reload} />
      ) : metrics.data ? (
        <MetricsCards metrics={metrics.data} />
      ) : null}

      {known ? (
        <>
          <DistributionsCard code={code} state={distributions} />
          <div className="grid gap-3 md:grid-cols-3">
            <TemperatureCard code={code} />
            <TrendCard code={code} />
            <GridCard code={code} />
          </div>
        </>
      ) : null}
    </div>
  );
}
