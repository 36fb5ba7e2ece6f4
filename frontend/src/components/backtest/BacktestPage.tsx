"use client";

import { useSearchParams } from "next/navigation";
import { useRef, useState } from "react";
import { DocumentTitle } from "@/components/DocumentTitle";
import { ErrorNotice } from "@/components/ErrorNotice";
import { Loading } from "@/components/Loading";
import { api, ApiError } from "@/lib/api";
import type { DcaRequest, DcaResult } from "@/lib/api-types";
import { localIsoDate } from "@/lib/dates";
import type { DcaFormValues } from "@/lib/dca-validation";
import { useTranslation } from "@/lib/i18n";
import { useApi } from "@/lib/use-api";
import { DcaForm } from "./DcaForm";
import { DcaResultView } from "./DcaResultView";

/** The request's fields by the form field that edits them. */
const FORM_FIELD_OF: Record<string, keyof DcaFormValues> = {
  code: "code",
  start: "start",
  end: "end",
  amount: "amount",
  fee_rate: "feePercent",
  interval: "interval",
};

/** The three years up to today, or up to the ETF's newest price when that is older. */
function initialValues(code: string, newestPrice: string | undefined): DcaFormValues {
  const today = localIsoDate(new Date());
  const end = newestPrice && newestPrice.slice(0, 10) < today ? newestPrice.slice(0, 10) : today;
  const start = new Date(`${end}T00:00:00Z`);
  start.setUTCFullYear(start.getUTCFullYear() - 3);
  return {
    code,
    start: start.toISOString().slice(0, 10),
    end,
    amount: "1000",
    feePercent: "0",
    interval: "monthly",
  };
}

/** The server's 422 messages for fields the form has, so they appear next to those fields. */
function serverFieldErrors(error: unknown): Partial<Record<keyof DcaFormValues, string>> {
  if (!(error instanceof ApiError)) return {};
  return Object.fromEntries(
    error.fieldErrors.filter((f) => f.field in FORM_FIELD_OF).map((f) => [FORM_FIELD_OF[f.field], f.message]),
  );
}

export function BacktestPage() {
  const { t } = useTranslation();
  const params = useSearchParams();
  const code = params.get("code") ?? "";
  // An offline data set may end years ago; its newest price ends the default period.
  const detail = useApi(code ? `etf:${code}` : null, (signal) => api.etf(code, signal));
  const detailSettled = !code || detail.data !== undefined || detail.error !== undefined;
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
      {detailSettled ? (
        <DcaForm
          initialValues={initialValues(code, detail.data?.as_of)}
          onSubmit={submit}
          running={running}
          serverErrors={serverFieldErrors(run?.error)}
        />
      ) : (
        <Loading />
      )}
      {run?.error !== undefined && <ErrorNotice error={run.error} etfCode={run.request.code} />}
      {run?.result && <DcaResultView code={run.request.code} result={run.result} />}
    </section>
  );
}
