"use client";

import { useSearchParams } from "next/navigation";
import { useRef, useState } from "react";
import { DocumentTitle } from "@/components/DocumentTitle";
import { ErrorNotice } from "@/components/ErrorNotice";
import { api, ApiError } from "@/lib/api";
import type { DcaRequest, DcaResult } from "@/lib/api-types";
import { localIsoDate } from "@/lib/dates";
import type { DcaFormValues } from "@/lib/dca-validation";
import { useTranslation } from "@/lib/i18n";
import { DcaForm } from "./DcaForm";
import { DcaResultView } from "./DcaResultView";

const FORM_FIELDS = new Set(["code", "start", "end", "amount", "interval"]);

function initialValues(code: string): DcaFormValues {
  const today = new Date();
  const threeYearsAgo = new Date(today);
  threeYearsAgo.setFullYear(today.getFullYear() - 3);
  return { code, start: localIsoDate(threeYearsAgo), end: localIsoDate(today), amount: "1000", interval: "monthly" };
}

/** The server's 422 messages for fields the form has, so they appear next to those fields. */
function serverFieldErrors(error: unknown): Partial<Record<keyof DcaFormValues, string>> {
  if (!(error instanceof ApiError)) return {};
  return Object.fromEntries(
    error.fieldErrors.filter((fieldError) => FORM_FIELDS.has(fieldError.field)).map((f) => [f.field, f.message]),
  );
}

export function BacktestPage() {
  const { t } = useTranslation();
  const params = useSearchParams();
  const [run, setRun] = useState<{ request: DcaRequest; result?: DcaResult; error?: unknown } | null>(null);
  const latest = useRef<DcaRequest | null>(null);
  const running = run !== null && run.result === undefined && run.error === undefined;

  const submit = (request: DcaRequest) => {
    latest.current = request;
    setRun({ request });
    api.dcaBacktest(request).then(
      (result) => latest.current === request && setRun({ request, result }),
      (error: unknown) => latest.current === request && setRun({ request, error }),
    );
  };

  return (
    <section className="space-y-4">
      <DocumentTitle title={t("backtest.title")} />
      <h1 className="text-xl font-semibold">{t("backtest.title")}</h1>
      <DcaForm
        initialValues={initialValues(params.get("code") ?? "")}
        onSubmit={submit}
        running={running}
        serverErrors={serverFieldErrors(run?.error)}
      />
      {run?.error !== undefined && <ErrorNotice error={run.error} etfCode={run.request.code} />}
      {run?.result && <DcaResultView code={run.request.code} result={run.result} />}
    </section>
  );
}
