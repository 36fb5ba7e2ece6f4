import { describe, expect, it } from "vitest";
import type { Indicators } from "./api-types";
import { familyKeys } from "./chart-series";

function indicators(keys: string[]): Indicators {
  const series = Object.fromEntries(keys.map((key) => [key, []]));
  return { code: "510300", dates: [], series, source: "sample", as_of: "2024-06-28T07:00:00Z", stale: false };
}

describe("familyKeys", () => {
  it("orders windows by number, not as text", () => {
    expect(familyKeys(indicators(["sma120", "sma20", "sma5", "sma60", "ema12"]), "sma")).toEqual(["sma5", "sma20", "sma60", "sma120"]);
  });

  it("orders named parts by name and keeps other families out", () => {
    expect(familyKeys(indicators(["macd.dif", "macd.bar", "macd.dea", "macdx", "kdj.k"]), "macd")).toEqual(["macd.bar", "macd.dea", "macd.dif"]);
  });

  it("matches the family as a whole word", () => {
    expect(familyKeys(indicators(["rsi6", "rsi14", "rsix6"]), "rsi")).toEqual(["rsi6", "rsi14"]);
  });
});
