import { directionClass } from "@/lib/format";
import { sparklinePoints } from "@/lib/sparkline";

const WIDTH = 96;
const HEIGHT = 24;

interface SparklineProps {
  closes: readonly number[];
  /** Says what the line shows, for screen readers. */
  label: string;
}

/** A row's price line, coloured like a gain or a loss over its span (red-up/green-up setting). */
export function Sparkline({ closes, label }: SparklineProps) {
  const points = sparklinePoints(closes, WIDTH, HEIGHT, 1.5);
  if (!points) return null;
  const change = closes[closes.length - 1] - closes[0];
  return (
    <svg
      role="img"
      aria-label={label}
      data-testid="sparkline"
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      className={`inline-block ${directionClass(change)}`}
    >
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinejoin="round" />
    </svg>
  );
}
