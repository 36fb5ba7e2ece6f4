// Field checks shared by the forms; each returns the message key of the problem, or null.
import { isValidCode } from "./codes";
import type { MessageKey } from "./i18n";

export type FieldProblem = MessageKey | null;

export function checkCode(value: string): FieldProblem {
  const code = value.trim();
  if (!code) return "validation.required";
  return isValidCode(code) ? null : "validation.code";
}

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  // Rejects dates such as 2023-02-30, which Date silently rolls over.
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** A YYYY-MM-DD date no later than `today`. */
export function checkPastDate(value: string, today: string): FieldProblem {
  if (!value) return "validation.required";
  if (!isIsoDate(value)) return "validation.date";
  return value > today ? "validation.future" : null;
}

/** A number typed into a field: required, finite, within (min, max]; `allowZero` makes min inclusive. */
export function checkAmount(value: string, { max = Infinity, allowZero = false } = {}): FieldProblem {
  if (value.trim() === "") return "validation.required";
  const amount = Number(value);
  if (!Number.isFinite(amount) || amount < 0 || (!allowZero && amount === 0)) return "validation.positive";
  return amount > max ? "validation.tooLarge" : null;
}

/** Keeps only the fields that have a problem. */
export function collectProblems<K extends string>(problems: Record<K, FieldProblem>): Partial<Record<K, MessageKey>> {
  return Object.fromEntries(Object.entries(problems).filter(([, problem]) => problem !== null)) as Partial<
    Record<K, MessageKey>
  >;
}
