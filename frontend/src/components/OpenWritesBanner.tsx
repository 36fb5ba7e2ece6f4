"use client";

import { useAuth } from "@/lib/auth";
import { useTranslation } from "@/lib/i18n";
import { useHealth } from "@/lib/use-health";

/**
 * Warns on every page while the server has no API_KEY: anyone who can reach it can change the
 * watchlist, holdings and alerts. Nothing is shown until the health answer says so, nor once
 * the server has accounts (set up: every change then needs a login, a token or the key).
 */
export function OpenWritesBanner() {
  const { t } = useTranslation();
  const health = useHealth();
  const auth = useAuth();
  const setUp = auth.status === "anonymous" || (auth.status === "known" && auth.me.set_up);
  if (!health.data?.open_writes || setUp) return null;
  return (
    <aside
      aria-label={t("banner.openWritesLabel")}
      data-testid="open-writes-banner"
      className="border-t border-rose-300 bg-rose-50 text-sm text-rose-950"
    >
      <p role="note" className="mx-auto max-w-6xl px-3 py-2">
        {t("banner.openWrites")}
      </p>
    </aside>
  );
}
