import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { EtfDetail } from "@/lib/api-types";
import { QuoteHeader } from "./QuoteHeader";

const DETAIL: EtfDetail = {
  code: "510300",
  name: "沪深300ETF",
  exchange: "SSE",
  currency: "CNY",
  kind: "etf",
  quote: { price: 3.912, prev_close: 3.85, change: 0.062, change_pct: 1.61, date: "2024-06-28" },
  market_status: { market: "CN", state: "lunch_break", label: "lunch break", trading_day: true, calendar_known: true },
  source: "akshare",
  as_of: "2024-06-28",
  stale: false,
};

describe("QuoteHeader", () => {
  it("shows price, change, market state and where the data came from", () => {
    render(<QuoteHeader detail={DETAIL} />);
    expect(screen.getByTestId("quote-price")).toHaveTextContent("3.912");
    expect(screen.getByTestId("quote-price")).toHaveClass("text-up");
    expect(screen.getByText("+0.062 (+1.61%)")).toBeInTheDocument();
    expect(screen.getByTestId("market-state")).toHaveTextContent("午间休市");
    expect(screen.getByText("lunch break")).toBeInTheDocument();
    expect(screen.getByText("SSE · CNY · ETF")).toBeInTheDocument();
    expect(screen.getByText("来源：akshare")).toBeInTheDocument();
    expect(screen.queryByTestId("stale-badge")).toBeNull();
  });

  it("leaves out an unknown exchange and names an index as one", () => {
    render(<QuoteHeader detail={{ ...DETAIL, exchange: null, currency: "USD", kind: "index" }} />);
    expect(screen.getByText("USD · 指数")).toBeInTheDocument();
  });

  it("marks stale data with a visible badge", () => {
    render(<QuoteHeader detail={{ ...DETAIL, stale: true }} />);
    expect(screen.getByTestId("stale-badge")).toHaveTextContent("数据已过期");
  });
});
