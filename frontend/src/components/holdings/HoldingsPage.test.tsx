import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { jsonResponse } from "@/test/fixtures";
import { HoldingsPage } from "./HoldingsPage";

const navigation = vi.hoisted(() => ({ search: "", replace: vi.fn() }));
vi.mock("next/navigation", () => ({
  usePathname: () => "/holdings/",
  useRouter: () => ({ replace: navigation.replace }),
  useSearchParams: () => new URLSearchParams(navigation.search),
}));

const TOTALS = { market_value: null, unrealized_pnl: null, realized_pnl: 0, xirr: null };

function stubApi() {
  const fetchMock = vi.fn((url: string, init?: RequestInit) => {
    if (url === "/api/v1/holdings") return Promise.resolve(jsonResponse({ positions: [], totals: TOTALS }));
    if (url === "/api/v1/transactions" && init?.method === "POST") {
      return Promise.resolve(jsonResponse({ id: 1, ...JSON.parse(String(init.body)), note: "", created_at: "2024-07-03T10:00:00Z" }, 201));
    }
    if (url === "/api/v1/transactions") return Promise.resolve(jsonResponse({ items: [] }));
    return Promise.resolve(jsonResponse({ detail: "not in this test" }, 404));
  });
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

describe("HoldingsPage", () => {
  it("fills the transaction form in from a dividend link and records it", async () => {
    navigation.search = "code=510300&side=dividend&date=2024-07-03&quantity=1000&price=0.069";
    const fetchMock = stubApi();
    render(<HoldingsPage />);
    expect(screen.getByTestId("prefill-notice")).toHaveTextContent("510300");
    expect(screen.getByLabelText("代码")).toHaveValue("510300");
    expect(screen.getByLabelText("方向")).toHaveValue("dividend");
    expect(screen.getByLabelText("日期")).toHaveValue("2024-07-03");
    expect(screen.getByLabelText("数量")).toHaveValue(1000);
    expect(screen.getByLabelText("价格")).toHaveValue(0.069);

    await userEvent.setup().click(screen.getByRole("button", { name: "保存交易" }));
    const posted = fetchMock.mock.calls.find(([, init]) => init?.method === "POST");
    expect(JSON.parse(String(posted?.[1]?.body))).toEqual({
      code: "510300",
      side: "dividend",
      date: "2024-07-03",
      quantity: 1000,
      price: 0.069,
      fee: 0,
    });
    await waitFor(() => expect(navigation.replace).toHaveBeenCalledWith("/holdings/", { scroll: false }));
  });

  it("starts blank without a query", () => {
    navigation.search = "";
    stubApi();
    render(<HoldingsPage />);
    expect(screen.queryByTestId("prefill-notice")).toBeNull();
    expect(screen.getByLabelText("代码")).toHaveValue("");
    expect(screen.getByLabelText("方向")).toHaveValue("buy");
  });
});
