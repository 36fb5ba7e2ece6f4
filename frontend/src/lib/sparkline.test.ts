import { describe, expect, it } from "vitest";
import { sparklinePoints } from "./sparkline";

describe("sparklinePoints", () => {
  it("spreads values across the width, highest at the top", () => {
    // width 100, height 20, pad 0: x = 0, 50, 100; 10 → bottom (20), 30 → top (0), 20 → middle.
    expect(sparklinePoints([10, 30, 20], 100, 20, 0)).toBe("0,20 50,0 100,10");
  });

  it("keeps the stroke inside the padding", () => {
    expect(sparklinePoints([1, 2], 10, 10, 2)).toBe("2,8 8,2");
  });

  it("draws a flat series through the middle and nothing for fewer than two values", () => {
    expect(sparklinePoints([5, 5, 5], 40, 10, 0)).toBe("0,5 20,5 40,5");
    expect(sparklinePoints([5], 40, 10)).toBe("");
    expect(sparklinePoints([], 40, 10)).toBe("");
  });

  it("skips values that are not numbers", () => {
    expect(sparklinePoints([1, Number.NaN, 3], 10, 10, 0)).toBe("0,10 10,0");
  });
});
