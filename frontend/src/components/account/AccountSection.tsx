"use client";

import { useId, useState } from "react";
import { ErrorNotice } from "@/components/ErrorNotice";
import { api } from "@/lib/api";
import { clearUserData, loadAuth, loadPage, useAuth } from "@/lib/auth";
import { useTranslation, type MessageKey } from "@/lib/i18n";
import { useSubmit } from "@/lib/use-submit";
import { ApiTokens } from "./ApiTokens";
import { CredentialsForm } from "./CredentialsForm";
import { PasswordChangeForm } from "./PasswordChangeForm";
import { UsersAdmin } from "./UsersAdmin";

const VIA_LABELS: Record<"session" | "token" | "api_key", MessageKey> = {
  session: "account.viaSession",
  token: "account.viaToken",
  api_key: "account.viaApiKey",
};

/**
 * Settings' account section. Before setup: the form that protects the server (names the admin,
 * sets its password, logs in). After: who is logged in, the password, logging out everywhere,
 * personal API tokens, and for admins the users. Nothing while the server cannot say (offline,
 * or a server without accounts).
 */
export function AccountSection() {
  const { t } = useTranslation();
  const titleId = useId();
  const auth = useAuth();
  const everywhere = useSubmit();
  const [setUp, setSetUp] = useState(false);
  if (auth.status !== "known") return null;
  const { me } = auth;

  const logOutEverywhere = () =>
    everywhere.submit(async () => {
      await api.auth.logoutEverywhere();
      await clearUserData();
      loadPage("/login/");
    });

  return (
    <section id="account" aria-labelledby={titleId} data-testid="account-section" className="space-y-4 rounded border border-slate-200 bg-surface p-3">
      <h2 id={titleId} className="font-medium">
        {t("account.title")}
      </h2>
      {me.via === "setup" ? (
        <CredentialsForm
          title={t("account.setupTitle")}
          help={t("account.setupHelp")}
          submitLabel={t("account.setupSubmit")}
          newPassword
          action="setup"
          testId="setup-form"
          onSubmit={async (credentials) => {
            await api.auth.setup(credentials);
            setSetUp(true);
            await loadAuth();
          }}
        />
      ) : (
        <>
          <p data-testid="account-who" className="text-sm">
            {t(VIA_LABELS[me.via], { name: me.user.username })}
            {me.user.is_admin && ` · ${t("users.admin")}`}
          </p>
          {setUp && (
            <p role="status" className="text-sm text-emerald-800">
              {t("account.setupDone")}
            </p>
          )}
          {me.via === "session" && (
            <>
              <PasswordChangeForm />
              <div className="space-y-1">
                <button
                  type="button"
                  data-testid="logout-everywhere"
                  disabled={everywhere.running}
                  onClick={() => void logOutEverywhere()}
                  className="tap-target justify-center rounded border border-slate-400 px-4 hover:bg-slate-100 disabled:opacity-50"
                >
                  {t("account.logoutEverywhere")}
                </button>
                <p className="text-sm text-slate-600">{t("account.logoutEverywhereHelp")}</p>
                {everywhere.error !== null && <ErrorNotice error={everywhere.error} />}
              </div>
            </>
          )}
          <ApiTokens />
          {me.user.is_admin && <UsersAdmin selfId={me.user.id} />}
        </>
      )}
    </section>
  );
}
