import { describe, expect, it } from "vitest";
import { describeMarketStatus } from "./market-status";

describe("describeMarketStatus", () => {
  it("translates the state and a known reason into Chinese", () => {
    expect(describeMarketStatus({ state: "closed", label: "outside regular hours" }, "zh-CN")).toEqual({
      state: "已收盘",
      reason: "非常规交易时段",
      translated: true,
    });
    expect(describeMarketStatus({ state: "call_auction", label: "trading day" }, "zh-CN").state).toBe("集合竞价");
    expect(describeMarketStatus({ state: "lunch_break", label: "trading day" }, "en").state).toBe("Lunch break");
  });

  it("translates holiday names inside reasons", () => {
    expect(describeMarketStatus({ state: "closed", label: "holiday: National Day" }, "zh-CN").reason).toBe("节假日：国庆节");
    expect(describeMarketStatus({ state: "closed", label: "weekend (Spring Festival)" }, "zh-CN").reason).toBe("周末（春节）");
    expect(describeMarketStatus({ state: "closed", label: "holiday: National Day" }, "en").reason).toBe("holiday: National Day");
    expect(describeMarketStatus({ state: "unknown", label: "weekday; no holiday calendar for 2031" }, "zh-CN").reason).toBe(
      "工作日；没有 2031 年的节假日日历",
    );
  });

  it("keeps a reason it does not know as the server wrote it, and says so", () => {
    expect(describeMarketStatus({ state: "unknown", label: "no trading hours known for this market" }, "zh-CN")).toEqual({
      state: "状态未知",
      reason: "no trading hours known for this market",
      translated: false,
    });
  });
});
