"use client";

import { AppLink } from "@/components/AppLink";
import { ApiError } from "@/lib/api";
import { useTranslation, type Translate } from "@/lib/i18n";

interface ErrorNoticeProps {
  error: unknown;
  /** When the request was about one ETF, a 404 is worded as an unknown code. */
  etfCode?: string;
  onRetry?: () => void;
}

function headline(error: unknown, t: Translate, etfCode?: string): string {
  if (!(error instanceof ApiError)) {
    return t("error.unexpected", { message: error instanceof Error ? error.message : String(error) });
  }
  switch (error.kind) {
    case "offline":
      return t("error.offline");
    case "unauthorized":
      return t("error.unauthorized");
    case "not_found":
      return etfCode ? t("error.unknownEtf", { code: etfCode }) : t("error.notFound");
    case "validation":
      return error.fieldErrors.length > 0 ? t("error.validation") : error.message || t("error.validation");
    case "conflict":
      return t("error.conflict", { message: error.message });
    case "rate_limited":
      return t("error.rateLimited");
    case "unavailable":
      return t("error.unavailable");
    case "storage_full":
      return t("error.storageFull");
    case "server":
      return t("error.server", { status: error.status ?? "?" });
  }
}

/** Explains a failed request in words, with the next step where there is one. */
export function ErrorNotice({ error, etfCode, onRetry }: ErrorNoticeProps) {
  const { t } = useTranslation();
  const apiError = error instanceof ApiError ? error : null;
  const retryable = apiError === null || ["offline", "rate_limited", "unavailable", "storage_full", "server"].includes(apiError.kind);
  return (
    <div role="alert" data-testid="error-notice" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
      <p>{headline(error, t, etfCode)}</p>
      {apiError?.kind === "validation" && apiError.fieldErrors.length > 0 && (
        <ul className="mt-1 list-disc pl-5">
          {apiError.fieldErrors.map((fieldError, index) => (
            <li key={index}>
              {fieldError.field ? <strong>{fieldError.field}: </strong> : null}
              {fieldError.message}
            </li>
          ))}
        </ul>
      )}
      {apiError?.kind === "not_found" && etfCode && (
        <AppLink href="/search/" className="tap-target mt-1 inline-block font-medium underline">
          {t("search.title")}
        </AppLink>
      )}
      {apiError?.kind === "unauthorized" && (
        <AppLink href="/settings/" className="tap-target mt-1 inline-block font-medium underline">
          {t("error.unauthorizedAction")}
        </AppLink>
      )}
      {onRetry && retryable && (
        <button type="button" onClick={onRetry} className="mt-2 rounded border border-red-400 px-2 py-0.5 hover:bg-red-100">
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}
