import { describe, expect, it } from "vitest";
import { analysisMatches, parseHistoryView } from "./history-view";

describe("parseHistoryView", () => {
  it("reads the tab, interval and adjustment from the URL", () => {
    expect(parseHistoryView(new URLSearchParams("chart=intraday&interval=weekly&adjust=hfq"))).toEqual({
      tab: "intraday",
      interval: "weekly",
      adjust: "hfq",
    });
  });

  it("falls back to daily forward-adjusted history for missing or unknown values", () => {
    expect(parseHistoryView(new URLSearchParams("chart=x&interval=hourly"))).toEqual({ tab: "history", interval: "daily", adjust: "qfq" });
  });
});

describe("analysisMatches", () => {
  it("holds for daily forward-adjusted bars only", () => {
    expect(analysisMatches({ interval: "daily", adjust: "qfq" })).toBe(true);
    expect(analysisMatches({ interval: "weekly", adjust: "qfq" })).toBe(false);
    expect(analysisMatches({ interval: "daily", adjust: "none" })).toBe(false);
  });
});
