// The live A-share ETF fields as the UI reads them: every one optional and nullable, so an
// older backend that leaves them out still fits, and the UI shows "—" for them. They match
// the fields api-types.ts has from the schema (the intersections change nothing there).
import type { EtfDetail, IsoDate, IsoDateTime, Provenance, Quote, SearchResponse, SearchResult } from "./api-types";

/** What a fund invests in, as the backend reads it from the fund's name. */
export const CATEGORIES = ["broad", "sector", "bond", "commodity", "cross_border", "money_market", "other"] as const;
export type Category = (typeof CATEGORIES)[number];

export function isCategory(value: unknown): value is Category {
  return CATEGORIES.includes(value as Category);
}

/** Exchange-traded fund figures of a quote; null where the source does not give them. */
export interface EtfQuoteFields {
  /** Indicative NAV per unit (IOPV), published during trading. */
  iopv?: number | null;
  /** Premium (+) or discount (−) of the price over the IOPV, in percent (0.12 = +0.12 %). */
  premium_pct?: number | null;
  /** Fund units outstanding. */
  shares?: number | null;
  /** Total market value in the quote currency (CNY for A-shares). */
  fund_size?: number | null;
  /** Units traded today. */
  volume?: number | null;
  /** Value traded today, in the quote currency. */
  amount?: number | null;
  /** Change of `shares` over 5 and 20 trading days, in units. */
  shares_change_5d?: number | null;
  shares_change_20d?: number | null;
}

export type EtfQuote = Quote & EtfQuoteFields;

export type EtfDetailWithFields = Omit<EtfDetail, "quote"> & {
  quote: EtfQuote;
  category?: Category | null;
};

export type CategorizedResult = SearchResult & { category?: Category | null };
export type CategorizedSearchResponse = Omit<SearchResponse, "results"> & { results: CategorizedResult[] };

/** One minute of a session; `time` is an ISO datetime in the exchange's time zone (end of the minute). */
export interface IntradayPoint {
  time: IsoDateTime;
  price: number | null;
  /** Volume-weighted average price of the session so far. */
  avg_price: number | null;
  /** Units traded in the minute. */
  volume: number | null;
}

/** GET /etfs/{code}/intraday: the latest session's minute prices; no points for non-live codes. */
export type Intraday = Provenance & {
  code: string;
  /** The session's date; null (or "") when there are no points. */
  date: IsoDate | null;
  points: IntradayPoint[];
};
