import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Category } from "@/lib/api-extensions";
import { jsonResponse } from "@/test/fixtures";
import { WatchlistHome } from "./WatchlistHome";

vi.mock("next/navigation", () => ({ usePathname: () => "/", useRouter: () => ({ push: vi.fn(), replace: vi.fn() }) }));

const ITEMS: [string, string, Category | null][] = [
  ["510300", "沪深300ETF", "broad"],
  ["512880", "证券ETF", "sector"],
  ["510500", "中证500ETF", "broad"],
  ["518880", "黄金ETF", "commodity"],
];

function detail(code: string, name: string, category: Category | null) {
  return {
    code,
    name,
    category,
    exchange: "SSE",
    currency: "CNY",
    kind: "etf",
    quote: { price: 1, prev_close: 1, change: 0, change_pct: 0, date: "2024-06-28", premium_pct: 0.1 },
    market_status: { market: "CN", state: "closed", label: "after the close", trading_day: true, calendar_known: true },
    source: "akshare",
    as_of: "2024-06-28",
    stale: code === "518880",
  };
}

function stubApi() {
  vi.stubGlobal(
    "fetch",
    vi.fn((url: string) => {
      const path = url.split("?")[0];
      if (path === "/api/v1/watchlist") {
        return Promise.resolve(
          jsonResponse({
            items: ITEMS.map(([code, name], position) => ({ code, name, group: "", position, added_at: "2024-06-28T08:00:00Z" })),
            groups: [""],
          }),
        );
      }
      const match = /^\/api\/v1\/etfs\/(\w+)$/.exec(path);
      const item = match && ITEMS.find(([code]) => code === match[1]);
      if (item) return Promise.resolve(jsonResponse(detail(...item)));
      return Promise.resolve(jsonResponse({ detail: "not here" }, 404));
    }),
  );
}

const shownCodes = () => screen.getAllByTestId("watchlist-row").map((tr) => tr.dataset.code);

describe("WatchlistHome", () => {
  it("filters the rows by the categories they have", async () => {
    stubApi();
    const user = userEvent.setup();
    render(<WatchlistHome />);
    const filter = await screen.findByTestId("category-filter");
    await waitFor(() => expect(within(filter).getAllByRole("button")).toHaveLength(4));
    expect(within(filter).getAllByRole("button").map((button) => button.textContent)).toEqual(["全部类别", "宽基", "行业主题", "商品"]);
    expect(shownCodes()).toEqual(["510300", "512880", "510500", "518880"]);

    await user.click(within(filter).getByRole("button", { name: "宽基" }));
    expect(shownCodes()).toEqual(["510300", "510500"]);
    expect(within(filter).getByRole("button", { name: "宽基" })).toHaveAttribute("aria-pressed", "true");

    await user.click(within(filter).getByRole("button", { name: "商品" }));
    expect(shownCodes()).toEqual(["518880"]);
    // The gold fund's quote came from the cache: the row says so.
    expect(within(screen.getByTestId("watchlist-row")).getByTestId("stale-badge")).toHaveTextContent("数据已过期");

    await user.click(within(filter).getByRole("button", { name: "全部类别" }));
    expect(shownCodes()).toHaveLength(4);
  });
});
