import type { Metrics } from "@/lib/api-types";

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

/** A fund's detail (GET /etfs/510300), closed after a trading day. */
export const ETF_DETAIL = {
  source: "akshare",
  as_of: "2024-06-28",
  stale: false,
  code: "510300",
  name: "沪深300ETF",
  exchange: "SSE",
  currency: "CNY",
  kind: "etf",
  category: "broad",
  quote: { price: 3.9, prev_close: 3.85, change: 0.05, change_pct: 1.3, date: "2024-06-28", premium_pct: 0.05 },
  market_status: { market: "CN", state: "closed", label: "after the close", trading_day: true, calendar_known: true },
};

export function metricsFixture(overrides: Partial<Metrics> = {}): Metrics {
  return {
    code: "510300",
    period: "1y",
    start: "2023-01-03",
    end: "2023-12-29",
    total_return: 0.1234,
    cagr: 0.1189,
    volatility: 0.1875,
    sharpe: 0.85,
    sortino: 1.2,
    calmar: 0.6,
    max_drawdown: { value: -0.2, peak: "2023-02-01", trough: "2023-10-23", recovery: null },
    current_drawdown: { value: -0.05, high_date: "2023-11-01", days_since_high: 40, window: 250 },
    risk_level: "medium",
    unavailable: {},
    source: "sample",
    as_of: "2023-12-29T15:00:00+08:00",
    stale: false,
    ...overrides,
  };
}
