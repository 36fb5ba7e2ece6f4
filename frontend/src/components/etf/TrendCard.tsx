"use client";

import { AsyncCard } from "@/components/AsyncCard";
import { api } from "@/lib/api";
import type { TrendDirection } from "@/lib/api-types";
import { MISSING } from "@/lib/format";
import { useTranslation } from "@/lib/i18n";
import { useApi } from "@/lib/use-api";

const TONE: Record<TrendDirection, string> = { bullish: "text-up", bearish: "text-down", neutral: "text-slate-700" };

export function TrendCard({ code }: { code: string }) {
  const { t } = useTranslation();
  const state = useApi(`trend:${code}`, (signal) => api.trend(code, signal));
  return (
    <AsyncCard title={t("trend.title")} state={state} testId="trend-card">
      {(trend) => (
        <dl className="space-y-1">
          {(["daily", "weekly"] as const).map((timeframe) => {
            const value = trend[timeframe];
            return (
              <div key={timeframe} className="flex justify-between">
                <dt className="text-slate-600">{t(`trend.${timeframe}`)}</dt>
                <dd className={`font-semibold ${value ? TONE[value] : ""}`}>{value ? t(`trend.${value}`) : MISSING}</dd>
              </div>
            );
          })}
        </dl>
      )}
    </AsyncCard>
  );
}
