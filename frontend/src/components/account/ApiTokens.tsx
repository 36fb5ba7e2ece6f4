"use client";

import { useId, useState, type FormEvent } from "react";
import { ErrorNotice } from "@/components/ErrorNotice";
import { FormField, INPUT_CLASS } from "@/components/FormField";
import { Loading } from "@/components/Loading";
import { api } from "@/lib/api";
import type { NewToken } from "@/lib/api-types";
import { formatDateTime } from "@/lib/format";
import { useTranslation } from "@/lib/i18n";
import { useApi } from "@/lib/use-api";
import { useSubmit } from "@/lib/use-submit";

/** The user's personal API tokens, for scripts: made here and shown once, listed with when each
 *  was last used, and revoked. */
export function ApiTokens() {
  const { t } = useTranslation();
  const titleId = useId();
  const tokens = useApi("tokens", (signal) => api.tokens.list(signal));
  const creation = useSubmit();
  const removal = useSubmit();
  const [name, setName] = useState("");
  const [created, setCreated] = useState<NewToken | null>(null);
  const [copied, setCopied] = useState<boolean | null>(null);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setCopied(null);
    await creation.submit(async () => {
      setCreated(await api.tokens.create({ name: name.trim() }));
      setName("");
      tokens.reload();
    });
  };

  const copy = async (token: string) => {
    try {
      await navigator.clipboard.writeText(token);
      setCopied(true);
    } catch {
      // No clipboard (plain http, or refused): the token is on screen to copy by hand.
      setCopied(false);
    }
  };

  const revoke = (id: number) =>
    removal.submit(async () => {
      await api.tokens.remove(id);
      if (created?.id === id) setCreated(null);
      tokens.reload();
    });

  return (
    <section aria-labelledby={titleId} data-testid="api-tokens" className="space-y-2">
      <h3 id={titleId} className="font-medium">
        {t("tokens.title")}
      </h3>
      <p className="text-sm text-slate-600">{t("tokens.help")}</p>
      <form noValidate onSubmit={create} className="flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1">
          <FormField label={t("tokens.name")}>
            {(control) => <input {...control} maxLength={100} autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} className={INPUT_CLASS} />}
          </FormField>
        </div>
        <button type="submit" disabled={creation.running} className="tap-target justify-center rounded bg-blue-700 px-4 text-white hover:bg-blue-800 disabled:opacity-50">
          {t("tokens.create")}
        </button>
      </form>
      {creation.error !== null && <ErrorNotice error={creation.error} />}
      {created && (
        <div role="status" data-testid="new-token" className="space-y-2 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          <p>{t("tokens.shownOnce")}</p>
          <code data-testid="new-token-value" className="block break-all rounded bg-surface p-2 font-mono text-slate-900">
            {created.token}
          </code>
          <div className="flex flex-wrap items-center gap-2">
            <button type="button" onClick={() => void copy(created.token)} className="tap-target justify-center rounded border border-slate-400 bg-surface px-3 text-slate-800 hover:bg-slate-100">
              {t("tokens.copy")}
            </button>
            <button type="button" onClick={() => setCreated(null)} className="tap-target justify-center rounded border border-slate-400 bg-surface px-3 text-slate-800 hover:bg-slate-100">
              {t("tokens.done")}
            </button>
            {copied !== null && <span>{copied ? t("tokens.copied") : t("tokens.copyFailed")}</span>}
          </div>
        </div>
      )}
      {tokens.error ? (
        <ErrorNotice error={tokens.error} onRetry={tokens.reload} />
      ) : !tokens.data ? (
        <Loading small />
      ) : tokens.data.items.length === 0 ? (
        <p className="text-sm text-slate-600">{t("tokens.none")}</p>
      ) : (
        <ul data-testid="token-list" className="divide-y divide-slate-200 text-sm">
          {tokens.data.items.map((token) => {
            const label = token.name || t("tokens.unnamed");
            return (
              <li key={token.id} className="flex flex-wrap items-center gap-x-3 py-1">
                <span className="font-medium">{label}</span>
                <span className="text-slate-600">{t("tokens.createdAt", { time: formatDateTime(token.created_at) })}</span>
                <span className="text-slate-600">
                  {token.last_used_at ? t("tokens.lastUsed", { time: formatDateTime(token.last_used_at) }) : t("tokens.neverUsed")}
                </span>
                <button
                  type="button"
                  disabled={removal.running}
                  aria-label={t("tokens.revokeLabel", { name: label })}
                  onClick={() => void revoke(token.id)}
                  className="tap-target ml-auto justify-center rounded px-2 text-slate-700 hover:bg-red-50 hover:text-red-800 disabled:opacity-50"
                >
                  {t("tokens.revoke")}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {removal.error !== null && <ErrorNotice error={removal.error} />}
    </section>
  );
}
