"use client";

import { formatNumber } from "@/lib/format";
import { useTranslation } from "@/lib/i18n";
import { TableScroll } from "@/components/TableScroll";

/** Blue for negative, white at zero, orange-red for positive; light enough for dark text to stay readable. */
function correlationColor(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return "#f1f5f9";
  const strength = Math.min(Math.abs(value), 1);
  const hue = value >= 0 ? 12 : 212;
  return `hsl(${hue} 85% ${100 - strength * 38}%)`;
}

interface CorrelationHeatmapProps {
  codes: string[];
  matrix: (number | null)[][];
}

export function CorrelationHeatmap({ codes, matrix }: CorrelationHeatmapProps) {
  const { t } = useTranslation();
  return (
    <TableScroll label={t("compare.correlation")}>
      <table data-testid="correlation-heatmap" className="text-sm">
        <caption className="sr-only">{t("compare.correlation")}</caption>
        <thead>
          <tr>
            <td />
            {codes.map((code) => (
              <th key={code} scope="col" className="px-2 py-1 tabular-nums font-medium">
                {code}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {codes.map((rowCode, row) => (
            <tr key={rowCode}>
              <th scope="row" className="px-2 py-1 text-left tabular-nums font-medium">
                {rowCode}
              </th>
              {codes.map((columnCode, column) => {
                const value = matrix[row]?.[column] ?? null;
                return (
                  <td
                    key={columnCode}
                    className="min-w-16 px-2 py-1 text-center tabular-nums"
                    // The cells stay light in the dark theme too, so their text is dark in both.
                    style={{ background: correlationColor(value), color: "#0f172a" }}
                  >
                    {formatNumber(value, 2)}
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
