import type { Language } from "./settings";

/** Shown wherever a value is missing, so an absent number never reads as zero. */
export const MISSING = "—";

function isNumber(value: number | null | undefined): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

export function formatNumber(
  value: number | null | undefined,
  language: Language,
  digits = 2,
): string {
  if (!isNumber(value)) return MISSING;
  return value.toLocaleString(language, { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** `value` is a ratio (0.123 → "12.30%"). `signed` adds "+" to gains. */
export function formatPercent(
  value: number | null | undefined,
  language: Language,
  { digits = 2, signed = false }: { digits?: number; signed?: boolean } = {},
): string {
  if (!isNumber(value)) return MISSING;
  const text = formatNumber(value * 100, language, digits) + "%";
  return signed && value > 0 ? `+${text}` : text;
}

export function formatSignedNumber(value: number | null | undefined, language: Language, digits = 2): string {
  if (!isNumber(value)) return MISSING;
  const text = formatNumber(value, language, digits);
  return value > 0 ? `+${text}` : text;
}

/** ISO timestamps become local "YYYY-MM-DD HH:mm"; plain dates pass through. */
export function formatDateTime(value: string | null | undefined, language: Language): string {
  if (!value) return MISSING;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleString(language, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  });
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
  language: Language,
  { digits = 2, signed = false }: { digits?: number; signed?: boolean } = {},
): string {
  return formatPercent(isNumber(value) ? value / 100 : null, language, { digits, signed });
}
