import { act, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { DataSources } from "@/lib/api-types";
import { api } from "@/lib/api";
import { updateSettings } from "@/lib/settings";
import { jsonResponse } from "@/test/fixtures";
import { DATA_SOURCE_POLL_SECONDS, DataSourceBanner } from "./DataSourceBanner";

const LIVE = { name: "akshare", live: true, default: true, breaker: "closed" as const, last_success: null, last_failure: null, last_error: null, cache: null };
const SAMPLE = { ...LIVE, name: "sample", live: false, default: false, breaker: null, healthy: true };
/** One animation frame of the fake clock (60 Hz), and a little. */
const FRAME_MS = 20;

const answer = (liveHealthy: boolean | null): DataSources => ({
  configured: liveHealthy === null ? "sample" : "auto",
  active: liveHealthy === null ? "sample" : "akshare",
  providers: liveHealthy === null ? [SAMPLE] : [{ ...LIVE, healthy: liveHealthy }, SAMPLE],
});

function stubDataSources(...answers: (DataSources | Error)[]) {
  const fetchMock = vi.fn(() => {
    const next = answers.length > 1 ? answers.shift()! : answers[0];
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(jsonResponse(next));
  });
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

describe("DataSourceBanner", () => {
  it("shows nothing while the live source answers", async () => {
    const fetchMock = stubDataSources(answer(true));
    render(<DataSourceBanner />);
    await waitFor(() => expect(fetchMock).toHaveBeenCalledWith("/api/v1/datasources", expect.anything()));
    await act(() => Promise.resolve());
    expect(screen.queryByTestId("data-source-banner")).toBeNull();
  });

  it("says the live source is unavailable and the sample is shown", async () => {
    stubDataSources(answer(false));
    render(<DataSourceBanner />);
    const banner = await screen.findByTestId("data-source-banner");
    expect(banner).toHaveTextContent("实时 A 股数据暂不可用，当前显示内置样例数据（美国 ETF，截至 2022-12-30）");
    expect(banner).toHaveAttribute("data-state", "live_down");
  });

  it("says so in English when no live source is configured", async () => {
    updateSettings({ language: "en" });
    stubDataSources(answer(null));
    render(<DataSourceBanner />);
    expect(await screen.findByTestId("data-source-banner")).toHaveTextContent(
      "No live data source configured — showing the embedded sample data (US ETFs, until 2022-12-30).",
    );
  });

  it("shows nothing when the status cannot be read", async () => {
    const fetchMock = stubDataSources(new TypeError("Failed to fetch"));
    render(<DataSourceBanner />);
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    await act(() => Promise.resolve());
    expect(screen.queryByTestId("data-source-banner")).toBeNull();
  });

  it("appears when a later poll finds the live source failing", async () => {
    // The clock's frames too: the banner asks after the next paint.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date", "requestAnimationFrame"] });
    try {
      stubDataSources(answer(true), answer(false));
      render(<DataSourceBanner />);
      await act(() => vi.advanceTimersByTimeAsync(FRAME_MS));
      expect(screen.queryByTestId("data-source-banner")).toBeNull();
      await act(() => vi.advanceTimersByTimeAsync(DATA_SOURCE_POLL_SECONDS * 1000));
      await act(() => vi.advanceTimersByTimeAsync(FRAME_MS));
      expect(screen.getByTestId("data-source-banner")).toHaveAttribute("data-state", "live_down");
    } finally {
      vi.useRealTimers();
    }
  });

  it("looks again at once when another answer comes back stale, not waiting for the poll", async () => {
    const fetchMock = vi.fn((url: string) => {
      if (url.endsWith("/datasources")) {
        const calls = fetchMock.mock.calls.filter(([called]) => called.endsWith("/datasources")).length;
        return Promise.resolve(jsonResponse(answer(calls === 1)));
      }
      return Promise.resolve(jsonResponse({ code: "510300", stale: true }));
    });
    vi.stubGlobal("fetch", fetchMock);
    render(<DataSourceBanner />);
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    await act(() => Promise.resolve());
    expect(screen.queryByTestId("data-source-banner")).toBeNull();

    await act(() => api.etf("510300"));
    expect(await screen.findByTestId("data-source-banner")).toHaveAttribute("data-state", "live_down");
  });
});
