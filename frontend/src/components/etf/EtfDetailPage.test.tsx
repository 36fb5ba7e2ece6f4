import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ETF_DETAIL as DETAIL, jsonResponse, metricsFixture } from "@/test/fixtures";
import { charts } from "@/test/lightweight-charts-mock";
import { EtfDetailPage } from "./EtfDetailPage";

const navigation = vi.hoisted(() => ({ search: "", replace: (_url: string, _options?: unknown) => undefined as void }));
vi.mock("next/navigation", () => ({
  usePathname: () => "/etf/",
  useSearchParams: () => new URLSearchParams(navigation.search),
  useRouter: () => ({ push: vi.fn(), replace: (url: string, options?: unknown) => navigation.replace(url, options) }),
}));

const PROVENANCE = { source: "akshare", as_of: "2024-06-28", stale: false };
const BARS = [
  { date: "2024-06-27", open: 3.8, high: 3.9, low: 3.8, close: 3.85, volume: 100 },
  { date: "2024-06-28", open: 3.85, high: 3.95, low: 3.84, close: 3.9, volume: 120 },
];
const EARLIER_BAR = { date: "2019-07-01", open: 3, high: 3.1, low: 2.9, close: 3, volume: 90 };

const DIVIDEND = {
  kind: "dividend",
  ex_date: "2024-06-28",
  record_date: "2024-06-27",
  pay_date: "2024-07-03",
  cash_per_share: 0.069,
  split_ratio: null,
  split_type: null,
};
const SPLIT = { ...DIVIDEND, kind: "split", ex_date: "2024-01-20", record_date: null, pay_date: null, cash_per_share: null, split_ratio: 2, split_type: "份额分拆" };
const TRADES = [
  { id: 1, code: "510300", side: "buy", date: "2024-01-10", quantity: 500, price: 3.5, fee: 0, note: "", created_at: "2024-01-10T10:00:00Z" },
  { id: 2, code: "510300", side: "buy", date: "2024-06-28", quantity: 300, price: 3.9, fee: 0, note: "", created_at: "2024-06-28T10:00:00Z" },
];

