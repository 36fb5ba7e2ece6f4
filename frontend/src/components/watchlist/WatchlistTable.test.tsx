import { fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { EtfDetail } from "@/lib/api-types";
import type { RowStats } from "@/lib/use-watchlist-quotes";
import { WatchlistTable, type WatchlistRow } from "./WatchlistTable";

function row(
  code: string,
  price: number | null,
  changePct: number | null,
  yearReturn: number | null,
  { drawdown = null, temperature = null, closes = [] }: Partial<RowStats> = {},
): WatchlistRow {
  const detail = {
    code,
    name: `ETF ${code}`,
    quote: { price, prev_close: null, change: null, change_pct: changePct, date: "2024-01-02" },
  } as EtfDetail;
  return {
    item: { code, name: `ETF ${code}`, group: "", position: 0 },
    quote: { detail },
    stats: { yearReturn, drawdown, temperature, closes },
  };
}

const ROWS = [
  row("A", 1.5, 0.5, 0.1, { drawdown: -0.02, temperature: 55, closes: [1, 1.2, 1.5] }),
  row("B", 3.2, -1.2, null, { drawdown: -0.2, temperature: 80, closes: [3.5, 3.2] }),
  row("C", 0.9, 2.1, -0.05, { temperature: 20 }),
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
    expect(cells[3]).toHaveTextContent("—");
  });
});
