import type { Language } from "./settings";

/** Shown wherever a value is missing, so an absent number never reads as zero. */
export const MISSING = "—";

function isNumber(value: number | null | undefined): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** Both languages write figures alike ("-1,234.56"), so only amounts (formatLargeNumber) take one. */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (!isNumber(value)) return MISSING;
  return groupedFixed(value, digits);
}

/**
 * `value` rounded to `digits` decimals with thousands grouped, "-1,234.56", exactly as
 * Intl.NumberFormat writes it in both languages: half away from zero on the shortest decimal that
 * reads back as the number (1.005 → "1.01", where toFixed gives "1.00"), and a negative value that
 * rounds to zero keeps its minus. Built by hand because a page's first Intl formatter loads the
 * locale data, 10–30 ms on a desktop and several times that on a phone, in the task that renders
 * the page's first figures.
 */
function groupedFixed(value: number, digits: number): string {
  const [mantissa, exponent = "0"] = String(Math.abs(value)).split("e");
  const [integer, decimals = ""] = mantissa.split(".");
  // The number is 0.<digitString> × 10^point.
  let digitString = integer + decimals;
  let point = integer.length + Number(exponent);
  if (point < 0) {
    digitString = "0".repeat(-point) + digitString;
    point = 0;
  }
  const kept = digitString.slice(0, point + digits).padEnd(point + digits, "0");
  const roundsUp = (digitString[point + digits] ?? "0") >= "5";
  const scaled = (BigInt(kept || "0") + BigInt(roundsUp ? 1 : 0)).toString().padStart(digits + 1, "0");
  const whole = scaled.slice(0, scaled.length - digits).replace(/\B(?=(\d{3})+$)/g, ",");
  const sign = value < 0 || Object.is(value, -0) ? "-" : "";
  return digits > 0 ? `${sign}${whole}.${scaled.slice(-digits)}` : sign + whole;
}

/** `value` is a ratio (0.123 → "12.30%"). `signed` adds "+" to gains. */
export function formatPercent(
  value: number | null | undefined,
  { digits = 2, signed = false }: { digits?: number; signed?: boolean } = {},
): string {
  if (!isNumber(value)) return MISSING;
  const text = formatNumber(value * 100, digits) + "%";
  return signed && value > 0 ? `+${text}` : text;
}

export function formatSignedNumber(value: number | null | undefined, digits = 2): string {
  if (!isNumber(value)) return MISSING;
  const text = formatNumber(value, digits);
  return value > 0 ? `+${text}` : text;
}

/** ISO timestamps become local "YYYY-MM-DD HH:mm" (in both languages, like the plain dates,
 * which pass through); built by hand for the reason given at groupedFixed. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return MISSING;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const two = (part: number) => String(part).padStart(2, "0");
  const day = `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
  return `${day} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

type Direction = "up" | "down" | "flat";

function direction(value: number | null | undefined): Direction {
  if (!isNumber(value) || value === 0) return "flat";
  return value > 0 ? "up" : "down";
}

/** Tailwind classes for a gain or loss; the colours themselves follow the red-up/green-up setting. */
export function directionClass(value: number | null | undefined): string {
  return { up: "text-up", down: "text-down", flat: "text-slate-700" }[direction(value)];
}

/** For `*_pct` fields, which the API gives in percent units (1.5 → "1.50%"). */
export function formatPercentPoints(
  value: number | null | undefined,
  { digits = 2, signed = false }: { digits?: number; signed?: boolean } = {},
): string {
  return formatPercent(isNumber(value) ? value / 100 : null, { digits, signed });
}

/** Units that shorten large amounts: 万 and 亿 in Chinese, thousand-based M and B in English. */
const MAGNITUDES: Record<Language, readonly { size: number; suffix: string }[]> = {
  "zh-CN": [
    { size: 1e8, suffix: "亿" },
    { size: 1e4, suffix: "万" },
  ],
  en: [
    { size: 1e9, suffix: "B" },
    { size: 1e6, suffix: "M" },
  ],
};

/**
 * A large amount (fund size, turnover, units) in the reader's units: 1.23亿 / 4,567.89万 in Chinese,
 * 123.46M / 1.23B in English; below the smallest unit, a whole number with grouping.
 * `signed` adds "+" to increases (share changes).
 */
export function formatLargeNumber(
  value: number | null | undefined,
  language: Language,
  { digits = 2, signed = false }: { digits?: number; signed?: boolean } = {},
): string {
  if (!isNumber(value)) return MISSING;
  const magnitude = Math.abs(value);
  const factor = 10 ** digits;
  let text: string | null = null;
  for (const { size, suffix } of MAGNITUDES[language]) {
    // Rounding may reach the next unit up (9,999.996万 → 1.00亿), which the larger unit handled already.
    if (Math.round((magnitude / size) * factor) / factor >= 1) {
      text = formatNumber(magnitude / size, digits) + suffix;
      break;
    }
  }
  text ??= formatNumber(magnitude, 0);
  if (value < 0 && text !== formatNumber(0, 0)) return `-${text}`;
  return signed && value > 0 ? `+${text}` : text;
}

export type PremiumKind = "premium" | "discount" | "par";

/**
 * A price's premium (+) or discount (−) to its IOPV, given in percent. Below half of the last shown
 * digit it reads as par, uncoloured; otherwise it is coloured like a gain or a loss.
 */
export function describePremium(pct: number | null | undefined): { text: string; kind: PremiumKind | null; toneClass: string } {
  if (!isNumber(pct)) return { text: MISSING, kind: null, toneClass: "" };
  const rounded = Math.round(pct * 100) / 100;
  if (rounded === 0) return { text: formatPercentPoints(0), kind: "par", toneClass: directionClass(0) };
  return {
    text: formatPercentPoints(rounded, { signed: true }),
    kind: rounded > 0 ? "premium" : "discount",
    toneClass: directionClass(rounded),
  };
}
