"use client";

import { useState, type FormEvent } from "react";
import type { ChannelUpdate, NotificationChannel } from "@/lib/api-types";
import { useTranslation } from "@/lib/i18n";

const DEFAULT_QUIET = { start: "22:00", end: "07:00" };

/** "22:00:00" (the API's form) → "22:00" (a time input's). */
function minutes(time: string): string {
  return time.slice(0, 5);
}

/** A channel's quiet hours (China time) and hourly alert limit; alerts they hold back are logged, not sent. */
export function ChannelLimits({
  channel,
  running,
  onSave,
}: {
  channel: NotificationChannel;
  running: boolean;
  onSave: (changes: ChannelUpdate) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [quiet, setQuiet] = useState(channel.quiet_hours !== null);
  const [start, setStart] = useState(minutes(channel.quiet_hours?.start ?? DEFAULT_QUIET.start));
  const [end, setEnd] = useState(minutes(channel.quiet_hours?.end ?? DEFAULT_QUIET.end));
  const [limit, setLimit] = useState(channel.max_alerts_per_hour === null ? "" : String(channel.max_alerts_per_hour));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onSave({
      quiet_hours: quiet ? { start, end } : null,
      max_alerts_per_hour: limit.trim() === "" ? null : Number(limit),
    });
  };

  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3 rounded bg-slate-50 p-2" data-testid={`channel-limits-${channel.id}`}>
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={quiet} onChange={(event) => setQuiet(event.target.checked)} />
        {t("notify.quietHours")}
      </label>
      <label className="flex flex-col">
        <span className="text-slate-600">{t("notify.quietStart")}</span>
        <input type="time" value={start} disabled={!quiet} required={quiet} onChange={(event) => setStart(event.target.value)}
          className="rounded border border-slate-300 px-2 py-1 disabled:opacity-50" />
      </label>
      <label className="flex flex-col">
        <span className="text-slate-600">{t("notify.quietEnd")}</span>
        <input type="time" value={end} disabled={!quiet} required={quiet} onChange={(event) => setEnd(event.target.value)}
          className="rounded border border-slate-300 px-2 py-1 disabled:opacity-50" />
      </label>
      <label className="flex flex-col">
        <span className="text-slate-600">{t("notify.maxPerHour")}</span>
        <input type="number" min={1} max={1000} step={1} value={limit} placeholder={t("notify.noLimit")}
          onChange={(event) => setLimit(event.target.value)} className="w-28 rounded border border-slate-300 px-2 py-1" />
      </label>
      <button type="submit" disabled={running} className="rounded bg-slate-800 px-3 py-1 text-white hover:bg-slate-700 disabled:opacity-50">
        {t("notify.saveLimits")}
      </button>
      <p className="basis-full text-slate-600">{t("notify.limitsHelp")}</p>
    </form>
  );
}
