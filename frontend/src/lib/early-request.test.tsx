import { render, waitFor } from "@testing-library/react";
import type { ReactElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ComparePage } from "@/components/compare/ComparePage";
import { EtfDetailPage } from "@/components/etf/EtfDetailPage";
import { HoldingsPage } from "@/components/holdings/HoldingsPage";
import { WatchlistHome } from "@/components/watchlist/WatchlistHome";
import { jsonResponse } from "@/test/fixtures";
import { api } from "./api";
import { EARLY_REQUEST_SCRIPT, takeEarlyResponse } from "./early-request";
import { updateSettings } from "./settings";

const navigation = vi.hoisted(() => ({ pathname: "/", search: "" }));
vi.mock("next/navigation", () => ({
  usePathname: () => navigation.pathname,
  useSearchParams: () => new URLSearchParams(navigation.search),
  useRouter: () => ({ push: vi.fn(), replace: vi.fn() }),
}));

const STORE = "__etftoolEarlyRequest";

/** Opens `address` as a browser does: the inline script in <head> runs before the app. */
function open(address: string, answer: () => Promise<Response> = () => Promise.resolve(jsonResponse({ detail: "not found" }, 404))) {
  window.history.replaceState(null, "", address);
  const url = new URL(address, window.location.origin);
  navigation.pathname = url.pathname;
  navigation.search = url.search;
  const fetchMock = vi.fn((_url: string, _init?: RequestInit) => answer());
  vi.stubGlobal("fetch", fetchMock);
  new Function(EARLY_REQUEST_SCRIPT)();
  return fetchMock;
}

const asked = (fetchMock: ReturnType<typeof open>) => fetchMock.mock.calls.map(([url]) => url);

afterEach(() => {
  delete (window as unknown as Record<string, unknown>)[STORE];
});

describe("the early request", () => {
  const pages: [string, ReactElement, string][] = [
    ["/", <WatchlistHome key="watchlist" />, "/api/v1/watchlist"],
    ["/holdings/", <HoldingsPage key="holdings" />, "/api/v1/holdings"],
    ["/etf/?code=%20SPX%20", <EtfDetailPage key="etf" />, "/api/v1/etfs/SPX"],
    ["/compare/?codes=SPX,SIZE,,SPX,VLUE&period=5y", <ComparePage key="compare" />, "/api/v1/compare?codes=SPX%2CSIZE%2CVLUE&period=5y"],
    ["/compare/?codes=SPX,SIZE&period=10y", <ComparePage key="compare-period" />, "/api/v1/compare?codes=SPX%2CSIZE&period=1y"],
  ];

  it.each(pages)("of %s is the one its page asks for, taken instead of asked again", async (address, page, url) => {
    const fetchMock = open(address);
    expect(asked(fetchMock)).toEqual([url]);
    render(page);
    await waitFor(() => expect(STORE in window).toBe(false));
    expect(asked(fetchMock).filter((each) => each === url)).toHaveLength(1);
  });

  it("is not made where the page has no main request of its own", () => {
    for (const address of ["/etf/", "/compare/?codes=SPX", "/settings/"]) {
      expect(asked(open(address)), address).toEqual([]);
    }
  });

  it("is not made with an API key, which the app sends as a header", () => {
    updateSettings({ apiKey: "secret" });
    expect(asked(open("/"))).toEqual([]);
  });

  it("is taken once, by a request for its URL only", async () => {
    open("/etf/?code=SPX");
    expect(takeEarlyResponse("/api/v1/etfs/OTHER")).toBeUndefined();
    expect(takeEarlyResponse("/api/v1/etfs/SPX")).toBeDefined();
    expect(takeEarlyResponse("/api/v1/etfs/SPX")).toBeUndefined();
  });

  it("failing, fails the request that takes it as going offline", async () => {
    open("/", () => Promise.reject(new TypeError("Failed to fetch")));
    await expect(api.watchlist.list()).rejects.toMatchObject({ kind: "offline" });
  });
});
