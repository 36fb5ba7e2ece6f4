import type { DcaInterval, DcaRequest } from "./api-types";
import type { MessageKey } from "./i18n";
import { checkAmount, checkCode, checkPastDate, collectProblems, type FieldProblem } from "./validation";

export interface DcaFormValues {
  code: string;
  start: string;
  end: string;
  /** As typed, so a half-typed number can be shown and judged. */
  amount: string;
  /** The fee as a percentage of each buy, as typed; the API takes a fraction. */
  feePercent: string;
  interval: DcaInterval;
}

export type DcaFormErrors = Partial<Record<keyof DcaFormValues, MessageKey>>;

const MAX_DCA_AMOUNT = 1_000_000_000;
/** The API refuses fees of 10 % of a buy or more. */
const FEE_PERCENT_LIMIT = 10;

function checkFeePercent(value: string): FieldProblem {
  const percent = Number(value);
  if (value.trim() === "" || !Number.isFinite(percent) || percent < 0 || percent >= FEE_PERCENT_LIMIT) {
    return "validation.feeRate";
  }
  return null;
}

/** Checks the form against `today` (YYYY-MM-DD); a request is returned only when nothing is wrong. */
export function validateDcaForm(
  values: DcaFormValues,
  today: string,
): { errors: DcaFormErrors; request: DcaRequest | null } {
  const start = checkPastDate(values.start, today);
  const end = checkPastDate(values.end, today);
  const errors: DcaFormErrors = collectProblems({
    code: checkCode(values.code),
    start: start ?? (end === null && values.start >= values.end ? "validation.dateOrder" : null),
    end,
    amount: checkAmount(values.amount, { max: MAX_DCA_AMOUNT }),
    feePercent: checkFeePercent(values.feePercent),
  });
  if (Object.keys(errors).length > 0) return { errors, request: null };
  const { start: startDate, end: endDate, interval } = values;
  return {
    errors,
    request: {
      code: values.code.trim(),
      start: startDate,
      end: endDate,
      amount: Number(values.amount),
      interval,
      fee_rate: Number(values.feePercent) / 100,
    },
  };
}
