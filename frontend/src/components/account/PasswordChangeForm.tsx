"use client";

import { useId, useState, type FormEvent } from "react";
import { ErrorNotice } from "@/components/ErrorNotice";
import { FormField, INPUT_CLASS } from "@/components/FormField";
import { accountProblems } from "@/lib/account-errors";
import { api } from "@/lib/api";
import { useTranslation } from "@/lib/i18n";
import { useSubmit } from "@/lib/use-submit";

/** Changing one's password; the server then ends the user's other sessions. */
export function PasswordChangeForm() {
  const { t } = useTranslation();
  const titleId = useId();
  const formErrorId = useId();
  const submission = useSubmit();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [missing, setMissing] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const problems: Record<string, string> = {};
    if (!current) problems.current_password = t("account.passwordRequired");
    if (!next) problems.new_password = t("account.passwordRequired");
    else if (next !== repeat) problems.repeat = t("account.passwordsDiffer");
    setMissing(problems);
    if (Object.keys(problems).length > 0) return;
    if (await submission.submit(() => api.auth.changePassword({ current_password: current, new_password: next }))) {
      setCurrent("");
      setNext("");
      setRepeat("");
      setDone(true);
    }
  };

  const problems = accountProblems(submission.error, "other", t);
  const fieldError = (field: string) => missing[field] ?? problems.fields[field];
  return (
    <form
      noValidate
      onSubmit={submit}
      data-testid="password-form"
      aria-labelledby={titleId}
      aria-describedby={problems.form ? formErrorId : undefined}
      className="space-y-2"
    >
      <h3 id={titleId} className="font-medium">
        {t("account.changePassword")}
      </h3>
      <div className="grid items-start gap-3 sm:grid-cols-3">
        <FormField label={t("account.currentPassword")} error={fieldError("current_password")}>
          {(control) => (
            <input {...control} type="password" autoComplete="current-password" value={current} onChange={(event) => setCurrent(event.target.value)} className={INPUT_CLASS} />
          )}
        </FormField>
        <FormField label={t("account.newPassword")} error={fieldError("new_password")}>
          {(control) => (
            <input {...control} type="password" autoComplete="new-password" value={next} onChange={(event) => setNext(event.target.value)} className={INPUT_CLASS} />
          )}
        </FormField>
        <FormField label={t("account.repeatPassword")} error={fieldError("repeat")}>
          {(control) => (
            <input {...control} type="password" autoComplete="new-password" value={repeat} onChange={(event) => setRepeat(event.target.value)} className={INPUT_CLASS} />
          )}
        </FormField>
      </div>
      {problems.form && (
        <p id={formErrorId} role="alert" className="text-sm text-red-800">
          {problems.form}
        </p>
      )}
      {submission.error !== null && problems.form === null && Object.keys(problems.fields).length === 0 && <ErrorNotice error={submission.error} />}
      <button type="submit" disabled={submission.running} className="tap-target justify-center rounded bg-blue-700 px-4 text-white hover:bg-blue-800 disabled:opacity-50">
        {t("account.changePassword")}
      </button>
      {done && (
        <p role="status" className="text-sm text-emerald-800">
          {t("account.passwordChanged")}
        </p>
      )}
    </form>
  );
}
