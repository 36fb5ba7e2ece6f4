"use client";

import { AppLink } from "@/components/AppLink";
import { AsyncCard } from "@/components/AsyncCard";
import { ProvenanceLine } from "@/components/ProvenanceLine";
import { api } from "@/lib/api";
import type { Distribution, Distributions } from "@/lib/api-types";
import { localIsoDate } from "@/lib/dates";
import { dividendPrefill, entitlementDate, formatCash, prefillHref, unitsHeldOn } from "@/lib/distributions";
import { MISSING } from "@/lib/format";
import { useTranslation } from "@/lib/i18n";
import type { ApiState } from "@/lib/use-api";
import { useApi } from "@/lib/use-api";

const cell = "px-2 py-1 text-left tabular-nums";

/**
 * The fund's dividends and splits, newest first, each dividend with a link that opens the holdings
 * form filled in (the units come from the recorded transactions when there are any).
 */
export function DistributionsCard({ code, state }: { code: string; state: ApiState<Distributions> }) {
  const { t } = useTranslation();
  // Only for the units held; without them (no key, no trades) the form leaves the quantity empty.
  const transactions = useApi("transactions", (signal) => api.holdings.transactions(signal));
  const today = localIsoDate(new Date());

  const describe = (event: Distribution) =>
    event.kind === "dividend"
      ? t("distributions.dividend")
      : `${t("distributions.split")} · ${t("distributions.splitRatio", {
          type: event.split_type ?? "",
          ratio: event.split_ratio ?? MISSING,
        })}`;

  return (
    <AsyncCard title={t("distributions.title")} state={state} testId="distributions">
      {(found) => {
        const splits = found.events.filter((event) => event.kind === "split");
        const rows = [...found.events].reverse();
        return (
          <div className="space-y-2">
            {found.first_year === null ? (
              <p className="text-sm text-slate-600">{t("distributions.none")}</p>
            ) : rows.length === 0 ? (
              <p className="text-sm text-slate-600">{t("distributions.empty")}</p>
            ) : (
              <div className="relative max-h-80 overflow-auto">
                <table className="w-full text-sm">
                  <thead className="bg-slate-100">
                    <tr>
                      <th scope="col" className={cell}>{t("distributions.exDate")}</th>
                      <th scope="col" className={cell}>{t("distributions.kind")}</th>
                      <th scope="col" className={cell}>{t("distributions.cashPerShare")}</th>
                      <th scope="col" className={cell}>{t("distributions.recordDate")}</th>
                      <th scope="col" className={cell}>{t("distributions.payDate")}</th>
                      <th scope="col" className={cell}><span className="sr-only">{t("distributions.record")}</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((event) => {
                      const units = transactions.data
                        ? unitsHeldOn(transactions.data.items, splits, code, entitlementDate(event))
                        : null;
                      const prefill = dividendPrefill(code, event, units, today);
                      return (
                        <tr key={`${event.kind}:${event.ex_date}:${event.cash_per_share}`} data-testid="distribution-row" className="border-t border-slate-200">
                          <td className={cell}>{event.ex_date}</td>
                          <td className={cell}>{describe(event)}</td>
                          <td className={cell}>{event.cash_per_share === null ? MISSING : formatCash(event.cash_per_share)}</td>
                          <td className={cell}>{event.record_date ?? MISSING}</td>
                          <td className={cell}>{event.pay_date ?? MISSING}</td>
                          <td className={cell}>
                            {prefill && (
                              <AppLink
                                href={prefillHref(prefill)}
                                aria-label={t("distributions.recordLabel", { date: event.ex_date })}
                                data-testid="record-dividend"
                                className="text-link hover:underline"
                              >
                                {t("distributions.record")}
                              </AppLink>
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
            {found.first_year !== null && (
              <p className="text-xs text-slate-600">{t("distributions.years", { first: found.first_year, last: found.last_year ?? found.first_year })}</p>
            )}
            <ProvenanceLine provenance={found} />
          </div>
        );
      }}
    </AsyncCard>
  );
}
