import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { SearchResponse } from "@/lib/api-types";
import { SearchBox } from "./SearchBox";

const RESULTS: SearchResponse = {
  query: "300",
  results: [
    { code: "510300", name: "沪深300ETF", exchange: "SSE", currency: "CNY", match: "code" },
    { code: "159919", name: "沪深300ETF嘉实", exchange: "SZSE", currency: "CNY", match: "name" },
    { code: "515380", name: "沪深300ETF泰康", exchange: "SSE", currency: "CNY", match: "pinyin" },
  ],
};

function setup(isAdded: (code: string) => boolean = () => false) {
  const search = vi.fn((_query: string, _signal: AbortSignal) => Promise.resolve(RESULTS));
  const onOpen = vi.fn();
  const onAdd = vi.fn();
  render(<SearchBox search={search} onOpen={onOpen} onAdd={onAdd} isAdded={isAdded} debounceMs={10} />);
  return { search, onOpen, onAdd, user: userEvent.setup() };
}

describe("SearchBox", () => {
  it("searches once typing pauses, not on every key", async () => {
    const { search, user } = setup();
    await user.type(screen.getByTestId("search-input"), "300");
    await screen.findAllByTestId("search-result");
    expect(search).toHaveBeenCalledTimes(1);
    expect(search.mock.calls[0][0]).toBe("300");
  });

  it("moves through results with the arrow keys and opens the highlighted one with Enter", async () => {
    const { onOpen, user } = setup();
    const input = screen.getByTestId("search-input");
    await user.type(input, "300");
    const rows = await screen.findAllByTestId("search-result");
    expect(rows).toHaveLength(3);
    expect(input).not.toHaveAttribute("aria-activedescendant");

    await user.keyboard("{ArrowDown}{ArrowDown}");
    expect(rows[1]).toHaveAttribute("aria-selected", "true");
    expect(input).toHaveAttribute("aria-activedescendant", rows[1].id);

    await user.keyboard("{ArrowUp}{ArrowUp}");
    expect(rows[2]).toHaveAttribute("aria-selected", "true");

    await user.keyboard("{ArrowDown}{Enter}");
    expect(onOpen).toHaveBeenCalledWith(RESULTS.results[0]);
  });

  it("adds a result to the watchlist and marks ones already there", async () => {
    const { onAdd, user } = setup((code) => code === "159919");
    await user.type(screen.getByTestId("search-input"), "300");
    await screen.findAllByTestId("search-result");
    expect(screen.getByRole("button", { name: "已在自选: 沪深300ETF嘉实 159919" })).toBeDisabled();
    await user.click(screen.getByRole("button", { name: "将 沪深300ETF 510300 加入自选" }));
    expect(onAdd).toHaveBeenCalledWith(RESULTS.results[0]);
  });

  it("says when nothing matches", async () => {
    const search = vi.fn(() => Promise.resolve({ query: "zzz", results: [] }));
    render(<SearchBox search={search} onOpen={vi.fn()} onAdd={vi.fn()} isAdded={() => false} debounceMs={10} />);
    await userEvent.setup().type(screen.getByTestId("search-input"), "zzz");
    await waitFor(() => expect(screen.getByText("没有找到与“zzz”匹配的 ETF。")).toBeInTheDocument());
  });
});
