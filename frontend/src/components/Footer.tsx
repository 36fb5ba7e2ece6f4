"use client";

import { useTranslation } from "@/lib/i18n";
import { BackendVersion } from "./BackendVersion";

export function Footer() {
  const { t } = useTranslation();
  return (
    <footer className="mt-8 border-t border-slate-200 bg-surface">
      <div className="mx-auto flex max-w-6xl flex-wrap justify-between gap-2 px-3 py-3 text-xs text-slate-600">
        <span>{t("footer.disclaimer")}</span>
        <BackendVersion />
      </div>
    </footer>
  );
}
