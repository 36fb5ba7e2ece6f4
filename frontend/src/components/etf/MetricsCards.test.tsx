import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { metricsFixture } from "@/test/fixtures";
import { MetricsCards } from "./MetricsCards";

const card = (field: string) => screen.getByTestId(`metric-${field}`);

describe("MetricsCards", () => {
  it("formats ratios as signed percentages and ratios with two decimals", () => {
    render(<MetricsCards metrics={metricsFixture()} />);
    expect(card("total_return")).toHaveTextContent("+12.34%");
    expect(card("total_return").querySelector("dd")).toHaveClass("text-up");
    expect(card("volatility")).toHaveTextContent("18.75%");
    expect(card("sharpe")).toHaveTextContent("0.85");
    expect(card("max_drawdown")).toHaveTextContent("-20.00%");
    expect(card("max_drawdown")).toHaveTextContent("2023-02-01 → 2023-10-23");
    expect(card("max_drawdown")).toHaveTextContent("尚未修复");
    expect(card("current_drawdown")).toHaveTextContent("250 日内高点 2023-11-01，已过 40 天");
    expect(card("risk_level")).toHaveTextContent("中");
  });

  it("shows a dash and the backend's reason for a null value, never a zero", () => {
    const metrics = metricsFixture({
      sharpe: null,
      sortino: null,
      max_drawdown: null,
      unavailable: { sharpe: "flat prices: volatility is zero", max_drawdown: "fewer than 2 prices" },
    });
    render(<MetricsCards metrics={metrics} />);
    expect(within(card("sharpe")).getByText("—")).toBeInTheDocument();
    expect(within(card("sharpe")).getByTestId("metric-reason")).toHaveTextContent("flat prices: volatility is zero");
    expect(card("sharpe")).not.toHaveTextContent("0.00");
    expect(within(card("max_drawdown")).getByTestId("metric-reason")).toHaveTextContent("fewer than 2 prices");
    // No reason given: a generic one, still no number.
    expect(within(card("sortino")).getByTestId("metric-reason")).toHaveTextContent("无法计算");
    expect(within(card("cagr")).queryByTestId("metric-reason")).toBeNull();
  });
});
