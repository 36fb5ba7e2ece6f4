"use client";

import { useRef, useState } from "react";

import { AppLink } from "@/components/AppLink";
import { CategoryBadge } from "@/components/CategoryBadge";
import { StaleBadge } from "@/components/ProvenanceLine";
import { describePremium, directionClass, formatLargeNumber, formatNumber, formatPercent, formatPercentPoints } from "@/lib/format";
import { useTranslation, type MessageKey } from "@/lib/i18n";
import type { WatchlistEntry } from "@/lib/use-watchlist";
import type { QuoteResult, RowStats } from "@/lib/use-watchlist-quotes";
import { moveCode, moveCodeTo, sortByValue, type SortDirection } from "@/lib/watchlist-order";
import { Sparkline } from "./Sparkline";
import { useTouchReorder } from "./use-touch-reorder";

export interface WatchlistRow {
  item: WatchlistEntry;
  quote?: QuoteResult;
  stats?: RowStats;
}

export type SortColumn = "price" | "change" | "premium" | "amount" | "fund_size" | "return" | "drawdown" | "temperature";

const SORT_VALUE: Record<SortColumn, (row: WatchlistRow) => number | null | undefined> = {
  price: (row) => row.quote?.detail?.quote.price,
  change: (row) => row.quote?.detail?.quote.change_pct,
  premium: (row) => row.quote?.detail?.quote.premium_pct,
  amount: (row) => row.quote?.detail?.quote.amount,
  fund_size: (row) => row.quote?.detail?.quote.fund_size,
  return: (row) => row.stats?.yearReturn,
  drawdown: (row) => row.stats?.drawdown,
  temperature: (row) => row.stats?.temperature,
};

const COLUMN_LABEL: Record<SortColumn, MessageKey> = {
  price: "watchlist.colPrice",
  change: "watchlist.colChange",
  premium: "watchlist.colPremium",
  amount: "watchlist.colAmount",
  fund_size: "watchlist.colFundSize",
  return: "watchlist.colReturn",
  drawdown: "watchlist.colDrawdown",
  temperature: "watchlist.colTemperature",
};

/*
 * The columns after the name have widths of their own (room for their figures) and the name
 * takes what is left. Otherwise the figures, which arrive after the rows, would widen their
 * columns at the name's expense: the cells would move and the headers re-wrap.
 */
const COLUMN_WIDTH: Record<SortColumn, string> = {
  price: "w-20",
  change: "w-19",
  premium: "w-18",
  amount: "w-18",
  fund_size: "w-16",
  return: "w-24",
  drawdown: "w-24",
  temperature: "w-16",
};

interface WatchlistTableProps {
  /** Rows in the user's own order. */
  rows: WatchlistRow[];
  /** Receives the codes of `rows` in their new order. */
  onReorder: (codes: string[]) => void;
  onRemove: (code: string) => void;
}

type Sort = { column: SortColumn; dir: SortDirection } | null;

/** Sorting cycles descending → ascending → the user's own order; reordering works in that own order. */
function nextSort(sort: Sort, column: SortColumn): Sort {
  if (sort?.column !== column) return { column, dir: "desc" };
  return sort.dir === "desc" ? { column, dir: "asc" } : null;
}

