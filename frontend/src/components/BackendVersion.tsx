"use client";

import { api } from "@/lib/api";
import { useTranslation } from "@/lib/i18n";
import { useApi } from "@/lib/use-api";

export function BackendVersion() {
  const { t } = useTranslation();
  const health = useApi("health", (signal) => api.health(signal));
  if (health.loading) return null;
  return (
    <span data-testid="backend-version">
      {health.data ? t("footer.backend", { version: health.data.version }) : t("footer.backendUnreachable")}
    </span>
  );
}
