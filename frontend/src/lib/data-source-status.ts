import type { DataSources } from "./api-types";

/** The embedded sample: five US factor ETFs and the S&P 500, frozen at this date. */
export const SAMPLE_DATA_END = "2022-12-30";

/**
 * What the app-wide banner says about the data behind the pages:
 * - "live": a live source is active and answering; no banner;
 * - "live_down": a live source is configured but failing (breaker open, last call failed),
 *   so answers come from the embedded sample (or the cache, marked stale);
 * - "no_live": no live source is configured; everything is the embedded sample.
 */
export type DataSourceState = "live" | "live_down" | "no_live";

export function dataSourceState(sources: DataSources): DataSourceState {
  const live = sources.providers.filter((provider) => provider.live);
  if (live.length === 0) return "no_live";
  const answering = live.some((provider) => provider.healthy && provider.breaker !== "open");
  return answering ? "live" : "live_down";
}
