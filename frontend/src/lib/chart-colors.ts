import type { UpColor } from "./settings";
import type { ResolvedTheme } from "./theme";

/** Canvas charts cannot read Tailwind classes; these match the CSS variables in globals.css. */
export function gainLossColors(convention: UpColor, theme: ResolvedTheme): { up: string; down: string } {
  const [red, green] = theme === "dark" ? ["#f87171", "#34d399"] : ["#b91c1c", "#047857"];
  return convention === "red-up" ? { up: red, down: green } : { up: green, down: red };
}

/**
 * Distinct, colour-blind friendly line colours (Okabe–Ito) for several series on one chart;
 * slate-500 stands in for its black, which would vanish on the dark background.
 */
export const SERIES_PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#64748b"];

/** A "#rrggbb" colour as rgba with the given opacity, e.g. for volume bars under their candles. */
export function withAlpha(hex: string, alpha: number): string {
  const channel = (offset: number) => parseInt(hex.slice(offset, offset + 2), 16);
  return `rgba(${channel(1)}, ${channel(3)}, ${channel(5)}, ${alpha})`;
}
