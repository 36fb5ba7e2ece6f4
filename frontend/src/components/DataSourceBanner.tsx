"use client";

import { AppLink } from "@/components/AppLink";
import { afterNextPaint } from "@/lib/after-paint";
import { api } from "@/lib/api";
import { dataSourceState, SAMPLE_DATA_END } from "@/lib/data-source-status";
import { useTranslation } from "@/lib/i18n";
import { useApi } from "@/lib/use-api";
import { useSourceTrouble } from "@/lib/source-trouble";
import { useAutoRefresh } from "@/lib/use-auto-refresh";

/** How often the banner asks the data sources again (the page's own requests may change them). */
export const DATA_SOURCE_POLL_SECONDS = 60;

/**
 * Says plainly, on every page, when the pages show the embedded sample instead of live A-share data.
 * Nothing is shown until the first answer (no flash on load) or when the status cannot be read
 * (the footer says when the backend is unreachable); a failed poll keeps the last answer. Besides the
 * poll, it looks again when another answer suggests the live source fails (a 503, stale data).
 */
export function DataSourceBanner() {
  const { t } = useTranslation();
  // The page's own content is painted before the banner asks.
  const sources = useApi("datasources:banner", (signal) => afterNextPaint().then(() => api.dataSources(signal)));
  useAutoRefresh(sources.reload, DATA_SOURCE_POLL_SECONDS);
  // A 503 or a stale answer elsewhere on the page: look now instead of at the next poll.
  useSourceTrouble(sources.reload);
  if (!sources.data) return null;
  const state = dataSourceState(sources.data);
  if (state === "live") return null;
  return (
    <aside
      aria-label={t("banner.details")}
      data-testid="data-source-banner"
      data-state={state}
      className="border-t border-amber-300 bg-amber-50 text-sm text-amber-950"
    >
      <p role="status" className="mx-auto flex max-w-6xl flex-wrap items-baseline gap-x-3 gap-y-1 px-3 py-2">
        <span>{t(state === "live_down" ? "banner.liveDown" : "banner.noLive", { date: SAMPLE_DATA_END })}</span>
        <AppLink href="/settings/" className="tap-target whitespace-nowrap underline">
          {t("banner.details")}
        </AppLink>
      </p>
    </aside>
  );
}
