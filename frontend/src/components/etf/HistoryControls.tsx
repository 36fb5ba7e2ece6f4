"use client";

import { useId } from "react";
import type { Adjust, BarInterval } from "@/lib/api-types";
import { ADJUSTS, INTERVALS } from "@/lib/history-view";
import { useTranslation } from "@/lib/i18n";

interface HistoryControlsProps {
  interval: BarInterval;
  adjust: Adjust;
  onChange: (change: { interval?: BarInterval; adjust?: Adjust }) => void;
}

/** 日K/周K/月K and 前复权/后复权/不复权 for the history chart. */
export function HistoryControls({ interval, adjust, onChange }: HistoryControlsProps) {
  const { t } = useTranslation();
  const adjustId = useId();
  return (
    <div className="flex flex-wrap items-center gap-x-5 gap-y-2 text-sm">
      <div role="group" aria-label={t("chart.interval")} data-testid="interval-selector" className="flex gap-1">
        {INTERVALS.map((choice) => (
          <button
            key={choice}
            type="button"
            aria-pressed={choice === interval}
            data-interval={choice}
            onClick={() => onChange({ interval: choice })}
            className={`rounded px-2.5 py-1 ${
              choice === interval ? "bg-blue-700 text-white" : "border border-slate-300 bg-surface text-slate-800 hover:bg-slate-100"
            }`}
          >
            {t(`interval.${choice}`)}
          </button>
        ))}
      </div>
      <div className="flex items-center gap-1">
        <label htmlFor={adjustId} className="text-slate-600">
          {t("chart.adjustChoice")}
        </label>
        <select
          id={adjustId}
          data-testid="adjust-select"
          value={adjust}
          onChange={(event) => onChange({ adjust: event.target.value as Adjust })}
          className="rounded border border-slate-300 bg-surface px-2 py-1"
        >
          {ADJUSTS.map((choice) => (
            <option key={choice} value={choice}>
              {t(`adjust.${choice}`)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
