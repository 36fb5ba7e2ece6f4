import type { ChartOptions, DeepPartial } from "lightweight-charts";
import type { Language } from "@/lib/settings";

export function baseChartOptions(language: Language): DeepPartial<ChartOptions> {
  return {
    autoSize: true,
    layout: { background: { color: "#ffffff" }, textColor: "#334155", fontSize: 12 },
    grid: { vertLines: { color: "#f1f5f9" }, horzLines: { color: "#f1f5f9" } },
    rightPriceScale: { borderColor: "#cbd5e1" },
    // Several years of daily bars must fit the width, so bars may get thinner than the default.
    timeScale: { borderColor: "#cbd5e1", minBarSpacing: 0.1 },
    localization: { locale: language },
  };
}
