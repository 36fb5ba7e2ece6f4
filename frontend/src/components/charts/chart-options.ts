import type { ChartOptions, DeepPartial } from "lightweight-charts";
import type { Language } from "@/lib/settings";
import type { ResolvedTheme } from "@/lib/theme";

/** Canvas colours per theme (the canvas cannot read CSS); they match the page's slate surfaces. */
const CHART_THEMES = {
  light: { background: "#ffffff", text: "#334155", grid: "#f1f5f9", border: "#cbd5e1" },
  dark: { background: "#0f172b", text: "#cbd5e1", grid: "#1e293b", border: "#475569" },
} as const;

/** The main price line: blue-700 on white, blue-400 on the dark background. */
export const PRICE_LINE_COLORS: Record<ResolvedTheme, string> = { light: "#1d4ed8", dark: "#60a5fa" };

export function baseChartOptions(language: Language, theme: ResolvedTheme): DeepPartial<ChartOptions> {
  const colors = CHART_THEMES[theme];
  return {
    autoSize: true,
    layout: { background: { color: colors.background }, textColor: colors.text, fontSize: 12 },
    grid: { vertLines: { color: colors.grid }, horzLines: { color: colors.grid } },
    rightPriceScale: { borderColor: colors.border },
    // Several years of daily bars must fit the width, so bars may get thinner than the default.
    timeScale: { borderColor: colors.border, minBarSpacing: 0.1 },
    localization: { locale: language },
  };
}
