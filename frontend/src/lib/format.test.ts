import { describe, expect, it } from "vitest";
import { describePremium, formatLargeNumber } from "./format";

describe("formatLargeNumber", () => {
  it("uses 亿 and 万 in Chinese", () => {
    expect(formatLargeNumber(123_456_789_012, "zh-CN")).toBe("1,234.57亿");
    expect(formatLargeNumber(250_000_000, "zh-CN")).toBe("2.50亿");
    expect(formatLargeNumber(45_678_900, "zh-CN")).toBe("4,567.89万");
    expect(formatLargeNumber(12_000, "zh-CN")).toBe("1.20万");
    expect(formatLargeNumber(9_876, "zh-CN")).toBe("9,876");
  });

  it("uses B and M in English", () => {
    expect(formatLargeNumber(123_456_789_012, "en")).toBe("123.46B");
    expect(formatLargeNumber(45_678_900, "en")).toBe("45.68M");
    expect(formatLargeNumber(987_654, "en")).toBe("987,654");
  });

  it("moves to the larger unit when rounding reaches it", () => {
    expect(formatLargeNumber(99_999_999, "zh-CN")).toBe("1.00亿");
    expect(formatLargeNumber(999_999_999, "en")).toBe("1.00B");
  });

  it("signs changes and shows a missing value as a dash, never zero", () => {
    expect(formatLargeNumber(-35_000_000, "zh-CN", { signed: true })).toBe("-3,500.00万");
    expect(formatLargeNumber(120_000_000, "zh-CN", { signed: true })).toBe("+1.20亿");
    expect(formatLargeNumber(0, "zh-CN", { signed: true })).toBe("0");
    expect(formatLargeNumber(null, "zh-CN")).toBe("—");
    expect(formatLargeNumber(undefined, "en")).toBe("—");
    expect(formatLargeNumber(Number.NaN, "en")).toBe("—");
  });
});

describe("describePremium", () => {
  it("signs a premium and colours it like a gain", () => {
    expect(describePremium(0.123, "zh-CN")).toEqual({ text: "+0.12%", kind: "premium", toneClass: "text-up" });
  });

  it("keeps the minus of a discount and colours it like a loss", () => {
    expect(describePremium(-1.5, "en")).toEqual({ text: "-1.50%", kind: "discount", toneClass: "text-down" });
  });

  it("reads a premium that rounds to zero as par, uncoloured", () => {
    expect(describePremium(0.004, "zh-CN")).toEqual({ text: "0.00%", kind: "par", toneClass: "text-slate-700" });
    expect(describePremium(-0.004, "zh-CN").kind).toBe("par");
  });

  it("shows a dash without a premium", () => {
    expect(describePremium(null, "zh-CN")).toEqual({ text: "—", kind: null, toneClass: "" });
  });
});
