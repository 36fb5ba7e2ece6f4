"use client";

import { useState, type FormEvent } from "react";
import { FormField, INPUT_CLASS } from "@/components/FormField";
import type { TransactionCreate, TransactionSide } from "@/lib/api-types";
import { localIsoDate } from "@/lib/dates";
import type { TransactionPrefill } from "@/lib/distributions";
import { useTranslation, type MessageKey } from "@/lib/i18n";
import { checkAmount, checkCode, checkPastDate, collectProblems } from "@/lib/validation";

type Values = { code: string; side: TransactionSide; date: string; quantity: string; price: string; fee: string };

interface TransactionFormProps {
  onSubmit: (transaction: TransactionCreate) => Promise<boolean>;
  running: boolean;
  /** Values to start with instead of a blank form, e.g. a dividend from the ETF page. */
  initial?: TransactionPrefill | null;
}

export function TransactionForm({ onSubmit, running, initial }: TransactionFormProps) {
  const { t } = useTranslation();
  const today = localIsoDate(new Date());
  const blank: Values = { code: "", side: "buy", date: today, quantity: "", price: "", fee: "0" };
  const [values, setValues] = useState<Values>(() => ({ ...blank, ...initial }));
  const [errors, setErrors] = useState<Partial<Record<keyof Values, MessageKey>>>({});
  const set = (name: keyof Values, value: string) => setValues((previous) => ({ ...previous, [name]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems = collectProblems({
      code: checkCode(values.code),
      date: checkPastDate(values.date, today),
      quantity: checkAmount(values.quantity),
      price: checkAmount(values.price),
      fee: checkAmount(values.fee, { allowZero: true }),
    });
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const saved = await onSubmit({
      code: values.code.trim(),
      side: values.side,
      date: values.date,
      quantity: Number(values.quantity),
      price: Number(values.price),
      fee: Number(values.fee),
    });
    if (saved) setValues(blank);
  };

  const numberInput = (name: "quantity" | "price" | "fee", label: MessageKey) => (
    <FormField label={t(label)} error={errors[name] && t(errors[name])}>
      {(control) => (
        <input
          {...control}
          type="number"
          min="0"
          step="any"
          inputMode="decimal"
          value={values[name]}
          onChange={(event) => set(name, event.target.value)}
          className={INPUT_CLASS}
        />
      )}
    </FormField>
  );

  return (
    <form noValidate onSubmit={submit} className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
      <FormField label={t("common.code")} error={errors.code && t(errors.code)}>
        {(control) => (
          <input {...control} value={values.code} autoComplete="off" onChange={(event) => set("code", event.target.value)} className={INPUT_CLASS} />
        )}
      </FormField>
      <FormField label={t("holdings.side")}>
        {(control) => (
          <select {...control} value={values.side} onChange={(event) => set("side", event.target.value as TransactionSide)} className={INPUT_CLASS}>
            <option value="buy">{t("holdings.buy")}</option>
            <option value="sell">{t("holdings.sell")}</option>
            <option value="dividend">{t("holdings.dividend")}</option>
          </select>
        )}
      </FormField>
      <FormField label={t("common.date")} error={errors.date && t(errors.date)}>
        {(control) => (
          <input {...control} type="date" max={today} value={values.date} onChange={(event) => set("date", event.target.value)} className={INPUT_CLASS} />
        )}
      </FormField>
      {numberInput("quantity", "holdings.quantity")}
      {numberInput("price", "common.price")}
      {numberInput("fee", "holdings.fee")}
      <div className="sm:col-span-3 lg:col-span-6">
        <button type="submit" disabled={running} className="rounded bg-blue-700 px-4 py-1.5 text-white hover:bg-blue-800 disabled:opacity-50">
          {t("holdings.submit")}
        </button>
      </div>
    </form>
  );
}
