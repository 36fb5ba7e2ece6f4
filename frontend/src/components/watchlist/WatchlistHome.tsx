"use client";

import { useState } from "react";
import { AppLink } from "@/components/AppLink";
import { CategoryFilter } from "@/components/CategoryFilter";
import { DocumentTitle } from "@/components/DocumentTitle";
import { ErrorNotice } from "@/components/ErrorNotice";
import { Loading } from "@/components/Loading";
import { ApiError } from "@/lib/api";
import type { Category } from "@/lib/api-extensions";
import { categoriesPresent, filterByCategory } from "@/lib/categories";
import { useTranslation } from "@/lib/i18n";
import { useSettings } from "@/lib/settings";
import { useWatchlist } from "@/lib/use-watchlist";
import { useWatchlistQuotes } from "@/lib/use-watchlist-quotes";
import { applySubsetOrder } from "@/lib/watchlist-order";
import { GroupTabs } from "./GroupTabs";
import { RefreshControl } from "./RefreshControl";
import { PULL_THRESHOLD, usePullToRefresh } from "./use-pull-to-refresh";
import { WatchlistTable } from "./WatchlistTable";

export function WatchlistHome() {
  const { t } = useTranslation();
  const { refreshSeconds } = useSettings();
  const watchlist = useWatchlist();
  const [group, setGroup] = useState<string | null>(null);
  const [chosenCategory, setCategory] = useState<Category | null>(null);

  const allCodes = watchlist.items.map((item) => item.code);
  const quotes = useWatchlistQuotes(allCodes, refreshSeconds);
  const pull = usePullToRefresh(quotes.refresh);
  const groups = [...new Set(watchlist.items.map((item) => item.group))].sort();
  const categoryOf = (code: string) => quotes.quotes.get(code)?.detail?.category;
  const categories = categoriesPresent(watchlist.items, (item) => categoryOf(item.code));
  // A category none of the rows has any more (a row removed) shows everything again.
  const category = chosenCategory !== null && categories.includes(chosenCategory) ? chosenCategory : null;
  const inGroup = group === null ? watchlist.items : watchlist.items.filter((item) => item.group === group);
  const visibleItems = filterByCategory(inGroup, category, (item) => categoryOf(item.code));
  const quoteResults = [...quotes.quotes.values()];
  // One notice when nothing loaded (offline, backend down) instead of a table of dashes only.
  const quotesError =
    quoteResults.length > 0 && quoteResults.every((result) => result.error) ? quoteResults[0].error : null;
  const rows = visibleItems.map((item) => ({
    item,
    quote: quotes.quotes.get(item.code),
    stats: quotes.stats.get(item.code),
  }));

  return (
    <section className="space-y-3">
      <DocumentTitle title={t("home.title")} />
      {/* Hidden from screen readers, which have the refresh button. */}
      {pull > 0 && (
        <p data-testid="pull-to-refresh" aria-hidden="true" style={{ height: pull / 2 }} className="overflow-hidden text-center text-sm text-slate-600">
          {t(pull >= PULL_THRESHOLD ? "watchlist.releaseToRefresh" : "watchlist.pullToRefresh")}
        </p>
      )}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">{t("home.title")}</h1>
        <RefreshControl onRefresh={quotes.refresh} updatedAt={quotes.updatedAt} loading={quotes.loading} />
      </div>

      {watchlist.mode === "local" && (
        <p role="status" data-testid="watchlist-local-notice" className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-950">
          {t("watchlist.localFallback")}
        </p>
      )}
      {/* A server that wants the key even for reading: say so, with the way to Settings. */}
      {watchlist.fallbackReason instanceof ApiError && watchlist.fallbackReason.kind === "unauthorized" && (
        <ErrorNotice error={watchlist.fallbackReason} />
      )}
      {watchlist.writeError !== null && <ErrorNotice error={watchlist.writeError} />}
      {quotesError !== null && <ErrorNotice error={quotesError} onRetry={quotes.refresh} />}

      {watchlist.mode === null ? (
        <Loading />
      ) : watchlist.items.length === 0 ? (
        <div data-testid="watchlist-empty" className="rounded border border-dashed border-slate-300 bg-surface p-6 text-center">
          <p className="text-slate-700">{t("watchlist.empty")}</p>
          <AppLink href="/search/" className="tap-target mt-2 inline-block rounded bg-blue-700 px-3 py-1.5 text-white hover:bg-blue-800">
            {t("watchlist.emptyAction")}
          </AppLink>
        </div>
      ) : (
        <>
          {groups.length > 1 && <GroupTabs groups={groups} selected={group} onSelect={setGroup} />}
          {/* The chips' row is kept from the start, as high as a chip (44 px tap targets on
              phones): the categories come with the quotes, and the table would otherwise move
              down when they arrive. */}
          <div data-testid="category-filter-row" className="min-h-11 sm:min-h-[1.625rem]">
            {categories.length > 0 && <CategoryFilter categories={categories} selected={category} onSelect={setCategory} />}
          </div>
          {rows.length === 0 && category !== null ? (
            <p data-testid="watchlist-category-empty" className="text-sm text-slate-700">
              {t("watchlist.categoryEmpty")}
            </p>
          ) : (
            <WatchlistTable
              rows={rows}
              onReorder={(codes) => watchlist.reorder(applySubsetOrder(allCodes, codes))}
              onRemove={watchlist.remove}
            />
          )}
        </>
      )}
    </section>
  );
}
