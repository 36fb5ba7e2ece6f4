import type { ChartOptions, DeepPartial, Time, TickMarkType } from "lightweight-charts";
import { translate } from "@/lib/i18n";
import type { Language } from "@/lib/settings";
import type { ResolvedTheme } from "@/lib/theme";

/** Canvas colours per theme (the canvas cannot read CSS); they match the page's slate surfaces. */
const CHART_THEMES = {
  light: { background: "#ffffff", text: "#334155", grid: "#f1f5f9", border: "#cbd5e1" },
  dark: { background: "#0f172b", text: "#cbd5e1", grid: "#1e293b", border: "#475569" },
} as const;

/** The main price line: blue-700 on white, blue-400 on the dark background. */
export const PRICE_LINE_COLORS: Record<ResolvedTheme, string> = { light: "#1d4ed8", dark: "#60a5fa" };

// TickMarkType's values; the enum itself lives in the library, which loads only with a chart.
const YEAR: TickMarkType = 0;
const MONTH: TickMarkType = 1;
const DAY_OF_MONTH: TickMarkType = 2;
const TIME: TickMarkType = 3;

const twoDigits = (value: number) => String(value).padStart(2, "0");

/**
 * The time axis' labels, as the library's default writes them ("2024年", "3月", "5日", "09:30")
 * but without Intl: the default asks Intl for every label, tens of milliseconds of a phone's
 * first chart paint. Times are business days ("2024-03-05") or the intraday chart's wall
 * clock written as UTC seconds.
 */
export function axisLabel(language: Language): (time: Time, type: TickMarkType) => string {
  const months = translate(language, "chart.axisMonths").split(" ");
  return (time, type) => {
    const date =
      typeof time === "number"
        ? new Date(time * 1000)
        : typeof time === "string"
          ? new Date(`${time}T00:00:00Z`)
          : new Date(Date.UTC(time.year, time.month - 1, time.day));
    if (type === YEAR) return translate(language, "chart.axisYear", { year: date.getUTCFullYear() });
    if (type === MONTH) return months[date.getUTCMonth()];
    if (type === DAY_OF_MONTH) return translate(language, "chart.axisDay", { day: date.getUTCDate() });
    const clock = `${twoDigits(date.getUTCHours())}:${twoDigits(date.getUTCMinutes())}`;
    return type === TIME ? clock : `${clock}:${twoDigits(date.getUTCSeconds())}`;
  };
}

export function baseChartOptions(language: Language, theme: ResolvedTheme): DeepPartial<ChartOptions> {
  const colors = CHART_THEMES[theme];
  return {
    autoSize: true,
    layout: { background: { color: colors.background }, textColor: colors.text, fontSize: 12 },
    grid: { vertLines: { color: colors.grid }, horzLines: { color: colors.grid } },
    rightPriceScale: { borderColor: colors.border },
    // Several years of daily bars must fit the width, so bars may get thinner than the default.
    timeScale: { borderColor: colors.border, minBarSpacing: 0.1, tickMarkFormatter: axisLabel(language) },
    localization: { locale: language },
  };
}
