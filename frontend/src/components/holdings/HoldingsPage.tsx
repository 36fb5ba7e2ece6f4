"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { AppLink } from "@/components/AppLink";
import { AsyncCard } from "@/components/AsyncCard";
import { Card } from "@/components/Card";
import { DocumentTitle } from "@/components/DocumentTitle";
import { ErrorNotice } from "@/components/ErrorNotice";
import { api } from "@/lib/api";
import { parsePrefill } from "@/lib/distributions";
import { directionClass, formatNumber, formatPercent } from "@/lib/format";
import { useTranslation } from "@/lib/i18n";
import { useApi } from "@/lib/use-api";
import { useSubmit } from "@/lib/use-submit";
import { TransactionForm } from "./TransactionForm";

const cell = "px-2 py-1 text-right tabular-nums";

export function HoldingsPage() {
  const { t } = useTranslation();
  const positions = useApi("holdings", (signal) => api.holdings.positions(signal));
  const transactions = useApi("transactions", (signal) => api.holdings.transactions(signal));
  const saving = useSubmit();
  // e.g. /holdings/?code=510300&side=dividend&date=…&price=… from a dividend on the ETF page
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const prefill = parsePrefill(params);
  const prefillKey = params.toString();

  return (
    <section className="space-y-4">
      <DocumentTitle title={t("holdings.title")} />
      <h1 className="text-xl font-semibold">{t("holdings.title")}</h1>

      <AsyncCard title={t("holdings.positions")} state={positions} testId="positions">
        {({ positions: rows, totals }) =>
          rows.length === 0 ? (
            <p className="text-sm text-slate-600">{t("holdings.empty")}</p>
          ) : (
            <div className="relative overflow-x-auto">
              <table className="w-full min-w-[40rem] text-sm">
                <thead className="bg-slate-100">
                  <tr>
                    <th scope="col" className="px-2 py-1 text-left">{t("common.name")}</th>
                    <th scope="col" className={cell}>{t("holdings.quantity")}</th>
                    <th scope="col" className={cell}>{t("holdings.avgCost")}</th>
                    <th scope="col" className={cell}>{t("holdings.marketValue")}</th>
                    <th scope="col" className={cell}>{t("holdings.unrealized")}</th>
                    <th scope="col" className={cell}>{t("holdings.realized")}</th>
                    <th scope="col" className={cell}>{t("holdings.xirr")}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((position) => (
                    <tr key={position.code} className="border-t border-slate-200">
                      <th scope="row" className="px-2 py-1 text-left font-normal">
                        <AppLink href={`/etf/?code=${encodeURIComponent(position.code)}`} className="tap-target text-link hover:underline">
                          {position.name}
                        </AppLink>{" "}
                        <span className="text-xs text-slate-600">{position.code}</span>
                      </th>
                      <td className={cell}>{formatNumber(position.quantity, 0)}</td>
                      <td className={cell}>{formatNumber(position.avg_cost, 3)}</td>
                      <td className={cell} title={position.quote_unavailable ?? undefined}>
                        {formatNumber(position.market_value)}
                      </td>
                      <td className={`${cell} ${directionClass(position.unrealized_pnl)}`}>{formatNumber(position.unrealized_pnl)}</td>
                      <td className={`${cell} ${directionClass(position.realized_pnl)}`}>{formatNumber(position.realized_pnl)}</td>
                      <td className={`${cell} ${directionClass(position.xirr)}`} title={position.xirr_unavailable ?? undefined}>
                        {formatPercent(position.xirr, { signed: true })}
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot className="border-t-2 border-slate-300 font-semibold">
                  <tr data-testid="holdings-totals">
                    <th scope="row" className="px-2 py-1 text-left">{t("holdings.total")}</th>
                    <td className={cell} />
                    <td className={cell} />
                    <td className={cell} title={totals.incomplete ?? undefined}>{formatNumber(totals.market_value)}</td>
                    <td className={`${cell} ${directionClass(totals.unrealized_pnl)}`}>{formatNumber(totals.unrealized_pnl)}</td>
                    <td className={`${cell} ${directionClass(totals.realized_pnl)}`}>{formatNumber(totals.realized_pnl)}</td>
                    <td className={`${cell} ${directionClass(totals.xirr)}`} title={totals.xirr_unavailable ?? undefined}>
                      {formatPercent(totals.xirr, { signed: true })}
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
          )
        }
      </AsyncCard>

      <Card title={t("holdings.addTransaction")}>
        {prefill?.side === "dividend" && prefill.code && (
          <p data-testid="prefill-notice" className="mb-2 text-sm text-slate-700">
            {t("holdings.prefilled", { code: prefill.code })}
          </p>
        )}
        <TransactionForm
          key={prefillKey}
          initial={prefill}
          running={saving.running}
          onSubmit={async (transaction) => {
            const saved = await saving.submit(() => api.holdings.addTransaction(transaction));
            if (saved) {
              positions.reload();
              transactions.reload();
              // Once recorded, the link's values must not fill in the next transaction.
              if (prefill) router.replace(pathname, { scroll: false });
            }
            return saved;
          }}
        />
        {saving.error !== null && (
          <div className="mt-2">
            <ErrorNotice error={saving.error} />
          </div>
        )}
      </Card>

      <AsyncCard title={t("holdings.transactions")} state={transactions} testId="transactions">
        {({ items }) =>
          items.length === 0 ? (
            <p className="text-sm text-slate-600">{t("holdings.noTransactions")}</p>
          ) : (
            <div className="relative overflow-x-auto">
              <table className="w-full text-sm">
                <thead className="bg-slate-100">
                  <tr>
                    <th scope="col" className="px-2 py-1 text-left">{t("common.date")}</th>
                    <th scope="col" className="px-2 py-1 text-left">{t("common.code")}</th>
                    <th scope="col" className="px-2 py-1 text-left">{t("holdings.side")}</th>
                    <th scope="col" className={cell}>{t("holdings.quantity")}</th>
                    <th scope="col" className={cell}>{t("common.price")}</th>
                    <th scope="col" className={cell}>{t("holdings.fee")}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((transaction) => (
                    <tr key={transaction.id} className="border-t border-slate-200">
                      <td className="px-2 py-1">{transaction.date}</td>
                      <td className="px-2 py-1 tabular-nums">{transaction.code}</td>
                      <td className="px-2 py-1">{t(`holdings.${transaction.side}`)}</td>
                      <td className={cell}>{formatNumber(transaction.quantity, 0)}</td>
                      <td className={cell}>{formatNumber(transaction.price, 3)}</td>
                      <td className={cell}>{formatNumber(transaction.fee)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </AsyncCard>
    </section>
  );
}
