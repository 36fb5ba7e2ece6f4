import { afterNextPaint } from "./after-paint";
import { api } from "./api";
import type { EtfDetailWithFields } from "./api-extensions";
import { useApi } from "./use-api";
import { useAutoRefresh } from "./use-auto-refresh";

export interface QuoteResult {
  detail?: EtfDetailWithFields;
  error?: unknown;
}

/** A row's figures over the last year of its data; null where they could not be computed. */
export interface RowStats {
  yearReturn: number | null;
  /** Below the 1-year high, as a ratio (-0.12 = 12 % below). */
  drawdown: number | null;
  /** The 0–100 temperature score. */
  temperature: number | null;
  /** Weekly closes over the same year, for the sparkline. */
  closes: number[];
}

export interface WatchlistQuotes {
  quotes: Map<string, QuoteResult>;
  stats: Map<string, RowStats>;
  updatedAt: Date | null;
  loading: boolean;
  refresh: () => void;
}

async function loadQuotes(codes: string[], signal: AbortSignal) {
  // The rows are painted first: with many funds these are many requests.
  await afterNextPaint();
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

async function loadRowStats(code: string, signal: AbortSignal): Promise<RowStats> {
  // The sparkline's weeks are the year the metrics cover (the sample data ends years ago, so not
  // "the last 12 months"): the API windows both by one rule, so all three are asked at once.
  const [metrics, temperature, history] = await Promise.all([
    api.metrics(code, "1y", signal).catch(() => null),
    api.temperature(code, signal).catch(() => null),
    api.history(code, { period: "1y", interval: "weekly" }, signal).catch(() => null),
  ]);
  return {
    yearReturn: metrics?.total_return ?? null,
    drawdown: metrics?.current_drawdown?.value ?? null,
    temperature: temperature?.score ?? null,
    closes: history?.bars.map((bar) => bar.close) ?? [],
  };
}

async function loadStats(codes: string[], signal: AbortSignal) {
  await afterNextPaint();
  const stats = await Promise.all(codes.map((code) => loadRowStats(code, signal)));
  return new Map(codes.map((code, index) => [code, stats[index]]));
}

/**
 * Quotes (auto-refreshed) and each row's 1-year figures (loaded once) for the watchlist. The request key
 * is the sorted code set, so reordering rows does not refetch.
 */
export function useWatchlistQuotes(codes: string[], refreshSeconds: number): WatchlistQuotes {
  const key = codes.length > 0 ? [...codes].sort().join(",") : null;
  const quotes = useApi(key, (signal) => loadQuotes(codes, signal));
  const stats = useApi(key, (signal) => loadStats(codes, signal));
  useAutoRefresh(quotes.reload, refreshSeconds);
  return {
    quotes: quotes.data?.quotes ?? new Map(),
    stats: stats.data ?? new Map(),
    updatedAt: quotes.data?.at ?? null,
    loading: quotes.loading,
    refresh: quotes.reload,
  };
}
