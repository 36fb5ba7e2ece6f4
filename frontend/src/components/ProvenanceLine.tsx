"use client";

import type { Provenance } from "@/lib/api-types";
import { formatDateTime } from "@/lib/format";
import { useTranslation } from "@/lib/i18n";

/** A badge for data served from the cache because the live source failed; says since when. */
export function StaleBadge({ asOf, testId = "stale-badge" }: { asOf: string | null | undefined; testId?: string }) {
  const { t } = useTranslation();
  const hint = asOf ? t("common.staleSince", { time: formatDateTime(asOf) }) : t("common.staleHint");
  return (
    <span data-testid={testId} title={hint} className="rounded bg-amber-200 px-1.5 py-0.5 text-xs font-semibold whitespace-nowrap text-amber-950">
      {t("common.stale")}
      <span className="sr-only">: {hint}</span>
    </span>
  );
}

/** Where market data came from and how fresh it is; stale data gets a badge that cannot be missed. */
export function ProvenanceLine({ provenance, testId }: { provenance: Provenance; testId?: string }) {
  const { t } = useTranslation();
  return (
    <p data-testid={testId} className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
      <span>{t("common.source", { source: provenance.source })}</span>
      <span>{t("common.asOf", { time: formatDateTime(provenance.as_of) })}</span>
      {provenance.stale && (
        <>
          <StaleBadge asOf={provenance.as_of} />
          <span data-testid="stale-hint" aria-hidden="true" className="text-amber-950">
            {t("common.staleHint")}
          </span>
        </>
      )}
    </p>
  );
}
