"use client";

import { useState, type FormEvent } from "react";
import { FormField, INPUT_CLASS } from "@/components/FormField";
import type { DcaInterval, DcaRequest } from "@/lib/api-types";
import { localIsoDate } from "@/lib/dates";
import { validateDcaForm, type DcaFormErrors, type DcaFormValues } from "@/lib/dca-validation";
import { useTranslation, type MessageKey } from "@/lib/i18n";

interface DcaFormProps {
  initialValues: DcaFormValues;
  onSubmit: (request: DcaRequest) => void;
  running: boolean;
  /** Messages the server gave per field (422), keyed like the form fields. */
  serverErrors?: Partial<Record<keyof DcaFormValues, string>>;
  today?: string;
}

const TEXT_FIELDS: { name: Exclude<keyof DcaFormValues, "interval">; label: MessageKey; type: string; extra?: object }[] = [
  { name: "code", label: "backtest.code", type: "text", extra: { autoComplete: "off", placeholder: "510300" } },
  { name: "start", label: "backtest.start", type: "date" },
  { name: "end", label: "backtest.end", type: "date" },
  { name: "amount", label: "backtest.amount", type: "number", extra: { min: "0", step: "any", inputMode: "decimal" } },
  { name: "feePercent", label: "backtest.feeRate", type: "number", extra: { min: "0", max: "10", step: "any", inputMode: "decimal" } },
];

export function DcaForm({ initialValues, onSubmit, running, serverErrors = {}, today = localIsoDate(new Date()) }: DcaFormProps) {
  const { t } = useTranslation();
  const [values, setValues] = useState(initialValues);
  const [errors, setErrors] = useState<DcaFormErrors>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = validateDcaForm(values, today);
    setErrors(result.errors);
    if (result.request) onSubmit(result.request);
  };

  const message = (name: keyof DcaFormValues) => (errors[name] ? t(errors[name]) : serverErrors[name]);
  const set = (name: keyof DcaFormValues, value: string) => setValues((previous) => ({ ...previous, [name]: value }));

  return (
    <form
      noValidate
      onSubmit={submit}
      data-testid="backtest-form"
      className="grid gap-3 rounded border border-slate-200 bg-surface p-3 sm:grid-cols-3 lg:grid-cols-6"
    >
      {TEXT_FIELDS.map(({ name, label, type, extra }) => (
        <FormField key={name} label={t(label)} error={message(name)} errorTestId={`error-${name}`}>
          {(control) => (
            <input
              {...control}
              {...extra}
              name={name}
              type={type}
              max={type === "date" ? today : undefined}
              value={values[name]}
              onChange={(event) => set(name, event.target.value)}
              className={INPUT_CLASS}
            />
          )}
        </FormField>
      ))}
      <FormField label={t("backtest.interval")} error={message("interval")}>
        {(control) => (
          <select
            {...control}
            name="interval"
            value={values.interval}
            onChange={(event) => set("interval", event.target.value as DcaInterval)}
            className={INPUT_CLASS}
          >
            <option value="weekly">{t("backtest.weekly")}</option>
            <option value="monthly">{t("backtest.monthly")}</option>
          </select>
        )}
      </FormField>
      <div className="sm:col-span-3 lg:col-span-6">
        <button type="submit" disabled={running} className="rounded bg-blue-700 px-4 py-1.5 text-white hover:bg-blue-800 disabled:opacity-50">
          {running ? t("backtest.running") : t("backtest.run")}
        </button>
      </div>
    </form>
  );
}
