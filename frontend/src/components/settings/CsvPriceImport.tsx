"use client";

import { useId, useState, type ChangeEvent, type FormEvent } from "react";
import { AppLink } from "@/components/AppLink";
import { ErrorNotice } from "@/components/ErrorNotice";
import { FormField, INPUT_CLASS } from "@/components/FormField";
import { api, ApiError } from "@/lib/api";
import type { ImportedEtf } from "@/lib/api-types";
import { useTranslation, type MessageKey } from "@/lib/i18n";
import { codeFromFileName, decodeCsv, lineError, previewPriceCsv, type CsvPreview, type PriceColumn } from "@/lib/price-csv";
import { useSubmit } from "@/lib/use-submit";
import { TableScroll } from "@/components/TableScroll";

const PREVIEW_ROWS = 5;
/** The API refuses larger files (MAX_CSV_BYTES in backend/etftool/api/routes/etfs.py). */
export const MAX_CSV_BYTES = 5 * 1024 * 1024;
const COLUMN_LABELS: Record<PriceColumn, MessageKey> = {
  date: "csvImport.colDate",
  open: "csvImport.colOpen",
  high: "csvImport.colHigh",
  low: "csvImport.colLow",
  close: "csvImport.colClose",
  volume: "csvImport.colVolume",
};

interface Chosen {
  file: File;
  preview: CsvPreview;
}

