"use client";

import type { Metrics } from "@/lib/api-types";
import { MISSING } from "@/lib/format";
import { useTranslation } from "@/lib/i18n";
import { describeMetric, METRIC_FIELDS } from "@/lib/metric-display";

/** One card per metric; a missing value shows a dash and the backend's reason instead of a number. */
export function MetricsCards({ metrics }: { metrics: Metrics }) {
  const { t } = useTranslation();
  return (
    <section data-testid="metrics-cards" aria-labelledby="metrics-heading" className="space-y-2">
      <h2 id="metrics-heading" className="text-sm font-semibold text-slate-700">
        {t("metrics.title")}
        {metrics.start && metrics.end && (
          <span className="ml-2 font-normal text-slate-600">{t("metrics.range", { start: metrics.start, end: metrics.end })}</span>
        )}
      </h2>
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-5">
        {METRIC_FIELDS.map((field) => {
          const display = describeMetric(metrics, field, t);
          const reason = display.value === null ? (metrics.unavailable[field] ?? t("metrics.unavailable")) : null;
          return (
            <div key={field} data-testid={`metric-${field}`} className="rounded border border-slate-200 bg-surface p-2">
              <dt className="text-xs text-slate-600">{t(`metrics.${field}`)}</dt>
              <dd className={`text-lg font-semibold tabular-nums ${display.toneClass ?? ""}`}>{display.value ?? MISSING}</dd>
              {display.detail && <dd className="text-xs text-slate-600">{display.detail}</dd>}
              {reason && (
                <dd data-testid="metric-reason" className="text-xs text-slate-600">
                  {reason}
                </dd>
              )}
            </div>
          );
        })}
      </dl>
    </section>
  );
}
