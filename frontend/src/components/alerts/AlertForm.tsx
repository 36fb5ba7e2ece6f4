"use client";

import { useState, type FormEvent } from "react";
import { FormField, INPUT_CLASS } from "@/components/FormField";
import type { AlertCondition, AlertCreate } from "@/lib/api-types";
import { useTranslation, type MessageKey } from "@/lib/i18n";
import { checkAmount, checkCode, collectProblems, type FieldProblem } from "@/lib/validation";

const ALERT_CONDITIONS: readonly AlertCondition[] = ["price_above", "price_below", "change_pct_above", "change_pct_below"];

/** Prices must be positive; a change threshold may be negative (e.g. −3 %). */
function checkThreshold(condition: AlertCondition, value: string): FieldProblem {
  if (condition.startsWith("price")) return checkAmount(value);
  if (value.trim() === "") return "validation.required";
  return Number.isFinite(Number(value)) ? null : "validation.positive";
}

interface AlertFormProps {
  onSubmit: (alert: AlertCreate) => Promise<boolean>;
  running: boolean;
}

export function AlertForm({ onSubmit, running }: AlertFormProps) {
  const { t } = useTranslation();
  const [code, setCode] = useState("");
  const [condition, setCondition] = useState<AlertCondition>("price_above");
  const [threshold, setThreshold] = useState("");
  const [rearm, setRearm] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<"code" | "threshold", MessageKey>>>({});

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems = collectProblems({ code: checkCode(code), threshold: checkThreshold(condition, threshold) });
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    if (await onSubmit({ code: code.trim(), condition, threshold: Number(threshold), rearm })) {
      setCode("");
      setThreshold("");
    }
  };

  return (
    <form noValidate onSubmit={submit} className="grid items-start gap-3 sm:grid-cols-4">
      <FormField label={t("common.code")} error={errors.code && t(errors.code)}>
        {(control) => <input {...control} value={code} autoComplete="off" onChange={(event) => setCode(event.target.value)} className={INPUT_CLASS} />}
      </FormField>
      <FormField label={t("alerts.condition")}>
        {(control) => (
          <select {...control} value={condition} onChange={(event) => setCondition(event.target.value as AlertCondition)} className={INPUT_CLASS}>
            {ALERT_CONDITIONS.map((option) => (
              <option key={option} value={option}>
                {t(`alerts.${option}`)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField label={t("alerts.threshold")} error={errors.threshold && t(errors.threshold)}>
        {(control) => (
          <input
            {...control}
            type="number"
            step="any"
            inputMode="decimal"
            value={threshold}
            onChange={(event) => setThreshold(event.target.value)}
            className={INPUT_CLASS}
          />
        )}
      </FormField>
      <div className="space-y-1 sm:pt-5">
        <label className="flex items-center gap-1.5 text-sm">
          <input type="checkbox" checked={rearm} onChange={(event) => setRearm(event.target.checked)} />
          {t("alerts.rearm")}
        </label>
        <button type="submit" disabled={running} className="rounded bg-blue-700 px-4 py-1.5 text-white hover:bg-blue-800 disabled:opacity-50">
          {t("alerts.submit")}
        </button>
      </div>
    </form>
  );
}
