import { render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { jsonResponse } from "@/test/fixtures";
import { BacktestPage } from "./BacktestPage";

vi.mock("next/navigation", () => ({ useSearchParams: () => new URLSearchParams("code=QUAL") }));

function stubDetail(response: Response) {
  vi.stubGlobal("fetch", vi.fn(() => Promise.resolve(response)));
}

describe("BacktestPage", () => {
  afterEach(() => vi.useRealTimers());

  it("ends the default period at the ETF's newest price when that is in the past", async () => {
    stubDetail(jsonResponse({ code: "QUAL", as_of: "2022-12-28" }));
    render(<BacktestPage />);
    expect(await screen.findByLabelText("结束日期")).toHaveValue("2022-12-28");
    expect(screen.getByLabelText("开始日期")).toHaveValue("2019-12-28");
    expect(screen.getByLabelText("ETF 代码")).toHaveValue("QUAL");
  });

  it("still offers the form, ending today, when the ETF cannot be looked up", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(2024, 5, 30, 12));
    stubDetail(jsonResponse({ detail: "unknown ETF code: QUAL" }, 404));
    render(<BacktestPage />);
    expect(await screen.findByLabelText("结束日期")).toHaveValue("2024-06-30");
    expect(screen.getByLabelText("开始日期")).toHaveValue("2021-06-30");
  });
});
