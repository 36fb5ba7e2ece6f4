import { fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { EtfDetail } from "@/lib/api-types";
import { WatchlistTable, type WatchlistRow } from "./WatchlistTable";

function row(code: string, price: number | null, changePct: number | null, yearReturn: number | null): WatchlistRow {
  const detail = {
    code,
    name: `ETF ${code}`,
    quote: { price, prev_close: null, change: null, change_pct: changePct, date: "2024-01-02" },
  } as EtfDetail;
  return { item: { code, name: `ETF ${code}`, group: "", position: 0 }, quote: { detail }, yearReturn };
}

const ROWS = [row("A", 1.5, 0.5, 0.1), row("B", 3.2, -1.2, null), row("C", 0.9, 2.1, -0.05)];

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
