import { describe, expect, it } from "vitest";
import { validateDcaForm, type DcaFormValues } from "./dca-validation";

const TODAY = "2024-06-30";
const VALID: DcaFormValues = { code: "510300", start: "2021-01-01", end: "2024-06-28", amount: "1000", feePercent: "0.1", interval: "monthly" };

describe("validateDcaForm", () => {
  it("returns a typed request for valid input", () => {
    expect(validateDcaForm({ ...VALID, code: " 510300 " }, TODAY)).toEqual({
      errors: {},
      request: { code: "510300", start: "2021-01-01", end: "2024-06-28", amount: 1000, interval: "monthly", fee_rate: 0.001 },
    });
  });

  it.each([
    [{ code: "" }, "code", "validation.required"],
    [{ code: "51 0300" }, "code", "validation.code"],
    [{ start: "" }, "start", "validation.required"],
    [{ start: "2023-02-30" }, "start", "validation.date"],
    [{ end: "2024-07-01" }, "end", "validation.future"],
    [{ start: "2024-06-28" }, "start", "validation.dateOrder"],
    [{ amount: "" }, "amount", "validation.required"],
    [{ amount: "0" }, "amount", "validation.positive"],
    [{ amount: "-5" }, "amount", "validation.positive"],
    [{ amount: "abc" }, "amount", "validation.positive"],
    [{ amount: "2e9" }, "amount", "validation.tooLarge"],
    [{ feePercent: "" }, "feePercent", "validation.feeRate"],
    [{ feePercent: "-1" }, "feePercent", "validation.feeRate"],
    [{ feePercent: "10" }, "feePercent", "validation.feeRate"],
  ] as const)("rejects %o", (change, field, message) => {
    const result = validateDcaForm({ ...VALID, ...change }, TODAY);
    expect(result.request).toBeNull();
    expect(result.errors[field]).toBe(message);
  });
});
