"use client";

import { AsyncCard } from "@/components/AsyncCard";
import { api } from "@/lib/api";
import { formatNumber, formatPercentPoints } from "@/lib/format";
import { useTranslation } from "@/lib/i18n";
import { useApi } from "@/lib/use-api";

export function GridCard({ code }: { code: string }) {
  const { t } = useTranslation();
  const state = useApi(`grid:${code}`, (signal) => api.grid(code, signal));
  return (
    <AsyncCard title={t("grid.title")} state={state} testId="grid-card">
      {(grid) => (
        <div className="space-y-2">
          <dl className="grid grid-cols-2 gap-x-3 gap-y-1 text-sm">
            <dt className="text-slate-600">{t("grid.upper")}</dt>
            <dd className="text-right tabular-nums">{formatNumber(grid.upper, 3)}</dd>
            <dt className="text-slate-600">{t("grid.lower")}</dt>
            <dd className="text-right tabular-nums">{formatNumber(grid.lower, 3)}</dd>
            <dt className="text-slate-600">{t("grid.spacing")}</dt>
            <dd className="text-right tabular-nums">{formatPercentPoints(grid.spacing_pct)}</dd>
            <dt className="text-slate-600">{t("grid.count")}</dt>
            <dd className="text-right tabular-nums">{grid.grid_count}</dd>
          </dl>
          {grid.out_of_range && (
            <p role="status" className="rounded bg-amber-100 p-1.5 text-xs text-amber-950">
              {t("grid.outOfRange")}
            </p>
          )}
        </div>
      )}
    </AsyncCard>
  );
}
