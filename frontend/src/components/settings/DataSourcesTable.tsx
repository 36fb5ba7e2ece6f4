"use client";

import { AsyncCard } from "@/components/AsyncCard";
import { api } from "@/lib/api";
import { formatDateTime, MISSING } from "@/lib/format";
import type { CacheStats } from "@/lib/api-types";
import { useTranslation, type Translate } from "@/lib/i18n";
import { useApi } from "@/lib/use-api";
import { TableScroll } from "@/components/TableScroll";

export function DataSourcesTable() {
  const { t } = useTranslation();
  const state = useApi("datasources", (signal) => api.dataSources(signal));
  return (
    <AsyncCard title={t("datasources.title")} state={state} testId="datasources">
      {(sources) => (
        <div className="space-y-2">
          <p className="text-sm">{t("datasources.active", { name: sources.active })}</p>
          <TableScroll label={t("datasources.title")}>
            <table className="w-full text-sm">
              <thead className="bg-slate-100 text-left">
                <tr>
                  <th scope="col" className="px-2 py-1">{t("datasources.name")}</th>
                  <th scope="col" className="px-2 py-1">{t("datasources.kind")}</th>
                  <th scope="col" className="px-2 py-1">{t("datasources.healthy")}</th>
                  <th scope="col" className="px-2 py-1">{t("datasources.breaker")}</th>
                  <th scope="col" className="px-2 py-1">{t("datasources.lastSuccess")}</th>
                  <th scope="col" className="px-2 py-1">{t("datasources.lastFailure")}</th>
                  <th scope="col" className="px-2 py-1">{t("datasources.cache")}</th>
                </tr>
              </thead>
              <tbody>
                {sources.providers.map((provider) => (
                  <tr key={provider.name} data-testid="datasource-row" className="border-t border-slate-200 align-top">
                    <th scope="row" className="px-2 py-1 text-left font-medium">
                      {provider.name}
                      {provider.name === sources.active && <span aria-hidden="true"> ★</span>}
                      {provider.default && <span className="ml-1 text-xs font-normal text-slate-600">({t("datasources.default")})</span>}
                    </th>
                    <td className="px-2 py-1">{provider.live ? t("datasources.live") : t("datasources.offline")}</td>
                    <td className={`px-2 py-1 ${provider.healthy ? "text-emerald-800" : "text-red-800"}`}>
                      {provider.healthy ? `● ${t("datasources.ok")}` : `▲ ${t("datasources.failing")}`}
                    </td>
                    <td className="px-2 py-1">{provider.breaker ? t(`datasources.${provider.breaker}`) : t("datasources.noBreaker")}</td>
                    <td className="px-2 py-1 whitespace-nowrap">{formatDateTime(provider.last_success)}</td>
                    <td className="px-2 py-1 text-slate-700">
                      <span className="whitespace-nowrap">{formatDateTime(provider.last_failure)}</span>
                      {provider.last_error && <span className="block break-all text-xs">{provider.last_error}</span>}
                    </td>
                    <td className="px-2 py-1 text-xs whitespace-nowrap">
                      {cacheText(provider.cache, t)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </div>
      )}
    </AsyncCard>
  );
}

/** The cache's counts; its size is unknown while its files cannot be read. */
function cacheText(cache: CacheStats | null, t: Translate): string {
  if (!cache) return MISSING;
  const { hits, misses, entries } = cache;
  return entries === null
    ? t("datasources.cacheUnreadable", { hits, misses })
    : t("datasources.cacheStats", { hits, misses, entries });
}