function stubApi() {
  const fetchMock = vi.fn((url: string) => {
    const [path, query = ""] = url.split("?");
    const params = new URLSearchParams(query);
    if (path === "/api/v1/etfs/510300") return Promise.resolve(jsonResponse(DETAIL));
    if (path.endsWith("/history")) {
      return Promise.resolve(
        jsonResponse({ ...PROVENANCE, code: "510300", interval: params.get("interval"), adjust: "qfq", bars: BARS }),
      );
    }
    if (path.endsWith("/metrics")) return Promise.resolve(jsonResponse(metricsFixture()));
    if (path.endsWith("/indicators")) return Promise.resolve(jsonResponse({ ...PROVENANCE, code: "510300", dates: [], series: {} }));
    if (path.endsWith("/distributions")) {
      return Promise.resolve(jsonResponse({ ...PROVENANCE, code: "510300", events: [SPLIT, DIVIDEND], first_year: 2024, last_year: 2024 }));
    }
    if (path === "/api/v1/transactions") return Promise.resolve(jsonResponse({ items: TRADES }));
    if (path.endsWith("/intraday")) {
      const points = [{ time: "2024-06-28T09:31:00+08:00", price: 3.86, avg_price: 3.86, volume: 10 }];
      return Promise.resolve(jsonResponse({ ...PROVENANCE, code: "510300", date: "2024-06-28", points }));
    }
    return Promise.resolve(jsonResponse({ detail: "not in this test" }, 404));
  });
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

const requested = (fetchMock: ReturnType<typeof stubApi>, part: string) =>
  fetchMock.mock.calls.map(([url]) => url).filter((url) => url.includes(part));

describe("EtfDetailPage", () => {
  beforeEach(() => {
    charts.length = 0;
    navigation.replace = vi.fn();
  });

  it("opens on the history tab and switches to the intraday tab through the URL", async () => {
    navigation.search = "code=510300";
    const fetchMock = stubApi();
    render(<EtfDetailPage />);
    expect(await screen.findByTestId("price-adjust")).toHaveTextContent("价格：前复权");
    expect(screen.getByTestId("history-tab")).toHaveAttribute("aria-selected", "true");
    expect(screen.getByTestId("intraday-tab")).toHaveTextContent("分时");
    expect(requested(fetchMock, "/history")).toEqual(["/api/v1/etfs/510300/history?interval=daily&adjust=qfq&period=1y"]);
    expect(requested(fetchMock, "/intraday")).toEqual([]);

    await userEvent.setup().click(screen.getByTestId("intraday-tab"));
    expect(navigation.replace).toHaveBeenCalledWith("/etf/?code=510300&chart=intraday", { scroll: false });
  });

  it("shows the intraday chart when the URL asks for it", async () => {
    navigation.search = "code=510300&chart=intraday";
    const fetchMock = stubApi();
    render(<EtfDetailPage />);
    expect(await screen.findByTestId("intraday-chart", {}, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.getByTestId("intraday-tab")).toHaveAttribute("aria-selected", "true");
    expect(requested(fetchMock, "/intraday")).toEqual(["/api/v1/etfs/510300/intraday"]);
    expect(screen.queryByTestId("price-chart")).toBeNull();
  });

  it("loads weekly hfq bars when asked, without the daily indicators", async () => {
    navigation.search = "code=510300&interval=weekly&adjust=hfq";
    const fetchMock = stubApi();
    render(<EtfDetailPage />);
    expect(await screen.findByTestId("analysis-daily-only")).toBeInTheDocument();
    expect(requested(fetchMock, "/history")).toEqual(["/api/v1/etfs/510300/history?interval=weekly&adjust=hfq&period=1y"]);
    expect(requested(fetchMock, "/indicators")).toEqual([]);
    // This source answered with forward-adjusted prices only: the page says so.
    expect(screen.getByTestId("adjust-only")).toHaveTextContent("该数据源只提供前复权价格");
    expect(screen.getByTestId("interval-selector").querySelector('[data-interval="weekly"]')).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByTestId("adjust-select")).toHaveValue("hfq");
    expect(screen.getByTestId("lower-pane")).toBeDisabled();

    await userEvent.setup().click(screen.getByTestId("interval-selector").querySelector('[data-interval="monthly"]')!);
    expect(navigation.replace).toHaveBeenCalledWith("/etf/?code=510300&interval=monthly&adjust=hfq", { scroll: false });
  });

  it("loads the period's bars and keeps the chart on screen while another period loads", async () => {
    navigation.search = "code=510300";
    const fetchMock = stubApi();
    const answer = fetchMock.getMockImplementation()!;
    let finishFiveYears = () => {};
    fetchMock.mockImplementation((url: string) =>
      url.includes("/history?") && url.includes("period=5y")
        ? new Promise((resolve) => {
            finishFiveYears = () => resolve(jsonResponse({ ...PROVENANCE, code: "510300", interval: "daily", adjust: "qfq", bars: [EARLIER_BAR, ...BARS] }));
          })
        : answer(url),
    );
    const { rerender } = render(<EtfDetailPage />);
    await waitFor(() => expect(charts.at(-1)?.series[0].data).toHaveLength(2));

    navigation.search = "code=510300&period=5y";
    rerender(<EtfDetailPage />);
    await waitFor(() => expect(requested(fetchMock, "/history")).toContain("/api/v1/etfs/510300/history?interval=daily&adjust=qfq&period=5y"));
    expect(screen.getByTestId("price-chart")).toBeInTheDocument();
    expect(charts.at(-1)!.series[0].data).toHaveLength(2);

    finishFiveYears();
    await waitFor(() => expect(charts.at(-1)?.series[0].data).toHaveLength(3));
  });

  it("marks dividends on the chart and lists them with a link that fills in the holdings form", async () => {
    navigation.search = "code=510300";
    stubApi();
    render(<EtfDetailPage />);
    await waitFor(() => expect(charts.at(-1)?.series[0].markers).toHaveLength(1));
    // The split's ex-date is before the first bar: listed, not marked.
    expect(charts.at(-1)!.series[0].markers[0]).toMatchObject({ time: "2024-06-28", text: "分红 0.069" });

    const rows = await screen.findAllByTestId("distribution-row");
    expect(rows.map((row) => (row as HTMLTableRowElement).cells[0].textContent)).toEqual(["2024-06-28", "2024-01-20"]);
    expect(rows[1]).toHaveTextContent("份额分拆 每份折为 2 份");
    expect(rows[1].querySelector('[data-testid="record-dividend"]')).toBeNull();
    // 500 units bought before the 2:1 split are 1000 on the record date; the buy of the ex-date does not count.
    await waitFor(() => expect(screen.getByTestId("record-dividend").getAttribute("href")).toContain("quantity="));
    const link = new URL(screen.getByTestId("record-dividend").getAttribute("href")!, "http://localhost");
    expect(link.pathname.replace(/\/$/, "")).toBe("/holdings");
    expect(Object.fromEntries(link.searchParams)).toEqual({
      code: "510300",
      side: "dividend",
      date: "2024-07-03",
      quantity: "1000",
      price: "0.069",
    });
  });
});
