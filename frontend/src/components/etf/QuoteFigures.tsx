"use client";

import type { ReactNode } from "react";
import type { EtfQuote } from "@/lib/api-extensions";
import { describePremium, formatLargeNumber, formatNumber } from "@/lib/format";
import { useTranslation, type MessageKey } from "@/lib/i18n";

/** The exchange-traded fund's own figures: IOPV and premium/discount, volume, turnover, units and size. */
export function QuoteFigures({ quote }: { quote: EtfQuote }) {
  const { t, language } = useTranslation();
  const premium = describePremium(quote.premium_pct);
  const large = (value: number | null | undefined, signed = false) => formatLargeNumber(value, language, { signed });
  const figures: { key: string; label: MessageKey; value: ReactNode; className?: string; testId?: string }[] = [
    { key: "iopv", label: "quote.iopv", value: formatNumber(quote.iopv, 4) },
    {
      key: "premium",
      label: "quote.premium",
      testId: "premium-pct",
      className: premium.toneClass,
      value: (
        <>
          {premium.text}
          {premium.kind && <span className="ml-1 text-xs font-normal">{t(`quote.premiumKind.${premium.kind}`)}</span>}
        </>
      ),
    },
    { key: "volume", label: "quote.volume", value: large(quote.volume) },
    { key: "amount", label: "quote.amount", value: large(quote.amount) },
    { key: "shares", label: "quote.shares", value: large(quote.shares) },
    { key: "fund_size", label: "quote.fundSize", value: large(quote.fund_size) },
    { key: "shares_change_5d", label: "quote.sharesChange5d", value: large(quote.shares_change_5d, true) },
    { key: "shares_change_20d", label: "quote.sharesChange20d", value: large(quote.shares_change_20d, true) },
  ];
  return (
    <dl
      data-testid="quote-figures"
      aria-label={t("quote.figures")}
      className="grid grid-cols-2 gap-x-4 gap-y-1 rounded border border-slate-200 bg-surface p-2 text-sm sm:grid-cols-4"
    >
      {figures.map((figure) => (
        <div key={figure.key} data-testid={`quote-${figure.key}`} className="flex items-baseline justify-between gap-2">
          <dt className="text-xs text-slate-600">{t(figure.label)}</dt>
          <dd data-testid={figure.testId} className={`tabular-nums font-medium ${figure.className ?? ""}`}>
            {figure.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
