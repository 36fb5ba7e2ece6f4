import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { SearchResponse } from "@/lib/api-types";
import { SearchBox } from "./SearchBox";

const PROVENANCE = { source: "sample", as_of: "2024-06-28", stale: false };

const RESULTS: SearchResponse = {
  ...PROVENANCE,
  query: "300",
  results: [
    { code: "510300", name: "沪深300ETF", exchange: "SSE", currency: "CNY", kind: "etf", match: "code" },
    { code: "159919", name: "沪深300ETF嘉实", exchange: "SZSE", currency: "CNY", kind: "etf", match: "name" },
    { code: "000300", name: "沪深300指数", exchange: null, currency: "CNY", kind: "index", match: "pinyin" },
  ],
};

// A pause far longer than the gaps between typed keys, even on a busy machine, so each
// test's typing makes exactly one search.
const DEBOUNCE_MS = 400;
const results = () => screen.findAllByTestId("search-result", {}, { timeout: 5000 });

function setup(isAdded: (code: string) => boolean = () => false) {
  const search = vi.fn((_query: string, _signal: AbortSignal) => Promise.resolve(RESULTS));
  const onOpen = vi.fn();
  const onAdd = vi.fn();
  render(<SearchBox search={search} onOpen={onOpen} onAdd={onAdd} isAdded={isAdded} debounceMs={DEBOUNCE_MS} />);
  return { search, onOpen, onAdd, user: userEvent.setup() };
}

describe("SearchBox", () => {
  it("searches once typing pauses, not on every key", async () => {
    const { search, user } = setup();
    await user.type(screen.getByTestId("search-input"), "300");
    await results();
    expect(search).toHaveBeenCalledTimes(1);
    expect(search.mock.calls[0][0]).toBe("300");
  });

  it("moves through results with the arrow keys and opens the highlighted one with Enter", async () => {
    const { onOpen, user } = setup();
    const input = screen.getByTestId("search-input");
    await user.type(input, "300");
    const rows = await results();
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

  it("describes each result without a missing exchange", async () => {
    const { user } = setup();
    await user.type(screen.getByTestId("search-input"), "300");
    const rows = await results();
    expect(rows[0]).toHaveTextContent("SSE · CNY · ETF · 代码");
    expect(rows[2]).toHaveTextContent("CNY · 指数 · 拼音");
  });

  it("adds a result to the watchlist and marks ones already there", async () => {
    const { onAdd, user } = setup((code) => code === "159919");
    await user.type(screen.getByTestId("search-input"), "300");
    await results();
    expect(screen.getByRole("button", { name: "已在自选: 沪深300ETF嘉实 159919" })).toBeDisabled();
    await user.click(screen.getByRole("button", { name: "将 沪深300ETF 510300 加入自选" }));
    expect(onAdd).toHaveBeenCalledWith(RESULTS.results[0]);
  });

  it("says when nothing matches", async () => {
    const search = vi.fn(() => Promise.resolve({ ...PROVENANCE, query: "zzz", results: [] }));
    render(<SearchBox search={search} onOpen={vi.fn()} onAdd={vi.fn()} isAdded={() => false} debounceMs={DEBOUNCE_MS} />);
    await userEvent.setup().type(screen.getByTestId("search-input"), "zzz");
    await waitFor(() => expect(screen.getByText("没有找到与“zzz”匹配的 ETF。")).toBeInTheDocument(), { timeout: 5000 });
  });
});
