"use client";

import { useState } from "react";
import { AppLink } from "@/components/AppLink";
import { logOut, useAuth } from "@/lib/auth";
import { useTranslation } from "@/lib/i18n";

/** In the header, beside the language switch: who is logged in, and logging out. Shown only
 *  for a login session (not in setup mode, nor for an API key or token). */
export function AccountControls() {
  const { t } = useTranslation();
  const auth = useAuth();
  const [failed, setFailed] = useState(false);
  if (auth.status !== "known" || auth.me.via !== "session") return null;
  const logout = () => {
    setFailed(false);
    logOut().catch(() => setFailed(true));
  };
  return (
    <div data-testid="account-controls" className="flex items-center gap-1 text-sm">
      <AppLink
        href="/settings/#account"
        title={t("account.yourAccount")}
        data-testid="account-name"
        className="tap-target max-w-[7rem] truncate px-1 text-slate-700 hover:underline sm:max-w-[12rem]"
      >
        <span className="truncate">{auth.me.user.username}</span>
      </AppLink>
      <button
        type="button"
        data-testid="logout-button"
        onClick={logout}
        aria-describedby={failed ? "logout-failed" : undefined}
        className="tap-target justify-center rounded border border-slate-300 px-2 text-slate-800 hover:bg-slate-100"
      >
        {t("account.logout")}
      </button>
      {failed && (
        <span id="logout-failed" role="alert" className="text-xs text-red-800">
          {t("account.logoutFailed")}
        </span>
      )}
    </div>
  );
}
