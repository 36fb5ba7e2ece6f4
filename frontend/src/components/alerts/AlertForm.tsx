"use client";

import { useState, type FormEvent } from "react";
import { FormField, INPUT_CLASS } from "@/components/FormField";
import {
  MA_WINDOWS,
  PRICE_CONDITIONS,
  SIGNAL_CONDITIONS,
  alertRequest,
  checkThreshold,
  hasThreshold,
  isSignal,
  needsMaWindow,
  type MaWindow,
} from "@/lib/alert-conditions";
import type { AlertCondition, AlertCreate } from "@/lib/api-types";
import { useTranslation, type MessageKey } from "@/lib/i18n";
import { checkCode, collectProblems } from "@/lib/validation";

const CONDITION_GROUPS = [
  { label: "alerts.group.price", conditions: PRICE_CONDITIONS },
  { label: "alerts.group.signal", conditions: SIGNAL_CONDITIONS },
] as const;

interface AlertFormProps {
  onSubmit: (alert: AlertCreate) => Promise<boolean>;
  running: boolean;
}

export function AlertForm({ onSubmit, running }: AlertFormProps) {
  const { t } = useTranslation();
  const [code, setCode] = useState("");
  const [condition, setCondition] = useState<AlertCondition>("price_above");
  const [threshold, setThreshold] = useState("");
  const [maWindow, setMaWindow] = useState<MaWindow>(60);
  const [rearm, setRearm] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<"code" | "threshold", MessageKey>>>({});

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems = collectProblems({ code: checkCode(code), threshold: checkThreshold(condition, threshold) });
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    if (await onSubmit(alertRequest(code, condition, threshold, maWindow, rearm))) {
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
            {CONDITION_GROUPS.map((group) => (
              <optgroup key={group.label} label={t(group.label)}>
                {group.conditions.map((option) => (
                  <option key={option} value={option}>
                    {t(`alerts.${option}`)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        )}
      </FormField>
      {needsMaWindow(condition) && (
        <FormField label={t("alerts.maWindow")}>
          {(control) => (
            <select {...control} value={maWindow} onChange={(event) => setMaWindow(Number(event.target.value) as MaWindow)} className={INPUT_CLASS}>
              {MA_WINDOWS.map((window) => (
                <option key={window} value={window}>
                  {t("alerts.maWindowOption", { window })}
                </option>
              ))}
            </select>
          )}
        </FormField>
      )}
      {hasThreshold(condition) && (
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
      )}
      <div className="space-y-1 sm:pt-5">
        {isSignal(condition) ? (
          <p className="text-sm text-slate-600">{t("alerts.signalRearms")}</p>
        ) : (
          <label className="flex items-center gap-1.5 text-sm">
            <input type="checkbox" checked={rearm} onChange={(event) => setRearm(event.target.checked)} />
            {t("alerts.rearm")}
          </label>
        )}
        <button type="submit" disabled={running} className="rounded bg-blue-700 px-4 py-1.5 text-white hover:bg-blue-800 disabled:opacity-50">
          {t("alerts.submit")}
        </button>
      </div>
    </form>
  );
}
