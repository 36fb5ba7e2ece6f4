import type { Distribution, IsoDate, Transaction, TransactionSide } from "./api-types";

/** A dividend per unit as funds announce it: up to four decimals, no padding ("0.069"). */
export function formatCash(value: number): string {
  return String(Number(value.toFixed(4)));
}

/** Events drawn at one bar: a bar of a weekly or monthly chart can hold several. */
export interface MarkerGroup {
  time: IsoDate;
  events: Distribution[];
}

/**
 * Puts each event on the first bar dated on or after its ex-date: that day's bar on a daily chart
 * (the next trading day's when the ex-date has none), the bar of its week or month otherwise,
 * as those bars carry their last trading day's date. Events outside the bars are left out.
 */
export function markerGroups(events: readonly Distribution[], barDates: readonly IsoDate[]): MarkerGroup[] {
  const groups = new Map<IsoDate, Distribution[]>();
  if (barDates.length === 0) return [];
  const first = barDates[0];
  for (const event of events) {
    if (event.ex_date < first) continue;
    const time = barDates.find((date) => date >= event.ex_date);
    if (time === undefined) continue;
    groups.set(time, [...(groups.get(time) ?? []), event]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([time, grouped]) => ({ time, events: grouped }));
}

/**
 * Units of `code` held at the end of `day`: buys minus sells dated on or before it, each scaled by
 * the splits between its date and `day`. Null when no buy or sell of the code is recorded that early.
 */
export function unitsHeldOn(
  transactions: readonly Pick<Transaction, "code" | "side" | "date" | "quantity">[],
  splits: readonly Distribution[],
  code: string,
  day: IsoDate,
): number | null {
  let units = 0;
  let known = false;
  for (const transaction of transactions) {
    if (transaction.code !== code || transaction.date > day || transaction.side === "dividend") continue;
    known = true;
    const ratio = splits
      .filter((split) => split.kind === "split" && split.split_ratio && split.ex_date > transaction.date && split.ex_date <= day)
      .reduce((product, split) => product * (split.split_ratio ?? 1), 1);
    units += (transaction.side === "buy" ? 1 : -1) * transaction.quantity * ratio;
  }
  return known ? Math.max(0, Math.round(units * 1e6) / 1e6) : null;
}

/** The day holders are counted: the record date, else the day before the ex-date. */
export function entitlementDate(event: Distribution): IsoDate {
  if (event.record_date) return event.record_date;
  const day = new Date(`${event.ex_date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/** What the holdings form is filled in with; every field optional. */
export interface TransactionPrefill {
  code?: string;
  side?: TransactionSide;
  date?: IsoDate;
  quantity?: string;
  price?: string;
}

/** A dividend can be recorded once it has gone ex; the transaction is dated on its payment when that has come. */
export function dividendPrefill(
  code: string,
  event: Distribution,
  unitsHeld: number | null,
  today: IsoDate,
): TransactionPrefill | null {
  if (event.kind !== "dividend" || event.cash_per_share === null || event.ex_date > today) return null;
  const date = event.pay_date && event.pay_date <= today ? event.pay_date : event.ex_date;
  return {
    code,
    side: "dividend",
    date,
    price: String(event.cash_per_share),
    ...(unitsHeld !== null && unitsHeld > 0 ? { quantity: String(unitsHeld) } : {}),
  };
}

const PREFILL_FIELDS = ["code", "side", "date", "quantity", "price"] as const;
const SIDES: readonly TransactionSide[] = ["buy", "sell", "dividend"];

/** The holdings page link that opens the transaction form filled in. */
export function prefillHref(prefill: TransactionPrefill): string {
  const query = new URLSearchParams();
  for (const field of PREFILL_FIELDS) {
    const value = prefill[field];
    if (value !== undefined) query.set(field, value);
  }
  return `/holdings/?${query.toString()}`;
}

/** The form values a holdings URL asks for; malformed values are left out. Null when it asks for none. */
export function parsePrefill(params: Pick<URLSearchParams, "get">): TransactionPrefill | null {
  const prefill: TransactionPrefill = {};
  const code = params.get("code")?.trim();
  if (code && /^[A-Za-z0-9.^-]{1,20}$/.test(code)) prefill.code = code;
  const side = params.get("side");
  if (SIDES.includes(side as TransactionSide)) prefill.side = side as TransactionSide;
  const date = params.get("date");
  if (date && /^\d{4}-\d{2}-\d{2}$/.test(date)) prefill.date = date;
  for (const field of ["quantity", "price"] as const) {
    const value = params.get(field);
    if (value !== null && Number.isFinite(Number(value)) && Number(value) > 0) prefill[field] = value;
  }
  return Object.keys(prefill).length > 0 ? prefill : null;
}
