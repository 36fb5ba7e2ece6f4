import { render, waitFor } from "@testing-library/react";
import type { ComponentType } from "react";
import { describe, expect, it, vi } from "vitest";
import { ETF_DETAIL, jsonResponse } from "@/test/fixtures";

const navigation = vi.hoisted(() => ({ search: "" }));
vi.mock("next/navigation", () => ({
  usePathname: () => "/",
  useSearchParams: () => new URLSearchParams(navigation.search),
  useRouter: () => ({ push: vi.fn(), replace: vi.fn() }),
}));

/**
 * Loads a page afresh (the library is loaded once per page load) with `answer` as the API, and
 * tells whether lightweight-charts has been imported.
 */
async function renderPage(search: string, page: () => Promise<ComponentType>, answer: (url: string) => Promise<Response>) {
  vi.resetModules();
  let imported = false;
  vi.doMock("lightweight-charts", () => {
    imported = true;
    return import("@/test/lightweight-charts-mock");
  });
  navigation.search = search;
  vi.stubGlobal("fetch", vi.fn(answer));
  const Page = await page();
  render(<Page />);
  return () => imported;
}

const never = () => new Promise<Response>(() => {});
const etfPage = async () => (await import("@/components/etf/EtfDetailPage")).EtfDetailPage;
const comparePage = async () => (await import("@/components/compare/ComparePage")).ComparePage;

describe("a page with a chart", () => {
  it("a comparison downloads the chart library while the data its chart mounts with is on the way", async () => {
    const imported = await renderPage("codes=510300,510500", comparePage, never);
    await waitFor(() => expect(imported()).toBe(true));
  });

  it("a fund's page downloads the chart library once its quote is shown, while the history is on the way", async () => {
    const imported = await renderPage("code=510300", etfPage, (url) =>
      url === "/api/v1/etfs/510300" ? Promise.resolve(jsonResponse(ETF_DETAIL)) : never(),
    );
    await waitFor(() => expect(imported()).toBe(true));
  });

  it("a fund's page does not download the chart library before its quote is shown", async () => {
    const imported = await renderPage("code=510300", etfPage, never);
    // Several frames: the download would start one frame after the page mounts.
    for (let frame = 0; frame < 5; frame += 1) await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    expect(imported()).toBe(false);
  });
});
