"use client";

import { useTranslation } from "@/lib/i18n";
import { useHealth } from "@/lib/use-health";

export function BackendVersion() {
  const { t } = useTranslation();
  const health = useHealth();
  if (health.loading) return null;
  return (
    <span data-testid="backend-version">
      {health.data ? t("footer.backend", { version: health.data.version }) : t("footer.backendUnreachable")}
    </span>
  );
}
