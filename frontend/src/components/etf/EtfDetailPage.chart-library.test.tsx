import { render, waitFor } from "@testing-library/react";
import { expect, it, vi } from "vitest";
import { EtfDetailPage } from "./EtfDetailPage";

// Records the chart library's first import (the library is loaded once per page load).
const library = vi.hoisted(() => ({ imported: false }));
vi.mock("lightweight-charts", () => {
  library.imported = true;
  return import("@/test/lightweight-charts-mock");
});
vi.mock("next/navigation", () => ({
  usePathname: () => "/",
  useSearchParams: () => new URLSearchParams("code=510300"),
  useRouter: () => ({ push: vi.fn(), replace: vi.fn() }),
}));

it("downloads the chart library while the data its chart mounts with is still on the way", async () => {
  vi.stubGlobal("fetch", vi.fn(() => new Promise<Response>(() => {})));
  render(<EtfDetailPage />);
  await waitFor(() => expect(library.imported).toBe(true));
});
