import type { Metrics } from "@/lib/api-types";

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

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
