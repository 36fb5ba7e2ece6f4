"use client";

import type { Metrics } from "@/lib/api-types";
import { MISSING } from "@/lib/format";
import { useTranslation } from "@/lib/i18n";
import { describeMetric, METRIC_FIELDS } from "@/lib/metric-display";
import { TableScroll } from "@/components/TableScroll";

interface CompareMetricsTableProps {
  codes: string[];
  metrics: Record<string, Metrics>;
}

export function CompareMetricsTable({ codes, metrics }: CompareMetricsTableProps) {
  const { t } = useTranslation();
  return (
    <TableScroll label={t("compare.metrics")}>
      <table data-testid="compare-metrics" className="w-full text-sm">
        <thead className="bg-slate-100">
          <tr>
            <th scope="col" className="px-2 py-1 text-left">
              {t("compare.metric")}
            </th>
            {codes.map((code) => (
              <th key={code} scope="col" className="px-2 py-1 text-right tabular-nums">
                {code}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {METRIC_FIELDS.map((field) => (
            <tr key={field} className="border-t border-slate-200">
              <th scope="row" className="px-2 py-1 text-left font-normal text-slate-700">
                {t(`metrics.${field}`)}
              </th>
              {codes.map((code) => {
                const entry = metrics[code];
                const display = entry ? describeMetric(entry, field, t) : null;
                const reason = entry?.unavailable[field];
                return (
                  <td key={code} title={display?.value === null ? reason : undefined} className={`px-2 py-1 text-right tabular-nums ${display?.toneClass ?? ""}`}>
                    {display?.value ?? MISSING}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
