"use client";

import { useId } from "react";
import { LOWER_PANES, OVERLAYS, type LowerPane, type Overlay } from "@/lib/chart-series";
import { useTranslation } from "@/lib/i18n";

export interface ChartOptionsState {
  candles: boolean;
  overlays: readonly Overlay[];
  lowerPane: LowerPane;
}

interface ChartToolbarProps {
  value: ChartOptionsState;
  onChange: (value: ChartOptionsState) => void;
  candlesAvailable: boolean;
  /** False when the bars are not those the indicators are computed on (weekly, other adjustments). */
  indicatorsAvailable?: boolean;
}

export function ChartToolbar({ value, onChange, candlesAvailable, indicatorsAvailable = true }: ChartToolbarProps) {
  const { t } = useTranslation();
  const paneId = useId();
  const styleName = useId();
  const toggleOverlay = (overlay: Overlay, on: boolean) =>
    onChange({
      ...value,
      overlays: on ? OVERLAYS.filter((o) => o === overlay || value.overlays.includes(o)) : value.overlays.filter((o) => o !== overlay),
    });

  return (
    <div className="flex flex-wrap items-center gap-x-5 gap-y-2 text-sm">
      <fieldset className="flex items-center gap-2">
        <legend className="sr-only">{t("chart.style")}</legend>
        {([true, false] as const).map((candles) => (
          <label key={String(candles)} className="inline-flex items-center gap-1">
            <input
              type="radio"
              name={styleName}
              data-testid={candles ? "chart-style-candles" : "chart-style-line"}
              checked={value.candles === candles}
              disabled={candles && !candlesAvailable}
              onChange={() => onChange({ ...value, candles })}
            />
            {candles ? t("chart.candles") : t("chart.line")}
          </label>
        ))}
      </fieldset>
      <fieldset className="flex items-center gap-2 disabled:opacity-50" disabled={!indicatorsAvailable}>
        <legend className="float-left mr-1 text-slate-600">{t("chart.overlays")}</legend>
        {OVERLAYS.map((overlay) => (
          <label key={overlay} className="inline-flex items-center gap-1">
            <input
              type="checkbox"
              data-testid={`overlay-${overlay}`}
              checked={value.overlays.includes(overlay)}
              onChange={(event) => toggleOverlay(overlay, event.target.checked)}
            />
            {t(`chart.${overlay}`)}
          </label>
        ))}
      </fieldset>
      <div className="flex items-center gap-1">
        <label htmlFor={paneId} className="text-slate-600">
          {t("chart.pane")}
        </label>
        <select
          id={paneId}
          data-testid="lower-pane"
          disabled={!indicatorsAvailable}
          value={value.lowerPane}
          onChange={(event) => onChange({ ...value, lowerPane: event.target.value as LowerPane })}
          className="rounded border border-slate-300 bg-surface px-2 py-1"
        >
          {LOWER_PANES.map((pane) => (
            <option key={pane} value={pane}>
              {pane === "none" ? t("chart.paneNone") : t(`chart.${pane}`)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
