import { act, renderHook, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { jsonResponse } from "@/test/fixtures";
import { ApiError } from "./api";
import { LOCAL_WATCHLIST_KEY } from "./local-watchlist";
import type { WatchlistItem } from "./api-types";
import { useWatchlist } from "./use-watchlist";

function serverItem(code: string, name: string, position: number): WatchlistItem {
  return {
    code,
    name,
    group: "",
    position,
    added_at: "2024-06-28T08:00:00Z",
    price: 1,
    prev_close: 1,
    change: 0,
    change_pct: 0,
    source: "sample",
    as_of: "2024-06-28",
    stale: false,
    quote_unavailable: null,
  };
}

describe("useWatchlist", () => {
  it("uses the server list when it loads", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(() =>
        Promise.resolve(
          jsonResponse({
            items: [serverItem("159915", "创业板ETF", 1), serverItem("510300", "沪深300ETF", 0)],
            groups: [""],
          }),
        ),
      ),
    );
    const { result } = renderHook(() => useWatchlist());
    await waitFor(() => expect(result.current.mode).toBe("server"));
    expect(result.current.items.map((item) => item.code)).toEqual(["510300", "159915"]);
  });

  it("falls back to localStorage when the server list fails, and keeps changes there", async () => {
    window.localStorage.setItem(LOCAL_WATCHLIST_KEY, JSON.stringify([{ code: "510300", name: "沪深300ETF", group: "" }]));
    vi.stubGlobal("fetch", vi.fn(() => Promise.resolve(jsonResponse({ detail: "Not Found" }, 404))));
    const { result } = renderHook(() => useWatchlist());
    await waitFor(() => expect(result.current.mode).toBe("local"));
    expect(result.current.fallbackReason).toBeInstanceOf(ApiError);
    expect(result.current.items.map((item) => item.code)).toEqual(["510300"]);

    await act(() => result.current.add({ code: "159915", name: "创业板ETF", group: "成长" }));
    await act(() => result.current.reorder(["159915", "510300"]));
    const stored = JSON.parse(window.localStorage.getItem(LOCAL_WATCHLIST_KEY)!);
    expect(stored).toEqual([
      { code: "159915", name: "创业板ETF", group: "成长", position: 0 },
      { code: "510300", name: "沪深300ETF", group: "", position: 1 },
    ]);
  });

  it("rolls back a server change that is refused and keeps the error", async () => {
    const fetchMock = vi
      .fn()
      .mockResolvedValueOnce(jsonResponse({ items: [serverItem("510300", "沪深300ETF", 0)], groups: [""] }))
      .mockResolvedValueOnce(jsonResponse({ detail: "API key required" }, 401));
    vi.stubGlobal("fetch", fetchMock);
    const { result } = renderHook(() => useWatchlist());
    await waitFor(() => expect(result.current.mode).toBe("server"));
    await act(() => result.current.remove("510300"));
    expect(result.current.items.map((item) => item.code)).toEqual(["510300"]);
    expect((result.current.writeError as ApiError).kind).toBe("unauthorized");
  });
});
