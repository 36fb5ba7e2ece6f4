"use client";

import { useId, useState, type KeyboardEvent } from "react";
import { CategoryBadge } from "@/components/CategoryBadge";
import { CategoryFilter } from "@/components/CategoryFilter";
import { ErrorNotice } from "@/components/ErrorNotice";
import { Loading } from "@/components/Loading";
import { StaleBadge } from "@/components/ProvenanceLine";
import { api } from "@/lib/api";
import { CATEGORIES, type CategorizedResult, type CategorizedSearchResponse, type Category } from "@/lib/api-extensions";
import type { SearchMatch } from "@/lib/api-types";
import { filterByCategory } from "@/lib/categories";
import { isMessageKey, useTranslation, type MessageKey } from "@/lib/i18n";
import { useApi } from "@/lib/use-api";
import { useDebouncedValue } from "@/lib/use-debounced-value";

const RESULT_LIMIT = 20;
/** Rows of both columns share one fixed height so they line up. */
const ROW = "flex h-12 items-center border-t border-slate-200 px-3 first:border-t-0";

const MATCH_LABEL: Record<SearchMatch, MessageKey> = {
  code: "search.matchCode",
  name: "search.matchName",
  pinyin: "search.matchPinyin",
};

interface SearchBoxProps {
  onOpen: (result: CategorizedResult) => void;
  onAdd: (result: CategorizedResult) => void;
  isAdded: (code: string) => boolean;
  search?: (query: string, signal: AbortSignal, category: Category | null) => Promise<CategorizedSearchResponse>;
  debounceMs?: number;
}

const defaultSearch = (query: string, signal: AbortSignal, category: Category | null) =>
  api.search(query, RESULT_LIMIT, signal, category);

/** A combobox: typing searches after a pause, ↑/↓ move through results, Enter opens one. */
export function SearchBox({ onOpen, onAdd, isAdded, search = defaultSearch, debounceMs = 250 }: SearchBoxProps) {
  const { t } = useTranslation();
  const kindLabel = (kind: string) => {
    const key = `kind.${kind}`;
    return isMessageKey(key) ? t(key) : kind;
  };
  const inputId = useId();
  const listId = useId();
  const hintId = useId();
  const [query, setQuery] = useState("");
  const [category, setCategory] = useState<Category | null>(null);
  const debouncedQuery = useDebouncedValue(query.trim(), debounceMs);
  const key = debouncedQuery === "" ? null : `${debouncedQuery}\u0000${category ?? ""}`;
  const response = useApi(key, (signal) => search(debouncedQuery, signal, category));
  // The server filters by category; filtering again keeps the list right if it did not.
  const results = filterByCategory(response.data?.results ?? [], category, (result) => result.category);

  // The highlighted row belongs to one result list; a new list starts with nothing highlighted.
  const [active, setActive] = useState<{ key: string | null; index: number }>({ key: null, index: -1 });
  const activeIndex = active.key === key && active.index < results.length ? active.index : -1;
  const optionId = (index: number) => `${listId}-option-${index}`;

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (results.length === 0) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setActive({ key, index: (activeIndex + 1) % results.length });
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive({ key, index: activeIndex <= 0 ? results.length - 1 : activeIndex - 1 });
    } else if (event.key === "Enter") {
      event.preventDefault();
      onOpen(results[Math.max(activeIndex, 0)]);
    } else if (event.key === "Escape") {
      setActive({ key, index: -1 });
    }
  };

  const expanded = results.length > 0;
  return (
    <div className="space-y-2">
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-800">
        {t("search.label")}
      </label>
      <input
        id={inputId}
        data-testid="search-input"
        type="search"
        role="combobox"
        autoComplete="off"
        autoFocus
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-describedby={hintId}
        aria-activedescendant={activeIndex >= 0 ? optionId(activeIndex) : undefined}
        placeholder={t("search.placeholder")}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={onKeyDown}
        className="w-full rounded border border-slate-400 bg-surface px-3 py-2 text-base"
      />
      <p id={hintId} className="text-xs text-slate-600">
        {t("search.hint")}
      </p>

      <CategoryFilter categories={CATEGORIES} selected={category} onSelect={setCategory} />

      {response.error !== undefined && <ErrorNotice error={response.error} onRetry={response.reload} />}
      {key !== null && response.loading && <Loading small />}
      {key !== null && response.data && (
        <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600" aria-live="polite">
          {results.length === 0
            ? t("search.noResults", { query: debouncedQuery })
            : t("search.resultsCount", { count: results.length })}
          {response.data.stale && <StaleBadge asOf={response.data.as_of} />}
        </p>
      )}

      {/* Options and their add buttons sit in two aligned columns: a listbox may hold options only. */}
      {expanded && (
        <div className="grid grid-cols-[minmax(0,1fr)_auto] divide-x divide-slate-200 rounded border border-slate-200 bg-surface">
          <ul id={listId} role="listbox" aria-label={t("search.title")}>
            {results.map((result, index) => (
              <li
                key={result.code}
                id={optionId(index)}
                role="option"
                aria-selected={index === activeIndex}
                data-testid="search-result"
                data-code={result.code}
                onClick={() => onOpen(result)}
                onMouseEnter={() => setActive({ key, index })}
                className={`${ROW} cursor-pointer gap-2 ${index === activeIndex ? "bg-blue-50" : ""}`}
              >
                <span className="shrink-0 tabular-nums text-sm">{result.code}</span>
                <span className="truncate font-medium">{result.name}</span>
                <CategoryBadge category={result.category} />
                <span className="hidden shrink-0 text-xs text-slate-600 sm:inline">
                  {[result.exchange, result.currency, kindLabel(result.kind), t(MATCH_LABEL[result.match])].filter(Boolean).join(" · ")}
                </span>
              </li>
            ))}
          </ul>
          <ul aria-label={t("search.add")}>
            {results.map((result) => {
              const added = isAdded(result.code);
              return (
                <li key={result.code} className={ROW}>
                  <button
                    type="button"
                    disabled={added}
                    aria-label={added ? `${t("search.added")}: ${result.name} ${result.code}` : t("search.addLabel", { name: `${result.name} ${result.code}` })}
                    onClick={() => onAdd(result)}
                    className="rounded border border-blue-700 px-2 py-0.5 text-sm whitespace-nowrap text-link hover:bg-blue-50 disabled:border-slate-300 disabled:text-slate-600"
                  >
                    {added ? t("search.added") : t("search.add")}
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </div>
  );
}
