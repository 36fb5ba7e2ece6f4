"use client";

import { useId } from "react";
import { formatDateTime } from "@/lib/format";
import { useTranslation } from "@/lib/i18n";
import { REFRESH_CHOICES, updateSettings, useSettings, type RefreshSeconds } from "@/lib/settings";

const PLACEHOLDER_TIME = "2000-01-01T00:00:00Z";

interface RefreshControlProps {
  onRefresh: () => void;
  updatedAt: Date | null;
  loading: boolean;
}

export function RefreshControl({ onRefresh, updatedAt, loading }: RefreshControlProps) {
  const { t } = useTranslation();
  const { refreshSeconds } = useSettings();
  const selectId = useId();
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <label htmlFor={selectId}>{t("refresh.label")}</label>
      <select
        id={selectId}
        data-testid="refresh-interval"
        value={refreshSeconds}
        onChange={(event) => updateSettings({ refreshSeconds: Number(event.target.value) as RefreshSeconds })}
        className="rounded border border-slate-300 bg-surface px-2 py-1"
      >
        {REFRESH_CHOICES.map((seconds) => (
          <option key={seconds} value={seconds}>
            {seconds === 0 ? t("refresh.off") : t("refresh.seconds", { n: seconds })}
          </option>
        ))}
      </select>
      <button
        type="button"
        onClick={onRefresh}
        disabled={loading}
        className="rounded border border-slate-300 bg-surface px-2 py-1 hover:bg-slate-100 disabled:opacity-50"
      >
        {t("refresh.now")}
      </button>
      {/* Until the first answer, a hidden stand-in of the same length holds the place: the time
          arriving would otherwise wrap the controls onto a new line and move the page down. */}
      <span className={`text-xs text-slate-600 ${updatedAt ? "" : "invisible"}`} aria-live="polite">
        {updatedAt && t("watchlist.updatedAt", { time: formatDateTime(updatedAt.toISOString()) })}
        {!updatedAt && <span aria-hidden="true">{t("watchlist.updatedAt", { time: formatDateTime(PLACEHOLDER_TIME) })}</span>}
      </span>
    </div>
  );
}
