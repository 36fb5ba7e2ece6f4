// Alert conditions as the form offers and the lists describe them. Price alerts compare the
// quote with a threshold; signal alerts watch the daily history, always re-arm, and the
// crossings among them (ma_cross_*, golden_cross, death_cross) have no threshold.
import type { Alert, AlertCondition, AlertCreate, TriggeredAlert } from "./api-types";
import { formatNumber } from "./format";
import type { MessageKey, Translate } from "./i18n";
import { checkAmount, type FieldProblem } from "./validation";

export const PRICE_CONDITIONS = ["price_above", "price_below", "change_pct_above", "change_pct_below"] as const;
export const SIGNAL_CONDITIONS = [
  "rsi_above",
  "rsi_below",
  "temperature_above",
  "temperature_below",
  "ma_cross_above",
  "ma_cross_below",
  "golden_cross",
  "death_cross",
  "drawdown_beyond",
  "premium_above",
  "premium_below",
] as const;
// Every condition the API knows is offered (and none it does not).
type Assert<T extends true> = T;
type SameSet<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type AllConditionsOffered = Assert<
  SameSet<(typeof PRICE_CONDITIONS)[number] | (typeof SIGNAL_CONDITIONS)[number], AlertCondition>
>;

export const MA_WINDOWS = [20, 60, 250] as const;
export type MaWindow = (typeof MA_WINDOWS)[number];

const SCORES: readonly AlertCondition[] = ["rsi_above", "rsi_below", "temperature_above", "temperature_below"];

export function isSignal(condition: AlertCondition): boolean {
  return (SIGNAL_CONDITIONS as readonly AlertCondition[]).includes(condition);
}

export function needsMaWindow(condition: AlertCondition): boolean {
  return condition === "ma_cross_above" || condition === "ma_cross_below";
}

export function hasThreshold(condition: AlertCondition): boolean {
  return !needsMaWindow(condition) && condition !== "golden_cross" && condition !== "death_cross";
}

/** Prices must be positive; RSI and temperature are 0–100; a drawdown is a positive percentage
 *  up to 100; a change or premium may be negative (e.g. −3 %). */
export function checkThreshold(condition: AlertCondition, value: string): FieldProblem {
  if (!hasThreshold(condition)) return null;
  if (condition.startsWith("price")) return checkAmount(value);
  if (condition === "drawdown_beyond") return checkAmount(value, { max: 100 });
  if (value.trim() === "") return "validation.required";
  const number = Number(value);
  if (!Number.isFinite(number)) return "validation.number";
  if (SCORES.includes(condition) && (number < 0 || number > 100)) return "validation.score";
  return null;
}

/** The API request for the form's fields: a threshold only where the condition has one, a
 *  window only for ma_cross_*, and `rearm` only for price alerts (signal alerts always re-arm). */
export function alertRequest(
  code: string,
  condition: AlertCondition,
  threshold: string,
  maWindow: MaWindow,
  rearm: boolean,
): AlertCreate {
  return {
    code: code.trim(),
    condition,
    ...(hasThreshold(condition) && { threshold: Number(threshold) }),
    ...(needsMaWindow(condition) && { ma_window: maWindow }),
    ...(!isSignal(condition) && { rearm }),
  };
}

const CROSSING_DESCRIPTIONS = {
  ma_cross_above: "alerts.maCrossAbove",
  ma_cross_below: "alerts.maCrossBelow",
} as const satisfies Partial<Record<AlertCondition, MessageKey>>;

const THRESHOLD_DIGITS: Partial<Record<AlertCondition, number>> = {
  price_above: 3,
  price_below: 3,
  rsi_above: 0,
  rsi_below: 0,
  temperature_above: 0,
  temperature_below: 0,
};

/** E.g. "Price above 1.250", "RSI(14) above 70", "Price crosses above MA60", "Golden cross …". */
export function describeCondition(
  alert: Pick<Alert, "condition" | "threshold" | "ma_window">,
  t: Translate,
): string {
  const { condition, threshold, ma_window } = alert;
  if (condition === "ma_cross_above" || condition === "ma_cross_below") {
    return t(CROSSING_DESCRIPTIONS[condition], { window: ma_window ?? "?" });
  }
  const label = t(`alerts.${condition}`);
  if (!hasThreshold(condition)) return label;
  return `${label} ${formatNumber(threshold, THRESHOLD_DIGITS[condition] ?? 2)}`;
}

/** A trigger's signal value, e.g. "RSI 72.41" → "72.41"; a crossed MA to 3 places (3.812); null
 *  for price alerts, which have none. */
export function formatSignalValue(trigger: Pick<TriggeredAlert, "condition" | "value">): string | null {
  if (trigger.value === null) return null;
  return formatNumber(trigger.value, hasThreshold(trigger.condition) ? 2 : 3);
}
