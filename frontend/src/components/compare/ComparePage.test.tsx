import { render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Comparison } from "@/lib/api-types";
import { translate } from "@/lib/i18n";
import { jsonResponse, metricsFixture } from "@/test/fixtures";
import { ComparePage } from "./ComparePage";

const navigation = vi.hoisted(() => ({ search: "codes=510300,510500" }));
vi.mock("next/navigation", () => ({
  usePathname: () => "/compare/",
  useSearchParams: () => new URLSearchParams(navigation.search),
  useRouter: () => ({ push: vi.fn(), replace: vi.fn() }),
}));

const COMPARISON: Comparison = {
  codes: ["510300", "510500"],
  period: "1y",
  dates: ["2024-01-02", "2024-01-03"],
  normalized: { "510300": [100, 101], "510500": [100, 99] },
  correlation: [
    [1, 0.8],
    [0.8, 1],
  ],
  metrics: { "510300": metricsFixture(), "510500": metricsFixture({ code: "510500" }) },
};

/** Answers the comparison when `answer` is called; every other request fails. */
function stubApi() {
  let answer: (response: Response) => void = () => {};
  vi.stubGlobal(
    "fetch",
    vi.fn((input: RequestInfo | URL) => {
      if (String(input).startsWith("/api/v1/compare")) return new Promise<Response>((resolve) => (answer = resolve));
      return Promise.resolve(jsonResponse({ detail: "not found" }, 404));
    }),
  );
  return (response: Response) => answer(response);
}

const chartTitle = translate("zh-CN", "compare.chartTitle");

describe("ComparePage", () => {
  beforeEach(() => {
    navigation.search = "codes=510300,510500";
  });

  it("lays out the chart's card while the comparison loads, and draws the chart in it", async () => {
    const answer = stubApi();
    render(<ComparePage />);
    const card = screen.getByRole("heading", { name: chartTitle }).closest("section")!;
    expect(within(card).getByText(translate("zh-CN", "common.loading"))).toHaveStyle({ minHeight: "360px" });

    answer(jsonResponse(COMPARISON));
    expect(await within(card).findByTestId("compare-chart")).toHaveStyle({ height: "360px" });
    expect(screen.getByRole("heading", { name: chartTitle }).closest("section")).toBe(card);
  });

  it("shows only the error when the comparison fails", async () => {
    const answer = stubApi();
    render(<ComparePage />);
    answer(jsonResponse({ detail: "unknown ETF code: 510500" }, 404));
    expect(await screen.findByRole("alert")).toHaveTextContent(translate("zh-CN", "error.notFound"));
    expect(screen.queryByRole("heading", { name: chartTitle })).not.toBeInTheDocument();
  });

  it("keeps the last comparison on screen while another period loads, not another set of funds", async () => {
    const answer = stubApi();
    const view = render(<ComparePage />);
    answer(jsonResponse(COMPARISON));
    await screen.findByTestId("compare-chart");

    navigation.search = "codes=510300,510500&period=3y";
    view.rerender(<ComparePage />);
    await waitFor(() => expect(fetch).toHaveBeenCalledWith(expect.stringContaining("period=3y"), expect.anything()));
    expect(screen.getByTestId("compare-chart")).toBeInTheDocument();
    expect(screen.getByTestId("compare-metrics")).toBeInTheDocument();

    navigation.search = "codes=510300,159915";
    view.rerender(<ComparePage />);
    await waitFor(() => expect(screen.queryByTestId("compare-chart")).not.toBeInTheDocument());
    expect(screen.getByText(translate("zh-CN", "common.loading"))).toBeInTheDocument();
  });
});
