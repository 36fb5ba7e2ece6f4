"use client";

import { useId, useState, type FormEvent, type ReactNode } from "react";
import { ErrorNotice } from "@/components/ErrorNotice";
import { FormField, INPUT_CLASS } from "@/components/FormField";
import { accountProblems } from "@/lib/account-errors";
import type { Credentials } from "@/lib/api-types";
import { useTranslation } from "@/lib/i18n";
import { useSubmit } from "@/lib/use-submit";

interface CredentialsFormProps {
  title: string;
  /** Shown under the title. */
  help?: ReactNode;
  submitLabel: string;
  /** A new password is typed twice, and the browser may suggest one. */
  newPassword?: boolean;
  action: "login" | "register" | "setup";
  testId: string;
  onSubmit: (credentials: Credentials) => Promise<unknown>;
}

/** A name and a password: the login, registration and setup forms. */
export function CredentialsForm({ title, help, submitLabel, newPassword = false, action, testId, onSubmit }: CredentialsFormProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const formErrorId = useId();
  const submission = useSubmit();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [missing, setMissing] = useState<Record<string, string>>({});

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!username.trim()) problems.username = t("account.usernameRequired");
    if (!password) problems.password = t("account.passwordRequired");
    else if (newPassword && password !== repeat) problems.repeat = t("account.passwordsDiffer");
    setMissing(problems);
    if (Object.keys(problems).length > 0) return;
    await submission.submit(() => onSubmit({ username: username.trim(), password }));
  };

  const problems = accountProblems(submission.error, action, t);
  const fieldError = (field: string) => missing[field] ?? problems.fields[field];
  const formError = problems.form;
  return (
    <form
      noValidate
      onSubmit={submit}
      data-testid={testId}
      aria-labelledby={titleId}
      aria-describedby={formError ? formErrorId : undefined}
      className="space-y-3"
    >
      <h2 id={titleId} className="font-medium">
        {title}
      </h2>
      {help && <div className="text-sm text-slate-600">{help}</div>}
      <FormField label={t("account.username")} error={fieldError("username")}>
        {(control) => (
          <input
            {...control}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            className={INPUT_CLASS}
          />
        )}
      </FormField>
      <FormField label={newPassword ? t("account.newPassword") : t("account.password")} error={fieldError("password")}>
        {(control) => (
          <input
            {...control}
            type="password"
            name="password"
            autoComplete={newPassword ? "new-password" : "current-password"}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            className={INPUT_CLASS}
          />
        )}
      </FormField>
      {newPassword && (
        <FormField label={t("account.repeatPassword")} error={fieldError("repeat")}>
          {(control) => (
            <input
              {...control}
              type="password"
              name="repeat"
              autoComplete="new-password"
              value={repeat}
              onChange={(event) => setRepeat(event.target.value)}
              className={INPUT_CLASS}
            />
          )}
        </FormField>
      )}
      {formError && (
        <p id={formErrorId} role="alert" data-testid={`${testId}-error`} className="text-sm text-red-800">
          {formError}
        </p>
      )}
      {submission.error !== null && formError === null && Object.keys(problems.fields).length === 0 && (
        <ErrorNotice error={submission.error} />
      )}
      <button
        type="submit"
        disabled={submission.running}
        className="tap-target justify-center rounded bg-blue-700 px-4 text-white hover:bg-blue-800 disabled:opacity-50"
      >
        {submitLabel}
      </button>
    </form>
  );
}
