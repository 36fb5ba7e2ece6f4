"use client";

import { AsyncCard } from "@/components/AsyncCard";
import { api } from "@/lib/api";
import type { TemperatureLevel } from "@/lib/api-types";
import { formatNumber, MISSING } from "@/lib/format";
import { isMessageKey, useTranslation } from "@/lib/i18n";
import { useApi } from "@/lib/use-api";

const LEVEL_COLOR: Record<TemperatureLevel, string> = {
  freezing: "bg-sky-600",
  cool: "bg-teal-600",
  warm: "bg-amber-500",
  hot: "bg-red-600",
};

export function TemperatureCard({ code }: { code: string }) {
  const { t } = useTranslation();
  const state = useApi(`temperature:${code}`, (signal) => api.temperature(code, signal));
  return (
    <AsyncCard title={t("temperature.title")} state={state} testId="temperature-card">
      {(temperature) => (
        <div className="space-y-2">
          <p className="flex items-baseline gap-2">
            <span className="text-2xl font-semibold tabular-nums">{formatNumber(temperature.score, 0)}</span>
            <span className="text-slate-700">{temperature.level ? t(`temperature.${temperature.level}`) : MISSING}</span>
          </p>
          {temperature.score !== null && (
            <div
              role="meter"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={temperature.score}
              aria-label={t("temperature.title")}
              className="h-2 w-full rounded bg-slate-200"
            >
              <div
                className={`h-2 rounded ${temperature.level ? LEVEL_COLOR[temperature.level] : "bg-slate-500"}`}
                style={{ width: `${Math.min(Math.max(temperature.score, 0), 100)}%` }}
              />
            </div>
          )}
          <dl className="grid grid-cols-2 gap-x-3 text-xs">
            {Object.entries(temperature.components).map(([name, value]) => {
              const labelKey = `temperature.${name}`;
              return (
                <div key={name} data-testid={`temperature-${name}`} className="flex justify-between">
                  <dt className="text-slate-600">{isMessageKey(labelKey) ? t(labelKey) : name}</dt>
                  <dd className="tabular-nums" title={value === null ? temperature.unavailable[name] : undefined}>
                    {formatNumber(value, 1)}
                  </dd>
                </div>
              );
            })}
          </dl>
        </div>
      )}
    </AsyncCard>
  );
}
