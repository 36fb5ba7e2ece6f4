import { fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { EtfDetailWithFields, EtfQuoteFields } from "@/lib/api-extensions";
import type { RowStats } from "@/lib/use-watchlist-quotes";
import { WatchlistTable, type WatchlistRow } from "./WatchlistTable";

function row(
  code: string,
  price: number | null,
  changePct: number | null,
  yearReturn: number | null,
  { drawdown = null, temperature = null, closes = [] }: Partial<RowStats> = {},
  fields: EtfQuoteFields = {},
  category: EtfDetailWithFields["category"] = undefined,
): WatchlistRow {
  const detail = {
    code,
    name: `ETF ${code}`,
    category,
    quote: { price, prev_close: null, change: null, change_pct: changePct, date: "2024-01-02", ...fields },
  } as EtfDetailWithFields;
  return {
    item: { code, name: `ETF ${code}`, group: "", position: 0 },
    quote: { detail },
    stats: { yearReturn, drawdown, temperature, closes },
  };
}

const ROWS = [
  row(
    "A",
    1.5,
    0.5,
    0.1,
    { drawdown: -0.02, temperature: 55, closes: [1, 1.2, 1.5] },
    { premium_pct: 0.12, amount: 3_178_000_000, fund_size: 356_900_000_000 },
    "broad",
  ),
  row("B", 3.2, -1.2, null, { drawdown: -0.2, temperature: 80, closes: [3.5, 3.2] }, { premium_pct: -0.35, amount: 45_600_000, fund_size: null }),
  row("C", 0.9, 2.1, -0.05, { temperature: 20 }, { premium_pct: null, amount: 812_000_000, fund_size: 2_100_000_000 }),
];

const shownCodes = () => screen.getAllByTestId("watchlist-row").map((tr) => tr.dataset.code);

describe("WatchlistTable", () => {
  it("sorts by price descending, then ascending, then back to the user's order", async () => {
    const user = userEvent.setup();
    render(<WatchlistTable rows={ROWS} onReorder={vi.fn()} onRemove={vi.fn()} />);
    expect(shownCodes()).toEqual(["A", "B", "C"]);

    await user.click(screen.getByTestId("sort-price"));
    expect(shownCodes()).toEqual(["B", "A", "C"]);
    expect(screen.getByTestId("sort-price").closest("th")).toHaveAttribute("aria-sort", "descending");

    await user.click(screen.getByTestId("sort-price"));
    expect(shownCodes()).toEqual(["C", "A", "B"]);

    await user.click(screen.getByTestId("sort-price"));
    expect(shownCodes()).toEqual(["A", "B", "C"]);
  });

  it("sorts by change and by return, rows without a return last", async () => {
    const user = userEvent.setup();
    render(<WatchlistTable rows={ROWS} onReorder={vi.fn()} onRemove={vi.fn()} />);
    await user.click(screen.getByTestId("sort-change"));
    expect(shownCodes()).toEqual(["C", "A", "B"]);
    await user.click(screen.getByTestId("sort-return"));
    expect(shownCodes()).toEqual(["A", "C", "B"]);
  });

  it("sorts by drawdown and by temperature", async () => {
    const user = userEvent.setup();
    render(<WatchlistTable rows={ROWS} onReorder={vi.fn()} onRemove={vi.fn()} />);
    await user.click(screen.getByTestId("sort-drawdown"));
    expect(shownCodes()).toEqual(["A", "B", "C"]);
    await user.click(screen.getByTestId("sort-drawdown"));
    expect(shownCodes()).toEqual(["B", "A", "C"]);
    await user.click(screen.getByTestId("sort-temperature"));
    expect(shownCodes()).toEqual(["B", "A", "C"]);
    await user.click(screen.getByTestId("sort-temperature"));
    expect(shownCodes()).toEqual(["C", "A", "B"]);
  });

  it("shows the drawdown, the temperature and a sparkline coloured by the year's direction", () => {
    render(<WatchlistTable rows={ROWS} onReorder={vi.fn()} onRemove={vi.fn()} />);
    const [first, second, third] = screen.getAllByTestId("watchlist-row");
    expect(within(first).getByText("-2.00%")).toBeInTheDocument();
    expect(within(first).getByText("55")).toBeInTheDocument();
    const rising = within(first).getByRole("img", { name: "ETF A A：近一年每周收盘价" });
    expect(rising).toHaveClass("text-up");
    expect(rising.querySelector("polyline")?.getAttribute("points")?.split(" ")).toHaveLength(3);
    expect(within(second).getByTestId("sparkline")).toHaveClass("text-down");
    // No closes: no line rather than an empty box.
    expect(within(third).queryByTestId("sparkline")).toBeNull();
  });

  it("reorders with the keyboard buttons", async () => {
    const user = userEvent.setup();
    const onReorder = vi.fn();
    render(<WatchlistTable rows={ROWS} onReorder={onReorder} onRemove={vi.fn()} />);
    expect(screen.getByRole("button", { name: "上移 ETF A A" })).toBeDisabled();
    await user.click(screen.getByRole("button", { name: "下移 ETF A A" }));
    expect(onReorder).toHaveBeenCalledWith(["B", "A", "C"]);
    await user.click(screen.getByRole("button", { name: "上移 ETF C C" }));
    expect(onReorder).toHaveBeenLastCalledWith(["A", "C", "B"]);
  });

  it("disables reordering while a sort is active", async () => {
    const user = userEvent.setup();
    render(<WatchlistTable rows={ROWS} onReorder={vi.fn()} onRemove={vi.fn()} />);
    await user.click(screen.getByTestId("sort-price"));
    const firstRow = screen.getAllByTestId("watchlist-row")[0];
    expect(within(firstRow).getByRole("button", { name: /下移/ })).toBeDisabled();
    expect(firstRow).toHaveAttribute("draggable", "false");
  });

  it("reorders by drag and drop", () => {
    const onReorder = vi.fn();
    render(<WatchlistTable rows={ROWS} onReorder={onReorder} onRemove={vi.fn()} />);
    const [first, , third] = screen.getAllByTestId("watchlist-row");
    fireEvent.dragStart(first);
    fireEvent.dragOver(third);
    fireEvent.drop(third);
    expect(onReorder).toHaveBeenCalledWith(["B", "C", "A"]);
  });

  it("shows missing values as a dash and colours gains and losses", () => {
    render(<WatchlistTable rows={ROWS} onReorder={vi.fn()} onRemove={vi.fn()} />);
    const cells = within(screen.getAllByTestId("watchlist-row")[1]).getAllByRole("cell");
    expect(cells[2]).toHaveTextContent("-1.20%");
    expect(cells[2]).toHaveClass("text-down");
    // The year's return (no value) comes after change, premium, turnover and size.
    expect(cells[6]).toHaveTextContent("—");
    expect(cells[6]).not.toHaveClass("text-up");
  });

  it("sorts by premium, turnover and fund size, rows without a value last", async () => {
    const user = userEvent.setup();
    render(<WatchlistTable rows={ROWS} onReorder={vi.fn()} onRemove={vi.fn()} />);
    await user.click(screen.getByTestId("sort-premium"));
    expect(shownCodes()).toEqual(["A", "B", "C"]);
    await user.click(screen.getByTestId("sort-premium"));
    expect(shownCodes()).toEqual(["B", "A", "C"]);
    await user.click(screen.getByTestId("sort-amount"));
    expect(shownCodes()).toEqual(["A", "C", "B"]);
    await user.click(screen.getByTestId("sort-fund_size"));
    expect(shownCodes()).toEqual(["A", "C", "B"]);
    await user.click(screen.getByTestId("sort-fund_size"));
    expect(shownCodes()).toEqual(["C", "A", "B"]);
  });

  it("shows the premium signed and coloured, turnover and size in 亿/万, and the category", () => {
    render(<WatchlistTable rows={ROWS} onReorder={vi.fn()} onRemove={vi.fn()} />);
    expect(screen.getAllByTestId("premium-pct")[0].tagName).toBe("TH");
    const [first, second, third] = screen.getAllByTestId("watchlist-row");
    expect(within(first).getByTestId("premium-pct")).toHaveTextContent("+0.12%");
    expect(within(first).getByTestId("premium-pct")).toHaveClass("text-up");
    expect(within(second).getByTestId("premium-pct")).toHaveTextContent("-0.35%");
    expect(within(second).getByTestId("premium-pct")).toHaveClass("text-down");
    expect(within(third).getByTestId("premium-pct")).toHaveTextContent("—");
    expect(within(first).getByTestId("amount")).toHaveTextContent("31.78亿");
    expect(within(second).getByTestId("amount")).toHaveTextContent("4,560.00万");
    expect(within(first).getByTestId("fund-size")).toHaveTextContent("3,569.00亿");
    expect(within(second).getByTestId("fund-size")).toHaveTextContent("—");
    expect(within(first).getByTestId("category-badge")).toHaveTextContent("宽基");
    expect(within(second).queryByTestId("category-badge")).toBeNull();
  });
});
