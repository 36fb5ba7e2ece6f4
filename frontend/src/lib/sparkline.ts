/**
 * SVG polyline points for a sparkline: `values` spread evenly across `width`, the lowest at
 * the bottom and the highest at the top of `height`, inset by `pad` so the stroke is not cut.
 * A flat series is drawn through the middle; fewer than two values draw nothing.
 */
export function sparklinePoints(values: readonly number[], width: number, height: number, pad = 1): string {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length < 2) return "";
  const low = Math.min(...finite);
  const high = Math.max(...finite);
  const step = (width - 2 * pad) / (finite.length - 1);
  const y = (value: number) =>
    high === low ? height / 2 : pad + ((high - value) / (high - low)) * (height - 2 * pad);
  return finite.map((value, index) => `${round(pad + index * step)},${round(y(value))}`).join(" ");
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
