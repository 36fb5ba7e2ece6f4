"use client";

import { useId } from "react";
import { AppLink } from "@/components/AppLink";
import { ErrorNotice } from "@/components/ErrorNotice";
import { Loading } from "@/components/Loading";
import { api } from "@/lib/api";
import { useTranslation } from "@/lib/i18n";
import { useApi } from "@/lib/use-api";
import { useSubmit } from "@/lib/use-submit";

/** The price histories imported from CSV files, each with a button that removes it; loaded
 *  again whenever `generation` changes (after an import). */
export function CsvImportList({ generation }: { generation: number }) {
  const { t } = useTranslation();
  const titleId = useId();
  const imports = useApi(`csv-imports-${generation}`, (signal) => api.csvImports.list(signal));
  const removal = useSubmit();

  const remove = (code: string) =>
    removal.submit(async () => {
      await api.csvImports.remove(code);
      imports.reload();
    });

  return (
    <section aria-labelledby={titleId} className="space-y-2 rounded border border-slate-200 bg-surface p-3">
      <h2 id={titleId} className="font-medium">
        {t("csvImport.imported")}
      </h2>
      {imports.error ? (
        <ErrorNotice error={imports.error} onRetry={imports.reload} />
      ) : !imports.data ? (
        <Loading small />
      ) : imports.data.items.length === 0 ? (
        <p className="text-sm text-slate-600">{t("csvImport.none")}</p>
      ) : (
        <ul className="divide-y divide-slate-200 text-sm" data-testid="csv-imports">
          {imports.data.items.map((item) => (
            <li key={item.code} className="flex flex-wrap items-center gap-x-3 py-1">
              <AppLink href={`/etf/?code=${encodeURIComponent(item.code)}`} className="tap-target py-2 font-medium text-link hover:underline">
                {item.code}
              </AppLink>
              <span>{item.name}</span>
              <span className="text-slate-600">{t("csvImport.asOf", { date: item.as_of, source: item.source })}</span>
              <button
                type="button"
                disabled={removal.running}
                aria-label={t("csvImport.remove", { code: item.code })}
                onClick={() => void remove(item.code)}
                className="ml-auto rounded px-2 py-0.5 text-slate-700 hover:bg-red-50 hover:text-red-800 disabled:opacity-50"
              >
                {t("common.delete")}
              </button>
            </li>
          ))}
        </ul>
      )}
      {removal.error !== null && <ErrorNotice error={removal.error} />}
    </section>
  );
}
