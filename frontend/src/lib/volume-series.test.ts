import { describe, expect, it } from "vitest";
import type { Bar } from "./api-types";
import { hasVolume, volumePoints } from "./volume-series";

const bar = (date: string, open: number | null, close: number, volume: number | null): Bar => ({
  date,
  open,
  high: null,
  low: null,
  close,
  volume,
});

describe("volumePoints", () => {
  it("marks a bar rising when it closes at or above its open", () => {
    const points = volumePoints([bar("2024-06-03", 1, 1.1, 500), bar("2024-06-04", 1.1, 1.1, 600), bar("2024-06-05", 1.1, 1.0, 700)]);
    expect(points).toEqual([
      { time: "2024-06-03", value: 500, rising: true },
      { time: "2024-06-04", value: 600, rising: true },
      { time: "2024-06-05", value: 700, rising: false },
    ]);
  });

  it("compares with the previous close when a bar has no open", () => {
    const points = volumePoints([bar("2024-06-03", null, 2, 10), bar("2024-06-04", null, 1.9, 20), bar("2024-06-05", null, 2.1, 30)]);
    expect(points.map((point) => ("rising" in point ? point.rising : null))).toEqual([true, false, true]);
  });

  it("keeps bars without volume on the time axis without a value", () => {
    expect(volumePoints([bar("2024-06-03", 1, 1, null)])).toEqual([{ time: "2024-06-03" }]);
  });
});

describe("hasVolume", () => {
  it("is false for close-only histories and true when any bar has volume", () => {
    expect(hasVolume([bar("2024-06-03", null, 1, null)])).toBe(false);
    expect(hasVolume([bar("2024-06-03", null, 1, null), bar("2024-06-04", null, 1, 0)])).toBe(true);
    expect(hasVolume([])).toBe(false);
  });
});
