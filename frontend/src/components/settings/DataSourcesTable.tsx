"use client";

import { AsyncCard } from "@/components/AsyncCard";
import { api } from "@/lib/api";
import { formatDateTime, MISSING } from "@/lib/format";
import { useTranslation } from "@/lib/i18n";
import { useApi } from "@/lib/use-api";

export function DataSourcesTable() {
  const { t, language } = useTranslation();
  const state = useApi("datasources", (signal) => api.dataSources(signal));
  return (
    <AsyncCard title={t("datasources.title")} state={state} testId="datasources">
      {(sources) => (
        <div className="space-y-2">
          <p className="text-sm">{t("datasources.active", { name: sources.active })}</p>
          <div className="relative overflow-x-auto">
            <table className="w-full text-sm">
              <thead className="bg-slate-100 text-left">
                <tr>
                  <th scope="col" className="px-2 py-1">{t("datasources.name")}</th>
                  <th scope="col" className="px-2 py-1">{t("datasources.healthy")}</th>
                  <th scope="col" className="px-2 py-1">{t("datasources.breaker")}</th>
                  <th scope="col" className="px-2 py-1">{t("datasources.lastSuccess")}</th>
                  <th scope="col" className="px-2 py-1">{t("datasources.lastError")}</th>
                </tr>
              </thead>
              <tbody>
                {sources.providers.map((provider) => (
                  <tr key={provider.name} className="border-t border-slate-200 align-top">
                    <th scope="row" className="px-2 py-1 text-left font-medium">
                      {provider.name}
                      {provider.name === sources.active && <span aria-hidden="true"> ★</span>}
                    </th>
                    <td className={`px-2 py-1 ${provider.healthy ? "text-emerald-800" : "text-red-800"}`}>
                      {provider.healthy ? `● ${t("datasources.ok")}` : `▲ ${t("datasources.failing")}`}
                    </td>
                    <td className="px-2 py-1">{t(`datasources.${provider.breaker}`)}</td>
                    <td className="px-2 py-1 whitespace-nowrap">{formatDateTime(provider.last_success, language)}</td>
                    <td className="px-2 py-1 break-all text-slate-700">{provider.last_error ?? MISSING}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </AsyncCard>
  );
}
