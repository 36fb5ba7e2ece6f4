import { describe, expect, it } from "vitest";
import { describePremium, formatDateTime, formatLargeNumber, formatNumber } from "./format";
import type { Language } from "./settings";

describe("formatNumber", () => {
  // Written by hand for speed; Intl.NumberFormat is the reference it must agree with.
  const languages: Language[] = ["zh-CN", "en"];
  const edges = [0, -0, 0.5, 1.005, 2.675, -0.001, -0.004, 0.125, 999.995, 1234.5, -1234567.891, 1e15, 123456789012.345];
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const randoms = Array.from({ length: 2000 }, () => (random() - 0.4) * 10 ** Math.floor(random() * 13 - 3));

  it.each(languages)("writes every figure as Intl.NumberFormat does in %s", (language) => {
    for (const digits of [0, 1, 2, 3, 4]) {
      const reference = new Intl.NumberFormat(language, { minimumFractionDigits: digits, maximumFractionDigits: digits });
      for (const value of [...edges, ...randoms]) {
        expect(formatNumber(value, digits), `${value} with ${digits} digits`).toBe(reference.format(value));
      }
    }
  });

  it("stays exact beyond toFixed's range and dashes what is not a number", () => {
    expect(formatNumber(1.5e21, 0)).toBe("1,500,000,000,000,000,000,000");
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe("—");
    expect(formatNumber(null)).toBe("—");
  });
});

describe("formatDateTime", () => {
  it("writes a timestamp as local YYYY-MM-DD HH:mm and passes plain dates through", () => {
    const local = new Date(2024, 0, 5, 7, 3, 59);
    expect(formatDateTime(local.toISOString())).toBe("2024-01-05 07:03");
    expect(formatDateTime("2024-01-05")).toBe("2024-01-05");
    expect(formatDateTime("not a time")).toBe("not a time");
    expect(formatDateTime(null)).toBe("—");
  });
});

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
    expect(describePremium(0.123)).toEqual({ text: "+0.12%", kind: "premium", toneClass: "text-up" });
  });

  it("keeps the minus of a discount and colours it like a loss", () => {
    expect(describePremium(-1.5)).toEqual({ text: "-1.50%", kind: "discount", toneClass: "text-down" });
  });

  it("reads a premium that rounds to zero as par, uncoloured", () => {
    expect(describePremium(0.004)).toEqual({ text: "0.00%", kind: "par", toneClass: "text-slate-700" });
    expect(describePremium(-0.004).kind).toBe("par");
  });

  it("shows a dash without a premium", () => {
    expect(describePremium(null)).toEqual({ text: "—", kind: null, toneClass: "" });
  });
});
