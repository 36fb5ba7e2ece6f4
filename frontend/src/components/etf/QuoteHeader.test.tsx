import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { EtfDetailWithFields } from "@/lib/api-extensions";
import { updateSettings } from "@/lib/settings";
import { QuoteHeader } from "./QuoteHeader";

const DETAIL: EtfDetailWithFields = {
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
    expect(screen.getByTestId("stale-badge")).toHaveAttribute("title", "数据已过期：实时数据源无应答，显示的是截至 2024-06-28 的缓存数据");
  });

  it("shows the fund's figures in 亿/万 with the premium coloured and named", () => {
    const quote = {
      ...DETAIL.quote,
      iopv: 3.9051,
      premium_pct: 0.1766,
      volume: 812_345_600,
      amount: 3_178_000_000,
      shares: 91_234_000_000,
      fund_size: 356_900_000_000,
      shares_change_5d: -250_000_000,
      shares_change_20d: 1_230_000,
    };
    render(<QuoteHeader detail={{ ...DETAIL, quote, category: "broad" }} />);
    expect(screen.getByTestId("quote-iopv")).toHaveTextContent("3.9051");
    expect(screen.getByTestId("premium-pct")).toHaveTextContent("+0.18%溢价");
    expect(screen.getByTestId("premium-pct")).toHaveClass("text-up");
    expect(screen.getByTestId("quote-volume")).toHaveTextContent("8.12亿");
    expect(screen.getByTestId("quote-amount")).toHaveTextContent("31.78亿");
    expect(screen.getByTestId("quote-shares")).toHaveTextContent("912.34亿");
    expect(screen.getByTestId("quote-fund_size")).toHaveTextContent("3,569.00亿");
    expect(screen.getByTestId("quote-shares_change_5d")).toHaveTextContent("-2.50亿");
    expect(screen.getByTestId("quote-shares_change_20d")).toHaveTextContent("+123.00万");
    expect(screen.getByTestId("category-badge")).toHaveTextContent("宽基");
  });

  it("shows a discount in English units and dashes where the source gives nothing", () => {
    updateSettings({ language: "en" });
    const quote = { ...DETAIL.quote, premium_pct: -0.42, amount: 45_600_000, fund_size: 2_100_000_000, iopv: null };
    render(<QuoteHeader detail={{ ...DETAIL, quote }} />);
    expect(screen.getByTestId("premium-pct")).toHaveTextContent("-0.42%discount");
    expect(screen.getByTestId("premium-pct")).toHaveClass("text-down");
    expect(screen.getByTestId("quote-amount")).toHaveTextContent("45.60M");
    expect(screen.getByTestId("quote-fund_size")).toHaveTextContent("2.10B");
    expect(screen.getByTestId("quote-iopv")).toHaveTextContent("—");
    // An older backend leaves the fields out: dashes, not zeros.
    expect(screen.getByTestId("quote-shares")).toHaveTextContent("—");
    expect(screen.queryByTestId("category-badge")).toBeNull();
  });

  it("says the market's state and the server's reason in the reader's language", () => {
    const market_status = { ...DETAIL.market_status, market: "US", state: "closed" as const, label: "outside regular hours" };
    render(<QuoteHeader detail={{ ...DETAIL, market_status }} />);
    expect(screen.getByTestId("market-state")).toHaveTextContent("已收盘");
    expect(screen.getByTestId("market-reason")).toHaveTextContent("非常规交易时段");
    expect(screen.queryByText("outside regular hours")).toBeNull();
  });
});
