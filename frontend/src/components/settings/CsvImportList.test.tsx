import { render, screen, waitForElementToBeRemoved, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { ImportedEtf } from "@/lib/api-types";
import { jsonResponse } from "@/test/fixtures";
import { CsvImportList } from "./CsvImportList";

const FIRST: ImportedEtf = { code: "AA1", name: "First", currency: "CNY", source: "csv: AA1.csv", as_of: "2024-01-03" };
const SECOND: ImportedEtf = { ...FIRST, code: "ZZ2", name: "Second", source: "csv: ZZ2.csv" };

/** The API with these imports; DELETE removes one. */
function stubApi(items: ImportedEtf[]) {
  let stored = [...items];
  const fetchMock = vi.fn((url: string, init?: RequestInit) => {
    if (url === "/api/v1/etfs/imports") return Promise.resolve(jsonResponse({ items: stored }));
    if (init?.method === "DELETE") {
      stored = stored.filter((item) => `/api/v1/etfs/imports/${item.code}` !== url);
      return Promise.resolve(new Response(null, { status: 204 }));
    }
    return Promise.resolve(jsonResponse({ detail: "not found" }, 404));
  });
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

describe("CsvImportList", () => {
  it("lists the imports with their dates and sources, and removes one", async () => {
    const fetchMock = stubApi([FIRST, SECOND]);
    const user = userEvent.setup();
    render(<CsvImportList generation={0} />);
    const list = await screen.findByTestId("csv-imports");
    expect(within(list).getAllByRole("listitem").map((item) => item.textContent)).toEqual([
      "AA1First数据截至 2024-01-03，来自 csv: AA1.csv删除",
      "ZZ2Second数据截至 2024-01-03，来自 csv: ZZ2.csv删除",
    ]);
    // With or without the trailing slash: Next's link writes it as next.config asks.
    expect(within(list).getByRole("link", { name: "AA1" })).toHaveAttribute("href", expect.stringMatching(/^\/etf\/?\?code=AA1$/));

    await user.click(screen.getByRole("button", { name: "删除 AA1 的导入价格" }));

    expect(fetchMock).toHaveBeenCalledWith("/api/v1/etfs/imports/AA1", expect.objectContaining({ method: "DELETE" }));
    await waitForElementToBeRemoved(() => screen.queryByRole("button", { name: "删除 AA1 的导入价格" }));
    expect(screen.getByRole("button", { name: "删除 ZZ2 的导入价格" })).toBeInTheDocument();
  });

  it("says when nothing is imported, and loads again for a new generation", async () => {
    const fetchMock = stubApi([]);
    const { rerender } = render(<CsvImportList generation={0} />);
    expect(await screen.findByText("尚未导入任何价格。")).toBeInTheDocument();

    rerender(<CsvImportList generation={1} />);
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
  });
});
