"use client";

import { useTranslation } from "@/lib/i18n";

interface LoadingProps {
  /** The smaller text of a card or a list. */
  small?: boolean;
  /** Room kept for what replaces it (a chart's height), so that what follows does not move. */
  minHeight?: number;
}

/** Where data will appear: "Loading…" in the reader's language. */
export function Loading({ small = false, minHeight }: LoadingProps) {
  const { t } = useTranslation();
  return (
    <p className={small ? "text-sm text-slate-600" : "text-slate-600"} style={minHeight === undefined ? undefined : { minHeight }}>
      {t("common.loading")}
    </p>
  );
}
