"use client";

import { useState, useSyncExternalStore } from "react";
import { AppLink } from "@/components/AppLink";
import { DocumentTitle } from "@/components/DocumentTitle";
import { api, ApiError } from "@/lib/api";
import type { Credentials } from "@/lib/api-types";
import { clearUserData, loadPage, logOut, safeNext, useAuth } from "@/lib/auth";
import { useTranslation } from "@/lib/i18n";
import { useApi } from "@/lib/use-api";
import { CredentialsForm } from "./CredentialsForm";

const unchanging = () => () => {};

/** `?next=`, read in the browser only (the prerendered page has "/"): useSearchParams would leave
 * the whole page to be rendered in the browser. The login page never changes its own query. */
function useNextPage(): string {
  const query = useSyncExternalStore(unchanging, () => window.location.search, () => "");
  return safeNext(new URLSearchParams(query).get("next"));
}

/**
 * Logging in, or making an account where the server allows it. `?next=` is the page to return
 * to (the auth gate sets it). A login starts a new user's view: their data is loaded afresh.
 */
export function LoginPage() {
  const { t } = useTranslation();
  const auth = useAuth();
  const next = useNextPage();
  const [registering, setRegistering] = useState(false);
  // Offered where the server says it is open, until it refuses one (closed meanwhile).
  const registration = useApi("registration", (signal) => api.auth.registration(signal));
  const [registrationRefused, setRegistrationRefused] = useState(false);
  const registrationOpen = registration.data?.open === true && !registrationRefused;

  const enter = async (login: (credentials: Credentials) => Promise<unknown>, credentials: Credentials) => {
    await login(credentials);
    await clearUserData();
    loadPage(next);
  };
  const register = async (credentials: Credentials) => {
    try {
      await enter(api.auth.register, credentials);
    } catch (error) {
      if (error instanceof ApiError && error.status === 403) setRegistrationRefused(true);
      throw error;
    }
  };

  const me = auth.status === "known" ? auth.me : null;
  return (
    <section className="mx-auto max-w-sm space-y-4">
      <DocumentTitle title={t("login.title")} />
      <h1 className="text-xl font-semibold">{t("login.title")}</h1>
      {me?.via === "setup" && (
        <p data-testid="login-not-set-up" className="rounded border border-slate-200 bg-surface p-3 text-sm">
          {t("login.notSetUpYet")}{" "}
          <AppLink href="/settings/#account" className="tap-target font-medium text-link underline">
            {t("login.toSettings")}
          </AppLink>
        </p>
      )}
      {me && me.via !== "setup" && (
        <div data-testid="login-already" className="space-y-2 rounded border border-slate-200 bg-surface p-3 text-sm">
          <p>{t("login.already", { name: me.user.username })}</p>
          <div className="flex flex-wrap gap-2">
            <AppLink href={next} className="tap-target rounded bg-blue-700 px-4 font-medium text-white hover:bg-blue-800">
              {t("login.continue")}
            </AppLink>
            {me.via === "session" && (
              <button type="button" onClick={() => void logOut()} className="tap-target rounded border border-slate-400 px-4 hover:bg-slate-100">
                {t("account.logout")}
              </button>
            )}
          </div>
        </div>
      )}
      {(auth.status !== "known" || me?.via === "session") && (
        <div className="rounded border border-slate-200 bg-surface p-3">
          {registering ? (
            <CredentialsForm
              key="register"
              title={t("login.registerTitle")}
              help={t("login.registerHelp")}
              submitLabel={t("login.register")}
              newPassword
              action="register"
              testId="register-form"
              onSubmit={register}
            />
          ) : (
            <CredentialsForm
              key="login"
              title={t("login.formTitle")}
              submitLabel={t("login.submit")}
              action="login"
              testId="login-form"
              onSubmit={(credentials) => enter(api.auth.login, credentials)}
            />
          )}
          {(registering || registrationOpen) && (
            <button
              type="button"
              data-testid="login-switch"
              onClick={() => setRegistering(!registering)}
              className="tap-target mt-2 text-sm font-medium text-link underline"
            >
              {registering ? t("login.haveAccount") : t("login.noAccount")}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
