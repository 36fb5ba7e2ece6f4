import { act, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { Intraday } from "@/lib/api-extensions";
import { wallClockSeconds } from "@/lib/intraday";
import { jsonResponse } from "@/test/fixtures";
import { charts, HistogramSeries, LineSeries } from "@/test/lightweight-charts-mock";
import IntradayPanel from "./IntradayPanel";

const PROVENANCE = { source: "akshare", as_of: "2024-06-28T09:33:00+08:00", stale: false };
const SESSION: Intraday = {
  ...PROVENANCE,
  code: "510300",
  date: "2024-06-28",
  points: [
    { time: "2024-06-28T09:31:00+08:00", price: 3.9, avg_price: 3.9, volume: 1000 },
    { time: "2024-06-28T09:32:00+08:00", price: 3.88, avg_price: 3.89, volume: 500 },
    { time: "2024-06-28T09:33:00+08:00", price: 3.91, avg_price: 3.895, volume: 700 },
  ],
};

function stubIntraday(body: Intraday) {
  const fetchMock = vi.fn(() => Promise.resolve(jsonResponse(body)));
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

describe("IntradayPanel", () => {
  it("draws price, average price and volume of the session", async () => {
    charts.length = 0;
    const fetchMock = stubIntraday(SESSION);
    render(<IntradayPanel code="510300" name="沪深300ETF" prevClose={3.85} marketState="closed" />);
    await waitFor(() => expect(charts).toHaveLength(1));
    expect(fetchMock).toHaveBeenCalledWith("/api/v1/etfs/510300/intraday", expect.anything());
    expect(screen.getByTestId("intraday-chart").closest("figure")).toHaveTextContent("沪深300ETF 分时走势图");
    const [price, average, volume] = charts[0].series;
    expect(price.definition).toBe(LineSeries);
    expect(price.data).toHaveLength(3);
    expect(price.data[0]).toEqual({ time: wallClockSeconds("2024-06-28T09:31:00"), value: 3.9 });
    expect(price.priceLines).toEqual([expect.objectContaining({ price: 3.85 })]);
    expect(average.data[2]).toMatchObject({ value: 3.895 });
    expect(volume.definition).toBe(HistogramSeries);
    expect(volume.data.map((bar) => (bar as { value: number }).value)).toEqual([1000, 500, 700]);
    expect(screen.getByText("2024-06-28 分时")).toBeInTheDocument();
    // Closed market: no refreshing.
    expect(screen.queryByTestId("intraday-refreshing")).toBeNull();
  });

  it("says when the source has no minute prices", async () => {
    stubIntraday({ ...SESSION, source: "sample", date: null, points: [] });
    render(<IntradayPanel code="MTUM" name="MTUM" prevClose={null} marketState="closed" />);
    expect(await screen.findByTestId("intraday-empty")).toHaveTextContent("暂无分时数据");
    expect(screen.queryByTestId("intraday-chart")).toBeNull();
  });

  it("reloads every 30 s while the market is open", async () => {
    vi.useFakeTimers();
    try {
      const fetchMock = stubIntraday(SESSION);
      render(<IntradayPanel code="510300" name="沪深300ETF" prevClose={3.85} marketState="open" />);
      await act(() => vi.advanceTimersByTimeAsync(0));
      expect(fetchMock).toHaveBeenCalledTimes(1);
      expect(screen.getByTestId("intraday-refreshing")).toBeInTheDocument();
      await act(() => vi.advanceTimersByTimeAsync(30_000));
      expect(fetchMock).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
