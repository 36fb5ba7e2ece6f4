"use client";

import { useMemo } from "react";
import { PRICE_LINE_COLORS } from "@/components/charts/chart-options";
import { IntradayChart, INTRADAY_AVERAGE_COLOR } from "@/components/charts/IntradayChart";
import { ErrorNotice } from "@/components/ErrorNotice";
import { Loading } from "@/components/Loading";
import { ProvenanceLine } from "@/components/ProvenanceLine";
import { api } from "@/lib/api";
import type { MarketState } from "@/lib/api-types";
import { gainLossColors } from "@/lib/chart-colors";
import { useResolvedTheme } from "@/lib/theme";
import { LIVE_REFRESH_SECONDS, liveRefreshSeconds } from "@/lib/intraday";
import { useTranslation } from "@/lib/i18n";
import { resolveColorConvention, useSettings } from "@/lib/settings";
import { useApi } from "@/lib/use-api";
import { useAutoRefresh } from "@/lib/use-auto-refresh";

interface IntradayPanelProps {
  code: string;
  name: string;
  prevClose: number | null;
  /** The market's state as the quote last said; the chart refreshes while prices move. */
  marketState: MarketState | undefined;
}

/** The 分时 tab: the latest session's minute prices, refreshed every 30 s during trading. */
export default function IntradayPanel({ code, name, prevClose, marketState }: IntradayPanelProps) {
  const { t, language } = useTranslation();
  const settings = useSettings();
  const convention = resolveColorConvention(settings);
  const theme = useResolvedTheme();
  const colors = useMemo(() => gainLossColors(convention, theme), [convention, theme]);
  const intraday = useApi(`intraday:${code}`, (signal) => api.intraday(code, signal));
  const refreshSeconds = liveRefreshSeconds(marketState);
  useAutoRefresh(intraday.reload, refreshSeconds);

  if (intraday.error !== undefined && intraday.data === undefined) {
    return <ErrorNotice error={intraday.error} etfCode={code} onRetry={intraday.reload} />;
  }
  if (!intraday.data) return <Loading />;
  const data = intraday.data;
  return (
    <div className="space-y-2">
      {data.points.length === 0 ? (
        <p data-testid="intraday-empty" className="rounded border border-dashed border-slate-300 p-6 text-center text-sm text-slate-700">
          {t("intraday.empty")}
        </p>
      ) : (
        <>
          <p className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-700">
            {data.date && <span className="font-medium">{t("intraday.session", { date: data.date })}</span>}
            <span className="inline-flex items-center gap-1">
              <span aria-hidden="true" className="inline-block h-1 w-4 rounded" style={{ background: PRICE_LINE_COLORS[theme] }} />
              {t("intraday.price")}
            </span>
            <span className="inline-flex items-center gap-1">
              <span aria-hidden="true" className="inline-block h-1 w-4 rounded" style={{ background: INTRADAY_AVERAGE_COLOR }} />
              {t("intraday.avg")}
            </span>
            <span className="inline-flex items-center gap-1">
              <span aria-hidden="true" className="inline-block h-3 w-2 bg-slate-400/60" />
              {t("intraday.volume")}
            </span>
            {refreshSeconds === LIVE_REFRESH_SECONDS && <span data-testid="intraday-refreshing">{t("intraday.refreshing")}</span>}
          </p>
          <IntradayChart
            points={data.points}
            prevClose={prevClose}
            colors={colors}
            language={language}
            label={t("intraday.label", { name })}
          />
        </>
      )}
      {intraday.error !== undefined && <ErrorNotice error={intraday.error} etfCode={code} onRetry={intraday.reload} />}
      <ProvenanceLine provenance={data} />
    </div>
  );
}
