import { render, screen } from "@testing-library/react";
import { expect, it, vi } from "vitest";
import { BackendVersion } from "@/components/BackendVersion";
import { OpenWritesBanner } from "@/components/OpenWritesBanner";
import { jsonResponse } from "@/test/fixtures";

it("asks the server's health once for every part of the page that shows it", async () => {
  const fetchMock = vi.fn((_url: string) =>
    Promise.resolve(jsonResponse({ status: "ok", version: "1.2.3", open_writes: true })),
  );
  vi.stubGlobal("fetch", fetchMock);
  render(
    <>
      <OpenWritesBanner />
      <BackendVersion />
    </>,
  );
  expect(await screen.findByTestId("open-writes-banner")).toBeInTheDocument();
  expect(await screen.findByTestId("backend-version")).toHaveTextContent("1.2.3");
  expect(fetchMock.mock.calls.filter(([url]) => url === "/api/health")).toHaveLength(1);
});
