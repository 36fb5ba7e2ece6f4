"use client";

import { useId, useState, type ChangeEvent } from "react";
import { ErrorNotice } from "@/components/ErrorNotice";
import { api } from "@/lib/api";
import type { ImportReport } from "@/lib/api-types";
import { localIsoDate } from "@/lib/dates";
import { useTranslation } from "@/lib/i18n";
import { useSubmit } from "@/lib/use-submit";

const SECTIONS = ["watchlist", "transactions", "alerts", "triggered_alerts", "notification_channels"] as const;

function download(document: unknown, fileName: string): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(document, null, 2)], { type: "application/json" }));
  const link = Object.assign(window.document.createElement("a"), { href: url, download: fileName });
  link.click();
  URL.revokeObjectURL(url);
}

/** Backup and restore of the user data (watchlist, transactions, alerts) as one JSON file. */
export function UserDataTransfer() {
  const { t } = useTranslation();
  const fileId = useId();
  const transfer = useSubmit();
  const [report, setReport] = useState<ImportReport | null>(null);

  const exportData = () =>
    transfer.submit(async () => download(await api.userData.export(), `etftool-userdata-${localIsoDate(new Date())}.json`));

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    setReport(null);
    await transfer.submit(async () => {
      let document: unknown;
      try {
        document = JSON.parse(await file.text());
      } catch {
        throw new Error(t("transfer.badFile"));
      }
      setReport(await api.userData.import(document));
    });
  };

  return (
    <section data-testid="user-data-transfer" className="space-y-2 rounded border border-slate-200 bg-surface p-3">
      <h2 className="font-medium">{t("transfer.title")}</h2>
      <p className="text-sm text-slate-600">{t("transfer.help")}</p>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <button
          type="button"
          onClick={exportData}
          disabled={transfer.running}
          className="rounded bg-blue-700 px-3 py-1 text-white hover:bg-blue-800 disabled:opacity-50"
        >
          {t("transfer.export")}
        </button>
        <label htmlFor={fileId} className="font-medium">
          {t("transfer.import")}
        </label>
        <input id={fileId} type="file" accept="application/json,.json" disabled={transfer.running} onChange={importFile} />
      </div>
      {transfer.error !== null && <ErrorNotice error={transfer.error} />}
      {report && (
        <ul role="status" className="text-sm text-emerald-900">
          {SECTIONS.map((section) => (
            <li key={section}>{t("transfer.report", { section: t(`transfer.${section}`), ...report[section] })}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
