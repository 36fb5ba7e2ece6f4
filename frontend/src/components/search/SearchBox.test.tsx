import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { CategorizedSearchResponse, Category } from "@/lib/api-extensions";
import { SearchBox } from "./SearchBox";

const PROVENANCE = { source: "sample", as_of: "2024-06-28", stale: false };

const RESULTS: CategorizedSearchResponse = {
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
  const search = vi.fn((_query: string, _signal: AbortSignal, _category: Category | null) => Promise.resolve(RESULTS));
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

  it.each([
    ["510300", "code"],
    ["沪深300", "name"],
    ["hs300", "pinyin"],
  ] as const)("shows name, code, exchange and category of A-share funds found by %s", async (query, match) => {
    const response: CategorizedSearchResponse = {
      ...PROVENANCE,
      source: "akshare",
      query,
      results: [
        { code: "510300", name: "沪深300ETF华泰柏瑞", exchange: "SSE", currency: "CNY", kind: "etf", match, category: "broad" },
        { code: "512000", name: "券商ETF", exchange: "SSE", currency: "CNY", kind: "etf", match, category: "sector" },
      ],
    };
    const search = vi.fn(() => Promise.resolve(response));
    render(<SearchBox search={search} onOpen={vi.fn()} onAdd={vi.fn()} isAdded={() => false} debounceMs={DEBOUNCE_MS} />);
    await userEvent.setup().type(screen.getByTestId("search-input"), query);
    const rows = await results();
    expect(rows[0]).toHaveTextContent("510300");
    expect(rows[0]).toHaveTextContent("沪深300ETF华泰柏瑞");
    expect(rows[0]).toHaveTextContent(`SSE · CNY · ETF · ${{ code: "代码", name: "名称", pinyin: "拼音" }[match]}`);
    expect(within(rows[0]).getByTestId("category-badge")).toHaveTextContent("宽基");
    expect(within(rows[1]).getByTestId("category-badge")).toHaveTextContent("行业主题");
  });

  it("searches one category when a chip is chosen, and keeps only that category's results", async () => {
    const response: CategorizedSearchResponse = {
      ...PROVENANCE,
      query: "300",
      results: [
        { code: "510300", name: "沪深300ETF", exchange: "SSE", currency: "CNY", kind: "etf", match: "name", category: "broad" },
        { code: "512000", name: "300非银ETF", exchange: "SSE", currency: "CNY", kind: "etf", match: "name", category: "sector" },
      ],
    };
    const search = vi.fn((_query: string, _signal: AbortSignal, _category: Category | null) => Promise.resolve(response));
    const user = userEvent.setup();
    render(<SearchBox search={search} onOpen={vi.fn()} onAdd={vi.fn()} isAdded={() => false} debounceMs={DEBOUNCE_MS} />);
    await user.type(screen.getByTestId("search-input"), "300");
    expect(await results()).toHaveLength(2);
    expect(search.mock.calls[0][2]).toBeNull();

    await user.click(within(screen.getByTestId("category-filter")).getByRole("button", { name: "行业主题" }));
    await waitFor(() => expect(search).toHaveBeenCalledTimes(2));
    expect(search.mock.calls[1][0]).toBe("300");
    expect(search.mock.calls[1][2]).toBe("sector");
    await waitFor(() => expect(screen.getAllByTestId("search-result").map((row) => row.dataset.code)).toEqual(["512000"]));
  });

  it("marks results served from the cache", async () => {
    const search = vi.fn(() => Promise.resolve({ ...RESULTS, stale: true }));
    render(<SearchBox search={search} onOpen={vi.fn()} onAdd={vi.fn()} isAdded={() => false} debounceMs={DEBOUNCE_MS} />);
    await userEvent.setup().type(screen.getByTestId("search-input"), "300");
    await results();
    expect(screen.getByTestId("stale-badge")).toHaveTextContent("数据已过期");
  });
});
