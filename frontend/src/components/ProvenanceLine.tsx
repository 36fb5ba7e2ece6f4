"use client";

import type { Provenance } from "@/lib/api-types";
import { formatDateTime } from "@/lib/format";
import { useTranslation } from "@/lib/i18n";

/** Where market data came from and how fresh it is; stale data gets a badge that cannot be missed. */
export function ProvenanceLine({ provenance }: { provenance: Provenance }) {
  const { t, language } = useTranslation();
  return (
    <p className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
      <span>{t("common.source", { source: provenance.source })}</span>
      <span>{t("common.asOf", { time: formatDateTime(provenance.as_of, language) })}</span>
      {provenance.stale && (
        <span
          data-testid="stale-badge"
          title={t("common.staleHint")}
          className="rounded bg-amber-200 px-1.5 py-0.5 font-semibold text-amber-950"
        >
          {t("common.stale")}
          <span className="sr-only">: {t("common.staleHint")}</span>
        </span>
      )}
    </p>
  );
}
