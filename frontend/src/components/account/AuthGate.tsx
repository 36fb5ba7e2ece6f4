"use client";

import { usePathname, useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import { UNAUTHORIZED_EVENT } from "@/lib/api";
import { getAuth, loadAuth, useAuth } from "@/lib/auth";
import { useTranslation } from "@/lib/i18n";

export const LOGIN_PATH = "/login/";

function isLoginPage(pathname: string): boolean {
  return pathname === "/login" || pathname.startsWith("/login/");
}

/**
 * Sends a browser that is not logged in to the login page, with the page it asked for as
 * `?next=`. Until the server answers, and whenever it cannot (offline, or a server without
 * accounts), the page shows as it always did; so it does while the server is not set up.
 * A request refused with a 401 while logged in asks the server again: a session that ended
 * (expired, or logged out everywhere) then leads to the login page too.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const auth = useAuth();
  const router = useRouter();
  const pathname = usePathname() ?? "/";
  const redirect = auth.status === "anonymous" && !isLoginPage(pathname);

  useEffect(() => {
    const recheck = () => {
      const current = getAuth();
      if (current.status === "known" && current.me.via === "session") void loadAuth();
    };
    window.addEventListener(UNAUTHORIZED_EVENT, recheck);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, recheck);
  }, []);

  useEffect(() => {
    if (!redirect) return;
    const here = `${window.location.pathname}${window.location.search}`;
    router.replace(`${LOGIN_PATH}?next=${encodeURIComponent(here)}`);
  }, [redirect, router]);

  if (redirect) {
    return (
      <p role="status" data-testid="auth-redirect" className="text-sm text-slate-600">
        {t("login.redirecting")}
      </p>
    );
  }
  return <>{children}</>;
}
