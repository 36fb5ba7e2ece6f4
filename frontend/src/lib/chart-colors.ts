import type { UpColor } from "./settings";

/** Canvas charts cannot read Tailwind classes; these match the CSS variables in globals.css. */
export function gainLossColors(convention: UpColor): { up: string; down: string } {
  const red = "#b91c1c";
  const green = "#047857";
  return convention === "red-up" ? { up: red, down: green } : { up: green, down: red };
}

/** Distinct, colour-blind friendly line colours (Okabe–Ito) for several series on one chart. */
export const SERIES_PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];
