import { describe, expect, it } from "vitest";
import type { Bar } from "./api-types";
import { barsForPeriod, periodStart } from "./dates";

const bar = (date: string): Bar => ({ date, open: null, high: null, low: null, close: 1, volume: null });

describe("periods", () => {
  it("counts back from the last bar", () => {
    expect(periodStart("1w", "2024-03-05")).toBe("2024-02-27");
    expect(periodStart("1m", "2024-03-31")).toBe("2024-03-02");
    expect(periodStart("1y", "2024-02-29")).toBe("2023-03-01");
    expect(periodStart("ytd", "2024-05-10")).toBe("2024-01-01");
    expect(periodStart("all", "2024-05-10")).toBeUndefined();
  });

  it("starts at the last bar on or before the period start", () => {
    const bars = ["2023-01-03", "2023-05-04", "2023-05-08", "2024-05-06"].map(bar);
    expect(barsForPeriod(bars, "1y").map((b) => b.date)).toEqual(["2023-05-04", "2023-05-08", "2024-05-06"]);
    expect(barsForPeriod(bars, "1m").map((b) => b.date)).toEqual(["2023-05-08", "2024-05-06"]);
    expect(barsForPeriod(bars, "all")).toHaveLength(4);
    expect(barsForPeriod([], "1y")).toEqual([]);
  });
});