/** The file's problems as the API named them: "line 5: bad date …" becomes "Line 5: bad date …". */
function ImportErrors({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const located = error instanceof ApiError && error.kind === "validation" && error.fieldErrors.length === 0 ? lineError(error.message) : null;
  if (!located) return <ErrorNotice error={error} />;
  return (
    <div role="alert" data-testid="csv-import-errors" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
      <p>{t("csvImport.rejected")}</p>
      <ul className="mt-1 list-disc pl-5">
        <li>
          <strong>{t("csvImport.line", { line: located.line })}</strong> {located.problem}
        </li>
      </ul>
    </div>
  );
}

/** Imports a user's own daily prices from a CSV file (e.g. a fund the market data lacks). */
export function CsvPriceImport({ onImported }: { onImported?: (etf: ImportedEtf) => void } = {}) {
  const { t } = useTranslation();
  const fileId = useId();
  const helpId = useId();
  const titleId = useId();
  const upload = useSubmit();
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [readError, setReadError] = useState<"unreadable" | "tooLarge" | null>(null);
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [currency, setCurrency] = useState("");
  const [imported, setImported] = useState<{ etf: ImportedEtf; rows: number } | null>(null);
  // An upload's error is about the file that was sent: choosing another one puts it away.
  const [sentFile, setSentFile] = useState<File | null>(null);
  const error = chosen !== null && sentFile === chosen.file ? upload.error : null;
  const errorLine = error instanceof ApiError ? lineError(error.message)?.line : undefined;

  const chooseFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setImported(null);
    setReadError(null);
    setChosen(null);
    if (!file) return;
    if (file.size > MAX_CSV_BYTES) {
      setReadError("tooLarge");
      return;
    }
    try {
      const preview = previewPriceCsv(decodeCsv(new Uint8Array(await file.arrayBuffer())), PREVIEW_ROWS);
      setChosen({ file, preview });
      // The file name is the default code, unless the user typed another one.
      const previousDefault = chosen ? codeFromFileName(chosen.file.name) : "";
      setCode((typed) => (typed === "" || typed === previousDefault ? codeFromFileName(file.name) : typed));
    } catch {
      setReadError("unreadable");
    }
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!chosen) return;
    setImported(null);
    const rows = chosen.preview.rowCount;
    setSentFile(chosen.file);
    await upload.submit(async () => {
      const etf = await api.importCsv({ file: chosen.file, code, name, currency }, chosen.file.name);
      setImported({ etf, rows });
      onImported?.(etf);
    });
  };

  const preview = chosen?.preview;
  return (
    <section data-testid="csv-import" aria-labelledby={titleId} className="space-y-2 rounded border border-slate-200 bg-surface p-3">
      <h2 id={titleId} className="font-medium">
        {t("csvImport.title")}
      </h2>
      <p id={helpId} className="text-sm text-slate-600">
        {t("csvImport.help")}
      </p>
      <form onSubmit={submit} noValidate className="space-y-3">
        <div>
          <label htmlFor={fileId} className="block text-sm font-medium">
            {t("csvImport.file")}
          </label>
          <input
            id={fileId}
            type="file"
            accept=".csv,text/csv"
            aria-describedby={helpId}
            disabled={upload.running}
            onChange={chooseFile}
            className="block w-full text-sm max-sm:min-h-11"
          />
        </div>
        {readError && (
          <p role="alert" className="text-sm text-red-800">
            {readError === "tooLarge" ? t("csvImport.tooLarge", { mb: MAX_CSV_BYTES / (1024 * 1024) }) : t("csvImport.unreadable")}
          </p>
        )}
        {preview && (
          <div className="space-y-1">
            {preview.missing.length > 0 && (
              <p role="alert" data-testid="csv-import-missing" className="text-sm text-red-800">
                {t("csvImport.missingColumns", { columns: preview.missing.map((column) => t(COLUMN_LABELS[column])).join(", ") })}
              </p>
            )}
            {preview.rows.length > 0 ? (
              <TableScroll label={t("csvImport.preview", { shown: preview.rows.length, total: preview.rowCount })}>
                <table data-testid="csv-preview" className="w-full text-sm">
                  <caption className="text-left text-sm text-slate-600">
                    {t("csvImport.preview", { shown: preview.rows.length, total: preview.rowCount })}
                  </caption>
                  <thead className="bg-slate-100 text-left">
                    <tr>
                      <th scope="col" className="px-2 py-1">
                        {t("csvImport.colLine")}
                      </th>
                      {preview.columns.map((column) => (
                        <th key={column} scope="col" className="px-2 py-1">
                          {t(COLUMN_LABELS[column])}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {preview.rows.map((row) => (
                      <tr
                        key={row.line}
                        data-testid="csv-preview-row"
                        aria-invalid={row.line === errorLine || undefined}
                        className={`border-t border-slate-200 ${row.line === errorLine ? "bg-red-50 text-red-900" : ""}`}
                      >
                        <td className="px-2 py-1 text-slate-600 tabular-nums">{row.line}</td>
                        {preview.columns.map((column) => (
                          <td key={column} className="px-2 py-1 tabular-nums">
                            {row.values[column]}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            ) : (
              <p className="text-sm text-slate-600">{t("csvImport.noRows")}</p>
            )}
          </div>
        )}
        <div className="grid gap-2 sm:grid-cols-3">
          <FormField label={t("csvImport.code")}>
            {(control) => (
              <input
                {...control}
                data-testid="csv-import-code"
                value={code}
                maxLength={20}
                autoComplete="off"
                onChange={(event) => setCode(event.target.value)}
                className={INPUT_CLASS}
              />
            )}
          </FormField>
          <FormField label={t("csvImport.name")}>
            {(control) => (
              <input {...control} value={name} maxLength={80} onChange={(event) => setName(event.target.value)} className={INPUT_CLASS} />
            )}
          </FormField>
          <FormField label={t("csvImport.currency")}>
            {(control) => (
              <input
                {...control}
                value={currency}
                maxLength={3}
                autoComplete="off"
                placeholder="CNY"
                onChange={(event) => setCurrency(event.target.value.toUpperCase())}
                className={INPUT_CLASS}
              />
            )}
          </FormField>
        </div>
        <button
          type="submit"
          disabled={!chosen || upload.running}
          className="rounded bg-blue-700 px-3 py-1 text-white hover:bg-blue-800 disabled:opacity-50"
        >
          {upload.running ? t("csvImport.uploading") : t("csvImport.upload")}
        </button>
      </form>
      {error !== null && <ImportErrors error={error} />}
      {imported && (
        <div role="status" data-testid="csv-import-done" className="text-sm text-emerald-900">
          <p>{t("csvImport.done", { rows: imported.rows, code: imported.etf.code, name: imported.etf.name })}</p>
          <AppLink href={`/etf/?code=${encodeURIComponent(imported.etf.code)}`} className="tap-target inline-block py-2 font-medium text-link hover:underline">
            {t("csvImport.open", { code: imported.etf.code })}
          </AppLink>
        </div>
      )}
    </section>
  );
}
