import { render, waitFor } from "@testing-library/react";
import type { ComponentType } from "react";
import { describe, expect, it, vi } from "vitest";

const navigation = vi.hoisted(() => ({ search: "" }));
vi.mock("next/navigation", () => ({
  usePathname: () => "/",
  useSearchParams: () => new URLSearchParams(navigation.search),
  useRouter: () => ({ push: vi.fn(), replace: vi.fn() }),
}));

describe("a page with a chart", () => {
  it.each<[string, string, () => Promise<ComponentType>]>([
    ["a fund's page", "code=510300", async () => (await import("@/components/etf/EtfDetailPage")).EtfDetailPage],
    ["a comparison", "codes=510300,510500", async () => (await import("@/components/compare/ComparePage")).ComparePage],
  ])("%s downloads the chart library while the data its chart mounts with is on the way", async (_, search, page) => {
    // The library is loaded once per page load: each case loads the app afresh and records
    // the library's first import.
    vi.resetModules();
    let imported = false;
    vi.doMock("lightweight-charts", () => {
      imported = true;
      return import("@/test/lightweight-charts-mock");
    });
    navigation.search = search;
    vi.stubGlobal("fetch", vi.fn(() => new Promise<Response>(() => {})));
    const Page = await page();
    render(<Page />);
    await waitFor(() => expect(imported).toBe(true));
  });
});
