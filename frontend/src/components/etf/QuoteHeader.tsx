"use client";

import { AppLink } from "@/components/AppLink";
import { CategoryBadge } from "@/components/CategoryBadge";
import { ProvenanceLine } from "@/components/ProvenanceLine";
import type { EtfDetailWithFields } from "@/lib/api-extensions";
import { directionClass, formatNumber, formatPercentPoints, formatSignedNumber } from "@/lib/format";
import { isMessageKey, useTranslation } from "@/lib/i18n";
import { describeMarketStatus } from "@/lib/market-status";
import { QuoteFigures } from "./QuoteFigures";

export function QuoteHeader({ detail }: { detail: EtfDetailWithFields }) {
  const { t, language } = useTranslation();
  const { quote } = detail;
  const tone = directionClass(quote.change);
  const codeParam = encodeURIComponent(detail.code);
  const kindKey = `kind.${detail.kind}`;
  const kindLabel = isMessageKey(kindKey) ? t(kindKey) : detail.kind;
  const status = describeMarketStatus(detail.market_status, language);
  return (
    <header data-testid="quote-header" className="space-y-1">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h1 className="text-xl font-semibold">{detail.name}</h1>
        <span className="tabular-nums text-slate-700">{detail.code}</span>
        <span className="text-sm text-slate-600">{[detail.exchange, detail.currency, kindLabel].filter(Boolean).join(" · ")}</span>
        <CategoryBadge category={detail.category} />
        <span data-testid="market-state" data-state={detail.market_status.state} className="rounded bg-slate-200 px-1.5 py-0.5 text-xs text-slate-800">
          {status.state}
        </span>
        {/* The server says why in English, e.g. "weekend" or "holiday: National Day"; known reasons are translated. */}
        <span data-testid="market-reason" lang={status.translated ? undefined : "en"} className="text-xs text-slate-600">
          {status.reason}
        </span>
      </div>
      <div className="flex flex-wrap items-baseline gap-x-3">
        <span data-testid="quote-price" className={`text-3xl font-semibold tabular-nums ${tone}`}>
          {formatNumber(quote.price, 3)}
        </span>
        <span className={`tabular-nums ${tone}`}>
          {formatSignedNumber(quote.change, 3)} ({formatPercentPoints(quote.change_pct, { signed: true })})
        </span>
        <span className="text-sm text-slate-600">{t("etf.prevClose", { price: formatNumber(quote.prev_close, 3) })}</span>
        <span className="text-sm text-slate-600">{quote.date}</span>
      </div>
      <QuoteFigures quote={quote} />
      <ProvenanceLine provenance={detail} />
      <nav className="flex gap-3 text-sm">
        <AppLink href={`/compare/?codes=${codeParam}`} className="tap-target text-link underline">
          {t("etf.compareWith")}
        </AppLink>
        <AppLink href={`/backtest/?code=${codeParam}`} className="tap-target text-link underline">
          {t("etf.backtest")}
        </AppLink>
      </nav>
    </header>
  );
}
