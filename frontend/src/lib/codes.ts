/** ETF codes: A-share digits (510300), tickers (MTUM) or suffixed forms (510300.SH). */
export const CODE_PATTERN = /^[A-Za-z0-9.]{1,12}$/;

/** How many funds one comparison takes. */
export const MAX_COMPARE_CODES = 6;

export function isValidCode(code: string): boolean {
  return CODE_PATTERN.test(code);
}

/** Codes from a comma-separated query value, trimmed, without blanks or repeats. */
export function parseCodeList(value: string | null): string[] {
  const codes = (value ?? "").split(",").map((code) => code.trim()).filter(Boolean);
  return [...new Set(codes)];
}
