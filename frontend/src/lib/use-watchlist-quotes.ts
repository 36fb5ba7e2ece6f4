import { api } from "./api";
import type { EtfDetail } from "./api-types";
import { useApi } from "./use-api";
import { useAutoRefresh } from "./use-auto-refresh";

export interface QuoteResult {
  detail?: EtfDetail;
  error?: unknown;
}

export interface WatchlistQuotes {
  quotes: Map<string, QuoteResult>;
  /** 1-year total return per code; missing when it could not be computed. */
  yearReturns: Map<string, number | null>;
  updatedAt: Date | null;
  loading: boolean;
  refresh: () => void;
}

async function loadQuotes(codes: string[], signal: AbortSignal) {
  const results = await Promise.all(
    codes.map((code) =>
      api.etf(code, signal).then(
        (detail): QuoteResult => ({ detail }),
        (error: unknown): QuoteResult => ({ error }),
      ),
    ),
  );
  return { at: new Date(), quotes: new Map(codes.map((code, index) => [code, results[index]])) };
}

async function loadYearReturns(codes: string[], signal: AbortSignal) {
  const values = await Promise.all(
    codes.map((code) =>
      api.metrics(code, "1y", signal).then(
        (metrics) => metrics.total_return,
        () => null,
      ),
    ),
  );
  return new Map(codes.map((code, index) => [code, values[index]]));
}

/**
 * Quotes (auto-refreshed) and 1-year returns (loaded once) for the watchlist. The request key
 * is the sorted code set, so reordering rows does not refetch.
 */
export function useWatchlistQuotes(codes: string[], refreshSeconds: number): WatchlistQuotes {
  const key = codes.length > 0 ? [...codes].sort().join(",") : null;
  const quotes = useApi(key, (signal) => loadQuotes(codes, signal));
  const returns = useApi(key, (signal) => loadYearReturns(codes, signal));
  useAutoRefresh(quotes.reload, refreshSeconds);
  return {
    quotes: quotes.data?.quotes ?? new Map(),
    yearReturns: returns.data ?? new Map(),
    updatedAt: quotes.data?.at ?? null,
    loading: quotes.loading,
    refresh: quotes.reload,
  };
}
