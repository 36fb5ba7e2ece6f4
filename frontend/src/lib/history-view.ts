import type { Adjust, BarInterval } from "./api-types";

export const INTERVALS = ["daily", "weekly", "monthly"] as const satisfies readonly BarInterval[];
export const ADJUSTS = ["qfq", "hfq", "none"] as const satisfies readonly Adjust[];
export const CHART_TABS = ["history", "intraday"] as const;
export type ChartTab = (typeof CHART_TABS)[number];

export interface HistoryView {
  tab: ChartTab;
  interval: BarInterval;
  adjust: Adjust;
}

function pick<T extends string>(allowed: readonly T[], value: string | null, fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

/** The chart view a URL asks for (`chart`, `interval`, `adjust`), with defaults for missing or unknown values. */
export function parseHistoryView(params: Pick<URLSearchParams, "get">): HistoryView {
  return {
    tab: pick(CHART_TABS, params.get("chart"), "history"),
    interval: pick(INTERVALS, params.get("interval"), "daily"),
    adjust: pick(ADJUSTS, params.get("adjust"), "qfq"),
  };
}

/**
 * Indicators, metrics and the drawdown zone are computed by the backend on daily forward-adjusted
 * (its default) prices, so they only line up with bars of that view.
 */
export function analysisMatches(view: Pick<HistoryView, "interval" | "adjust">): boolean {
  return view.interval === "daily" && view.adjust === "qfq";
}
