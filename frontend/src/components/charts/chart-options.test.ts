import { describe, expect, it } from "vitest";
import type { Time, TickMarkType } from "lightweight-charts";
import { LANGUAGES } from "@/lib/settings";
import { axisLabel } from "./chart-options";

// What lightweight-charts' default writes for each kind of mark (its defaultTickMarkFormatter).
const INTL_OPTIONS: Record<number, Intl.DateTimeFormatOptions> = {
  0: { year: "numeric" },
  1: { month: "short" },
  2: { day: "numeric" },
  3: { hour12: false, hour: "2-digit", minute: "2-digit" },
  4: { hour12: false, hour: "2-digit", minute: "2-digit", second: "2-digit" },
};

function intlLabel(utc: Date, type: number, language: string): string {
  const local = new Date(utc.getUTCFullYear(), utc.getUTCMonth(), utc.getUTCDate(), utc.getUTCHours(), utc.getUTCMinutes(), utc.getUTCSeconds());
  return local.toLocaleString(language, INTL_OPTIONS[type]);
}

describe("axisLabel", () => {
  it.each(LANGUAGES)("writes %s business days as the library's Intl default does", (language) => {
    const label = axisLabel(language);
    for (let day = 0; day < 400; day += 7) {
      const date = new Date(Date.UTC(2023, 11, 1 + day));
      const time = date.toISOString().slice(0, 10) as Time;
      for (const type of [0, 1, 2] as TickMarkType[]) expect(label(time, type)).toBe(intlLabel(date, type, language));
    }
  });

  it.each(LANGUAGES)("writes %s intraday wall-clock times as the library's Intl default does", (language) => {
    const label = axisLabel(language);
    for (let minute = 0; minute < 24 * 60; minute += 37) {
      const date = new Date(Date.UTC(2024, 2, 5, 0, minute, minute % 60));
      const time = (date.getTime() / 1000) as Time;
      for (const type of [0, 1, 2, 3, 4] as TickMarkType[]) {
        // Except that midnight is 00:00, where Intl's English with hour12 off writes 24:00.
        expect(label(time, type)).toBe(intlLabel(date, type, language).replace(/^24:/, "00:"));
      }
    }
  });
});
