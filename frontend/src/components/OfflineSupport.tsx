"use client";

import { useEffect, useSyncExternalStore } from "react";
import { useTranslation } from "@/lib/i18n";

function subscribe(notify: () => void): () => void {
  window.addEventListener("online", notify);
  window.addEventListener("offline", notify);
  return () => {
    window.removeEventListener("online", notify);
    window.removeEventListener("offline", notify);
  };
}

/**
 * Registers the service worker (out/sw.js, made at build time), which keeps the app and the
 * last watchlist for use without a network, and says so on every page while offline.
 */
export function OfflineSupport() {
  const { t } = useTranslation();
  const online = useSyncExternalStore(subscribe, () => navigator.onLine, () => true);
  useEffect(() => {
    // Only the export has sw.js; `next dev` would cache pages that change under it.
    if (process.env.NODE_ENV === "production" && "serviceWorker" in navigator) {
      navigator.serviceWorker.register("/sw.js").catch(() => {
        // Without it the app still works online; nothing to tell the user.
      });
    }
  }, []);
  if (online) return null;
  return (
    <div role="status" data-testid="offline-banner" className="border-b border-amber-300 bg-amber-50 text-sm text-amber-950">
      <p className="mx-auto max-w-6xl px-3 py-2">{t("banner.offline")}</p>
    </div>
  );
}
