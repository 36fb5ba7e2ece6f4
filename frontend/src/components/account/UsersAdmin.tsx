"use client";

import { useId, useState, type FormEvent } from "react";
import { ErrorNotice } from "@/components/ErrorNotice";
import { FormField, INPUT_CLASS } from "@/components/FormField";
import { Loading } from "@/components/Loading";
import { accountProblems } from "@/lib/account-errors";
import { api, ApiError } from "@/lib/api";
import { formatDateTime } from "@/lib/format";
import { useTranslation } from "@/lib/i18n";
import { useApi } from "@/lib/use-api";
import { useSubmit } from "@/lib/use-submit";

/** The household's users, for an admin: adding one with a password, and deleting one with all
 *  their data (asked twice). Nobody deletes themselves here. */
export function UsersAdmin({ selfId }: { selfId: number }) {
  const { t } = useTranslation();
  const titleId = useId();
  const users = useApi("users", (signal) => api.users.list(signal));
  const creation = useSubmit();
  const removal = useSubmit();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [isAdmin, setIsAdmin] = useState(false);
  const [missing, setMissing] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState<number | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setAdded(null);
    const problems: Record<string, string> = {};
    if (!username.trim()) problems.username = t("account.usernameRequired");
    if (!password) problems.password = t("account.passwordRequired");
    setMissing(problems);
    if (Object.keys(problems).length > 0) return;
    const name = username.trim();
    if (await creation.submit(() => api.users.create({ username: name, password, is_admin: isAdmin }))) {
      setUsername("");
      setPassword("");
      setIsAdmin(false);
      setAdded(name);
      users.reload();
    }
  };

  const remove = (id: number) =>
    removal.submit(async () => {
      await api.users.remove(id);
      setConfirming(null);
      users.reload();
    });

  const problems = accountProblems(creation.error, "other", t);
  const formError = creation.error instanceof ApiError && creation.error.status === 409 ? t("account.usernameTaken") : null;
  const fieldError = (field: string) => missing[field] ?? problems.fields[field];
  return (
    <section aria-labelledby={titleId} data-testid="users-admin" className="space-y-2">
      <h3 id={titleId} className="font-medium">
        {t("users.title")}
      </h3>
      <form noValidate onSubmit={create} data-testid="user-form" className="grid items-end gap-3 sm:grid-cols-4">
        <FormField label={t("account.username")} error={fieldError("username")}>
          {(control) => (
            <input {...control} autoComplete="off" autoCapitalize="none" spellCheck={false} value={username} onChange={(event) => setUsername(event.target.value)} className={INPUT_CLASS} />
          )}
        </FormField>
        <FormField label={t("account.password")} error={fieldError("password")}>
          {(control) => <input {...control} type="password" autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} className={INPUT_CLASS} />}
        </FormField>
        <label className="flex min-h-11 items-center gap-2 text-sm">
          <input type="checkbox" checked={isAdmin} onChange={(event) => setIsAdmin(event.target.checked)} className="h-5 w-5" />
          {t("users.isAdmin")}
        </label>
        <button type="submit" disabled={creation.running} className="tap-target justify-center rounded bg-blue-700 px-4 text-white hover:bg-blue-800 disabled:opacity-50">
          {t("users.add")}
        </button>
      </form>
      {formError && (
        <p role="alert" className="text-sm text-red-800">
          {formError}
        </p>
      )}
      {creation.error !== null && formError === null && Object.keys(problems.fields).length === 0 && <ErrorNotice error={creation.error} />}
      {added && (
        <p role="status" className="text-sm text-emerald-800">
          {t("users.added", { name: added })}
        </p>
      )}
      {users.error ? (
        <ErrorNotice error={users.error} onRetry={users.reload} />
      ) : !users.data ? (
        <Loading small />
      ) : (
        <ul data-testid="user-list" className="divide-y divide-slate-200 text-sm">
          {users.data.items.map((user) => (
            <li key={user.id} className="flex flex-wrap items-center gap-x-3 py-1">
              <span className="font-medium">{user.username}</span>
              {user.is_admin && <span className="rounded bg-slate-100 px-1.5 text-xs text-slate-700">{t("users.admin")}</span>}
              {user.id === selfId && <span className="text-xs text-slate-600">{t("users.you")}</span>}
              <span className="text-slate-600">{t("users.since", { time: formatDateTime(user.created_at) })}</span>
              {user.id !== selfId &&
                (confirming === user.id ? (
                  <span className="ml-auto flex flex-wrap items-center gap-2">
                    <span>{t("users.confirmDelete", { name: user.username })}</span>
                    <button
                      type="button"
                      disabled={removal.running}
                      onClick={() => void remove(user.id)}
                      className="tap-target justify-center rounded bg-red-700 px-3 text-white hover:opacity-90 disabled:opacity-50"
                    >
                      {t("users.deleteConfirmed")}
                    </button>
                    <button type="button" onClick={() => setConfirming(null)} className="tap-target justify-center rounded border border-slate-400 px-3 hover:bg-slate-100">
                      {t("users.keep")}
                    </button>
                  </span>
                ) : (
                  <button
                    type="button"
                    aria-label={t("users.deleteLabel", { name: user.username })}
                    onClick={() => setConfirming(user.id)}
                    className="tap-target ml-auto justify-center rounded px-2 text-slate-700 hover:bg-red-50 hover:text-red-800"
                  >
                    {t("common.delete")}
                  </button>
                ))}
            </li>
          ))}
        </ul>
      )}
      {removal.error !== null && <ErrorNotice error={removal.error} />}
    </section>
  );
}
