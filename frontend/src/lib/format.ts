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
  return numberFormat(language, digits).format(value);
}

// Building an Intl formatter costs far more than using one (toLocaleString with options builds
// one per call), and pages format hundreds of figures: one formatter per language and digits.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateTimeFormats = new Map<Language, Intl.DateTimeFormat>();

function numberFormat(language: Language, digits: number): Intl.NumberFormat {
  const key = `${language}:${digits}`;
  let format = numberFormats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(language, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    numberFormats.set(key, format);
  }
  return format;
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
  let format = dateTimeFormats.get(language);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(language, {
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hour12: false,
    });
    dateTimeFormats.set(language, format);
  }
  return format.format(date);
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
      text = formatNumber(magnitude / size, language, digits) + suffix;
      break;
    }
  }
  text ??= formatNumber(magnitude, language, 0);
  if (value < 0 && text !== formatNumber(0, language, 0)) return `-${text}`;
  return signed && value > 0 ? `+${text}` : text;
}

export type PremiumKind = "premium" | "discount" | "par";

/**
 * A price's premium (+) or discount (−) to its IOPV, given in percent. Below half of the last shown
 * digit it reads as par, uncoloured; otherwise it is coloured like a gain or a loss.
 */
export function describePremium(
  pct: number | null | undefined,
  language: Language,
): { text: string; kind: PremiumKind | null; toneClass: string } {
  if (!isNumber(pct)) return { text: MISSING, kind: null, toneClass: "" };
  const rounded = Math.round(pct * 100) / 100;
  if (rounded === 0) return { text: formatPercentPoints(0, language), kind: "par", toneClass: directionClass(0) };
  return {
    text: formatPercentPoints(rounded, language, { signed: true }),
    kind: rounded > 0 ? "premium" : "discount",
    toneClass: directionClass(rounded),
  };
}
