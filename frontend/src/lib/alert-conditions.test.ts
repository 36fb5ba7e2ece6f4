import { describe, expect, it } from "vitest";
import { alertRequest, checkThreshold, describeCondition, formatSignalValue } from "./alert-conditions";
import { translate } from "./i18n";

const en = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate("en", key, vars);
const zh = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate("zh-CN", key, vars);

describe("alertRequest", () => {
  it("sends a threshold and rearm for price alerts", () => {
    expect(alertRequest(" 510300 ", "price_above", "3.5", 60, true)).toEqual({
      code: "510300",
      condition: "price_above",
      threshold: 3.5,
      rearm: true,
    });
  });

  it("sends the window, and neither threshold nor rearm, for a price crossing its MA", () => {
    expect(alertRequest("510300", "ma_cross_below", "", 250, false)).toEqual({
      code: "510300",
      condition: "ma_cross_below",
      ma_window: 250,
    });
  });

  it("sends only the condition for golden and death crosses, and the threshold for level signals", () => {
    expect(alertRequest("510300", "golden_cross", "12", 20, true)).toEqual({ code: "510300", condition: "golden_cross" });
    expect(alertRequest("510300", "rsi_above", "70", 20, false)).toEqual({ code: "510300", condition: "rsi_above", threshold: 70 });
  });
});

describe("checkThreshold", () => {
  it.each([
    ["price_above", "0", "validation.positive"],
    ["change_pct_below", "-3", null],
    ["premium_below", "-0.5", null],
    ["premium_above", "abc", "validation.number"],
    ["rsi_above", "70", null],
    ["rsi_below", "101", "validation.score"],
    ["temperature_above", "-1", "validation.score"],
    ["temperature_below", "", "validation.required"],
    ["drawdown_beyond", "10", null],
    ["drawdown_beyond", "0", "validation.positive"],
    ["drawdown_beyond", "120", "validation.tooLarge"],
    ["ma_cross_above", "", null],
    ["death_cross", "", null],
  ] as const)("%s %j → %s", (condition, value, problem) => {
    expect(checkThreshold(condition, value)).toBe(problem);
  });
});

describe("describeCondition", () => {
  it("names the window of a price crossing its MA", () => {
    expect(describeCondition({ condition: "ma_cross_above", threshold: 0, ma_window: 60 }, en)).toBe("Price crosses above MA60");
    expect(describeCondition({ condition: "ma_cross_below", threshold: 0, ma_window: 20 }, zh)).toBe("价格下穿 MA20");
  });

  it("leaves out the unused threshold of golden and death crosses", () => {
    expect(describeCondition({ condition: "golden_cross", threshold: 0, ma_window: null }, en)).toBe(
      "Golden cross (MA20 crosses above MA60)",
    );
    expect(describeCondition({ condition: "death_cross", threshold: 0, ma_window: null }, zh)).toBe("死叉（MA20 下穿 MA60）");
  });

  it("gives thresholds with the digits of their kind", () => {
    expect(describeCondition({ condition: "rsi_above", threshold: 70, ma_window: null }, en)).toBe("RSI(14) above 70");
    expect(describeCondition({ condition: "price_below", threshold: 3.8, ma_window: null }, en)).toBe("Price below 3.800");
    expect(describeCondition({ condition: "drawdown_beyond", threshold: 10, ma_window: null }, zh)).toBe(
      "较一年内高点回撤至少（%） 10.00",
    );
  });
});

describe("formatSignalValue", () => {
  it("shows a crossed MA to 3 places, other signals to 2, and nothing for price alerts", () => {
    expect(formatSignalValue({ condition: "ma_cross_above", value: 3.81234 })).toBe("3.812");
    expect(formatSignalValue({ condition: "rsi_above", value: 72.4123 })).toBe("72.41");
    expect(formatSignalValue({ condition: "price_above", value: null })).toBeNull();
  });
});
