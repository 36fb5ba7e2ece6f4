import { renderHook, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { jsonResponse } from "@/test/fixtures";
import { useWatchlistQuotes } from "./use-watchlist-quotes";

afterEach(() => vi.unstubAllGlobals());

describe("useWatchlistQuotes", () => {
  it("asks for a row's metrics, temperature and year of weekly bars at once", async () => {
    // The metrics never answer: nothing else may wait for them.
    const fetchMock = vi.fn((url: string) =>
      url.includes("/metrics") ? new Promise<Response>(() => {}) : Promise.resolve(jsonResponse({ detail: "not found" }, 404)),
    );
    vi.stubGlobal("fetch", fetchMock);
    renderHook(() => useWatchlistQuotes(["510300"], 0));
    await waitFor(() =>
      expect(fetchMock.mock.calls.map(([url]) => url)).toEqual(
        expect.arrayContaining([
          "/api/v1/etfs/510300/metrics?period=1y",
          "/api/v1/etfs/510300/temperature",
          "/api/v1/etfs/510300/history?period=1y&interval=weekly",
        ]),
      ),
    );
  });

  it("asks for the rows' quotes and figures only after the rows have been painted", async () => {
    const fetchMock = vi.fn(() => Promise.resolve(jsonResponse({ detail: "not found" }, 404)));
    vi.stubGlobal("fetch", fetchMock);
    let frames = 0;
    const frame = window.requestAnimationFrame;
    vi.stubGlobal("requestAnimationFrame", (callback: FrameRequestCallback) => frame((time) => (frames++, callback(time))));
    renderHook(() => useWatchlistQuotes(["510300"], 0));
    expect(fetchMock).not.toHaveBeenCalled();
    await waitFor(() => expect(fetchMock).toHaveBeenCalledWith("/api/v1/etfs/510300", expect.anything()));
    expect(frames).toBeGreaterThan(0);
  });
});