export function WatchlistTable({ rows, onReorder, onRemove }: WatchlistTableProps) {
  const { t, language } = useTranslation();
  const [sort, setSort] = useState<Sort>(null);
  const draggedCode = useRef<string | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);

  const codes = rows.map((row) => row.item.code);
  const shown = sort ? sortByValue(rows, SORT_VALUE[sort.column], sort.dir) : rows;
  const customOrder = sort === null;
  const touch = useTouchReorder((dragged, target) => onReorder(moveCodeTo(codes, dragged, target)));

  const sortHeader = (column: SortColumn, testId?: string) => {
    const active = sort?.column === column;
    const ariaSort = active ? (sort.dir === "asc" ? "ascending" : "descending") : "none";
    return (
      <th scope="col" aria-sort={ariaSort} data-testid={testId} className={`${COLUMN_WIDTH[column]} px-2 py-2 text-right`}>
        <button
          type="button"
          data-testid={`sort-${column}`}
          onClick={() => setSort(nextSort(sort, column))}
          className="inline-flex items-center gap-1 font-semibold hover:underline"
        >
          {t(COLUMN_LABEL[column])}
          <span aria-hidden="true">{active ? (sort.dir === "asc" ? "▲" : "▼") : "↕"}</span>
        </button>
      </th>
    );
  };

  return (
    <div>
      <div className="relative overflow-x-auto rounded border border-slate-200 bg-surface">
        <table className="w-full min-w-[68rem] text-sm">
          <thead className="bg-slate-100 text-slate-700">
            <tr>
              <th scope="col" className="px-2 py-2 text-left">
                {t("watchlist.colName")}
              </th>
              {sortHeader("price")}
              {sortHeader("change")}
              {sortHeader("premium", "premium-pct")}
              {sortHeader("amount")}
              {sortHeader("fund_size")}
              {sortHeader("return")}
              {sortHeader("drawdown")}
              {sortHeader("temperature")}
              <th scope="col" className="w-28 px-2 py-2 text-center">
                {t("watchlist.colTrend")}
              </th>
              <th scope="col" className="w-26 px-2 py-2 text-center">
                {t("watchlist.colOrder")}
              </th>
              <th scope="col" className="w-15 px-2 py-2 text-right">
                <span className="sr-only">{t("watchlist.colActions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((row, index) => {
              const { item } = row;
              const detail = row.quote?.detail;
              const quote = detail?.quote;
              const premium = describePremium(quote?.premium_pct);
              const label = `${item.name} ${item.code}`;
              return (
                <tr
                  key={item.code}
                  data-testid="watchlist-row"
                  data-code={item.code}
                  draggable={customOrder}
                  onDragStart={(event) => {
                    draggedCode.current = item.code;
                    // Firefox starts a drag only when data is set.
                    event.dataTransfer?.setData("text/plain", item.code);
                  }}
                  onDragOver={(event) => {
                    if (!customOrder || draggedCode.current === null) return;
                    event.preventDefault();
                    setDropTarget(item.code);
                  }}
                  onDragLeave={() => setDropTarget(null)}
                  onDrop={(event) => {
                    event.preventDefault();
                    const dragged = draggedCode.current;
                    draggedCode.current = null;
                    setDropTarget(null);
                    if (dragged && dragged !== item.code) onReorder(moveCodeTo(codes, dragged, item.code));
                  }}
                  onDragEnd={() => {
                    draggedCode.current = null;
                    setDropTarget(null);
                  }}
                  className={`border-t border-slate-200 ${
                    dropTarget === item.code || touch.target === item.code ? "bg-blue-50" : ""
                  } ${
                    customOrder ? "cursor-grab" : ""
                  }`}
                >
                  <td className="px-2 py-2">
                    {/* Touch screens only: the ↑ ↓ buttons stay the way for keyboards and screen readers. */}
                    {customOrder && (
                      <span
                        aria-hidden="true"
                        data-testid="drag-handle"
                        {...touch.handleProps(item.code)}
                        className="mr-1 hidden h-11 w-11 cursor-grab touch-none select-none items-center justify-center align-middle text-lg text-slate-600 pointer-coarse:inline-flex"
                      >
                        ⠿
                      </span>
                    )}
                    <AppLink href={`/etf/?code=${encodeURIComponent(item.code)}`} className="tap-target font-medium text-link hover:underline">
                      {item.name}
                    </AppLink>
                    {/* The code and the badges on a line of their own, as high from the start as
                        with a badge, so that the badges arriving with the quotes move no row. */}
                    <span className="flex min-h-6 flex-wrap items-center gap-1">
                      <span className="mr-1 text-xs text-slate-600">{item.code}</span>
                      <CategoryBadge category={detail?.category} />
                      {detail?.stale && <StaleBadge asOf={detail.as_of} />}
                    </span>
                  </td>
                  <td className="px-2 py-2 text-right tabular-nums">{formatNumber(quote?.price, 3)}</td>
                  <td className={`px-2 py-2 text-right tabular-nums ${directionClass(quote?.change_pct)}`}>
                    {formatPercentPoints(quote?.change_pct, { signed: true })}
                  </td>
                  <td data-testid="premium-pct" className={`px-2 py-2 text-right tabular-nums ${premium.toneClass}`}>
                    {premium.text}
                  </td>
                  <td data-testid="amount" className="px-2 py-2 text-right tabular-nums">
                    {formatLargeNumber(quote?.amount, language)}
                  </td>
                  <td data-testid="fund-size" className="px-2 py-2 text-right tabular-nums">
                    {formatLargeNumber(quote?.fund_size, language)}
                  </td>
                  <td className={`px-2 py-2 text-right tabular-nums ${directionClass(row.stats?.yearReturn)}`}>
                    {formatPercent(row.stats?.yearReturn, { signed: true })}
                  </td>
                  <td className="px-2 py-2 text-right tabular-nums">
                    {formatPercent(row.stats?.drawdown)}
                  </td>
                  <td data-testid="temperature" className="px-2 py-2 text-right tabular-nums">
                    {formatNumber(row.stats?.temperature, 0)}
                  </td>
                  <td className="px-2 py-1 text-center">
                    <Sparkline closes={row.stats?.closes ?? []} label={t("watchlist.sparkline", { name: label })} />
                  </td>
                  <td className="px-2 py-1 text-center whitespace-nowrap">
                    <button
                      type="button"
                      aria-label={t("watchlist.moveUp", { name: label })}
                      disabled={!customOrder || index === 0}
                      onClick={() => onReorder(moveCode(codes, item.code, -1))}
                      className="rounded px-2 py-1 hover:bg-slate-100 disabled:opacity-30"
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      aria-label={t("watchlist.moveDown", { name: label })}
                      disabled={!customOrder || index === shown.length - 1}
                      onClick={() => onReorder(moveCode(codes, item.code, 1))}
                      className="rounded px-2 py-1 hover:bg-slate-100 disabled:opacity-30"
                    >
                      ↓
                    </button>
                  </td>
                  <td className="px-2 py-1 text-right">
                    <button
                      type="button"
                      aria-label={t("watchlist.remove", { name: label })}
                      onClick={() => onRemove(item.code)}
                      className="rounded px-2 py-1 text-slate-700 hover:bg-red-50 hover:text-red-800"
                    >
                      {t("watchlist.removeShort")}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="mt-2 flex flex-wrap items-center gap-2 text-xs text-slate-600">
        {customOrder ? (
          t("watchlist.reorderHint")
        ) : (
          <button type="button" onClick={() => setSort(null)} className="underline">
            {t("watchlist.customOrder")}
          </button>
        )}
      </p>
    </div>
  );
}
