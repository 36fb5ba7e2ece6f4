import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { DataSources } from "@/lib/api-types";
import { updateSettings } from "@/lib/settings";
import { jsonResponse } from "@/test/fixtures";
import { DataSourcesTable } from "./DataSourcesTable";

const PROVIDER = {
  live: true,
  default: true,
  healthy: true,
  breaker: "closed" as const,
  last_success: null,
  last_failure: null,
  last_error: null,
};

const SOURCES: DataSources = {
  configured: "auto",
  active: "akshare",
  providers: [
    { ...PROVIDER, name: "akshare", cache: { hits: 12, misses: 3, stale_served: 0, entries: 40, size_bytes: 81920 } },
    { ...PROVIDER, name: "yfinance", cache: { hits: 5, misses: 2, stale_served: 1, entries: null, size_bytes: null } },
    { ...PROVIDER, name: "sample", live: false, default: false, breaker: null, cache: null },
  ],
};

async function cacheCells(): Promise<string[]> {
  vi.stubGlobal("fetch", vi.fn(() => Promise.resolve(jsonResponse(SOURCES))));
  render(<DataSourcesTable />);
  const rows = await screen.findAllByTestId("datasource-row");
  return rows.map((row) => row.lastElementChild!.textContent!);
}

describe("DataSourcesTable", () => {
  it("shows each cache's counts, and says so when a cache's files cannot be read", async () => {
    updateSettings({ language: "en" });
    expect(await cacheCells()).toEqual([
      "12 hits, 3 misses, 40 entries",
      "5 hits, 2 misses, cache files unreadable",
      "—",
    ]);
  });

  it("says the same in Chinese", async () => {
    const [counted, unreadable] = await cacheCells();
    expect(counted).toBe("命中 12，未命中 3，40 条");
    expect(unreadable).toBe("命中 5，未命中 2，缓存文件无法读取");
  });
});
