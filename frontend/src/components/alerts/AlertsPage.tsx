"use client";

import { AsyncCard } from "@/components/AsyncCard";
import { Card } from "@/components/Card";
import { DocumentTitle } from "@/components/DocumentTitle";
import { ErrorNotice } from "@/components/ErrorNotice";
import { api } from "@/lib/api";
import { describeCondition, formatSignalValue } from "@/lib/alert-conditions";
import { formatDateTime, formatNumber } from "@/lib/format";
import { useTranslation } from "@/lib/i18n";
import { useApi } from "@/lib/use-api";
import { useSubmit } from "@/lib/use-submit";
import { AlertForm } from "./AlertForm";

export function AlertsPage() {
  const { t } = useTranslation();
  const alerts = useApi("alerts", (signal) => api.alerts.list(signal));
  const triggered = useApi("alerts-triggered", (signal) => api.alerts.triggered(signal));
  const change = useSubmit();

  const run = async (action: () => Promise<unknown>) => {
    const done = await change.submit(action);
    if (done) alerts.reload();
    return done;
  };

  return (
    <section className="space-y-4">
      <DocumentTitle title={t("alerts.title")} />
      <h1 className="text-xl font-semibold">{t("alerts.title")}</h1>
      <Card title={t("alerts.create")}>
        <AlertForm running={change.running} onSubmit={(alert) => run(() => api.alerts.create(alert))} />
      </Card>
      {change.error !== null && <ErrorNotice error={change.error} />}

      <AsyncCard title={t("alerts.list")} state={alerts} testId="alerts-list">
        {({ items }) =>
          items.length === 0 ? (
            <p className="text-sm text-slate-600">{t("alerts.empty")}</p>
          ) : (
            <ul className="divide-y divide-slate-200">
              {items.map((alert) => (
                <li key={alert.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-1.5 text-sm">
                  <span className="tabular-nums">{alert.code}</span>
                  <span>{describeCondition(alert, t)}</span>
                  <span className={alert.active ? "text-emerald-800" : "text-slate-600"}>
                    {alert.active ? t("alerts.active") : t("alerts.inactive")}
                  </span>
                  <span className="text-slate-600">{alert.rearm ? t("alerts.repeating") : t("alerts.oneShot")}</span>
                  {alert.last_triggered_at && (
                    <span className="text-slate-600">
                      {t("alerts.lastTriggered", { time: formatDateTime(alert.last_triggered_at) })}
                    </span>
                  )}
                  <button
                    type="button"
                    onClick={() => run(() => api.alerts.update(alert.id, { active: !alert.active }))}
                    className="ml-auto rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100"
                  >
                    {alert.active ? t("alerts.pause") : t("alerts.resume")}
                  </button>
                  <button
                    type="button"
                    aria-label={t("alerts.delete", { code: alert.code })}
                    onClick={() => run(() => api.alerts.remove(alert.id))}
                    className="rounded px-2 py-0.5 text-slate-700 hover:bg-red-50 hover:text-red-800"
                  >
                    {t("common.delete")}
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </AsyncCard>

      <AsyncCard title={t("alerts.triggered")} state={triggered} testId="alerts-triggered">
        {({ items }) =>
          items.length === 0 ? (
            <p className="text-sm text-slate-600">{t("alerts.noneTriggered")}</p>
          ) : (
            <ul className="divide-y divide-slate-200">
              {items.map((event) => (
                <li key={event.id} className="flex flex-wrap gap-x-3 py-1.5 text-sm">
                  <span className="tabular-nums">{event.code}</span>
                  <span>{describeCondition(event, t)}</span>
                  {event.value !== null && (
                    <span className="tabular-nums">{t("alerts.value", { value: formatSignalValue(event) ?? "" })}</span>
                  )}
                  <span className="tabular-nums">{formatNumber(event.price, 3)}</span>
                  <span className="text-slate-600">{formatDateTime(event.triggered_at)}</span>
                  {event.webhook_status !== "none" && (
                    <span className="text-slate-600" title={event.webhook_error ?? undefined}>
                      {t("alerts.webhook", { status: event.webhook_status })}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </AsyncCard>
    </section>
  );
}
