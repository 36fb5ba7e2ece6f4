import { describe, expect, it } from "vitest";
import { intradaySeries, liveRefreshSeconds, wallClockSeconds } from "./intraday";

describe("wallClockSeconds", () => {
  it("keeps the exchange's clock time whatever the offset", () => {
    expect(wallClockSeconds("2024-06-28T09:31:00+08:00")).toBe(Date.UTC(2024, 5, 28, 9, 31) / 1000);
    expect(wallClockSeconds("2024-06-28T13:05+08:00")).toBe(Date.UTC(2024, 5, 28, 13, 5) / 1000);
    expect(wallClockSeconds("2024-06-28 15:00:00")).toBe(Date.UTC(2024, 5, 28, 15, 0) / 1000);
    expect(wallClockSeconds("2024-06-28")).toBeNull();
  });
});

describe("intradaySeries", () => {
  const at = (hhmm: string) => `2024-06-28T${hhmm}:00+08:00`;
  const seconds = (hhmm: string) => wallClockSeconds(at(hhmm))!;

  it("builds price, average and volume, colouring volume by the move from the minute before", () => {
    const series = intradaySeries(
      [
        { time: at("09:31"), price: 3.9, avg_price: 3.9, volume: 1000 },
        { time: at("09:32"), price: 3.88, avg_price: 3.89, volume: 500 },
        { time: at("09:33"), price: null, avg_price: null, volume: null },
        { time: at("09:34"), price: 3.91, avg_price: 3.895, volume: 700 },
      ],
      3.85,
    );
    expect(series.price).toEqual([
      { time: seconds("09:31"), value: 3.9 },
      { time: seconds("09:32"), value: 3.88 },
      { time: seconds("09:33") },
      { time: seconds("09:34"), value: 3.91 },
    ]);
    expect(series.average[1]).toEqual({ time: seconds("09:32"), value: 3.89 });
    expect(series.volume).toEqual([
      { time: seconds("09:31"), value: 1000, rising: true },
      { time: seconds("09:32"), value: 500, rising: false },
      { time: seconds("09:33") },
      { time: seconds("09:34"), value: 700, rising: true },
    ]);
  });

  it("drops unreadable and repeated times, which the chart would reject", () => {
    const series = intradaySeries([
      { time: at("10:00"), price: 1, avg_price: 1, volume: 1 },
      { time: at("10:00"), price: 2, avg_price: 2, volume: 2 },
      { time: "bad", price: 3, avg_price: 3, volume: 3 },
    ]);
    expect(series.price).toEqual([{ time: seconds("10:00"), value: 1 }]);
  });
});

describe("liveRefreshSeconds", () => {
  it("refreshes every 30 s while prices move, and not otherwise", () => {
    expect(liveRefreshSeconds("open")).toBe(30);
    expect(liveRefreshSeconds("call_auction")).toBe(30);
    expect(liveRefreshSeconds("closed")).toBe(0);
    expect(liveRefreshSeconds("lunch_break")).toBe(0);
    expect(liveRefreshSeconds(undefined)).toBe(0);
  });

  it("looks again every minute when trading is about to start, if asked to wait for it", () => {
    expect(liveRefreshSeconds("lunch_break", { waiting: true })).toBe(60);
    expect(liveRefreshSeconds("pre_open", { waiting: true })).toBe(60);
    expect(liveRefreshSeconds("closed", { waiting: true })).toBe(0);
    expect(liveRefreshSeconds("unknown", { waiting: true })).toBe(0);
  });
});
