"use client";

import { PERIODS, type Period } from "@/lib/api-types";
import { useTranslation } from "@/lib/i18n";

interface PeriodSelectorProps {
  value: Period;
  onChange: (period: Period) => void;
}

export function PeriodSelector({ value, onChange }: PeriodSelectorProps) {
  const { t } = useTranslation();
  return (
    <div role="group" aria-label={t("period.label")} data-testid="period-selector" className="flex flex-wrap gap-1">
      {PERIODS.map((period) => (
        <button
          key={period}
          type="button"
          aria-pressed={period === value}
          data-period={period}
          onClick={() => onChange(period)}
          className={`rounded px-2.5 py-1 text-sm ${
            period === value ? "bg-blue-700 text-white" : "border border-slate-300 bg-surface text-slate-800 hover:bg-slate-100"
          }`}
        >
          {t(`period.${period}`)}
        </button>
      ))}
    </div>
  );
}
