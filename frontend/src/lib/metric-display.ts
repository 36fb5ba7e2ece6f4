import type { Metrics } from "./api-types";
import { directionClass, formatNumber, formatPercent } from "./format";
import type { Translate } from "./i18n";

export const METRIC_FIELDS = [
  "total_return",
  "cagr",
  "volatility",
  "sharpe",
  "sortino",
  "calmar",
  "max_drawdown",
  "current_drawdown",
  "risk_level",
] as const;
export type MetricField = (typeof METRIC_FIELDS)[number];

interface MetricDisplay {
  /** null when the backend could not compute the value. */
  value: string | null;
  detail?: string;
  toneClass?: string;
}

export function describeMetric(metrics: Metrics, field: MetricField, t: Translate): MetricDisplay {
  const percent = (value: number | null) => (value === null ? null : formatPercent(value, { signed: true }));
  const ratio = (value: number | null) => (value === null ? null : formatNumber(value, 2));
  switch (field) {
    case "total_return":
    case "cagr":
      return { value: percent(metrics[field]), toneClass: directionClass(metrics[field]) };
    case "volatility":
      return { value: metrics.volatility === null ? null : formatPercent(metrics.volatility) };
    case "sharpe":
    case "sortino":
    case "calmar":
      return { value: ratio(metrics[field]) };
    case "max_drawdown": {
      const drawdown = metrics.max_drawdown;
      if (!drawdown) return { value: null };
      const recovery = drawdown.recovery ? t("metrics.recovered", { date: drawdown.recovery }) : t("metrics.notRecovered");
      const span = drawdown.peak && drawdown.trough ? `${drawdown.peak} → ${drawdown.trough}, ` : "";
      return { value: formatPercent(drawdown.value), detail: `${span}${recovery}` };
    }
    case "current_drawdown": {
      const drawdown = metrics.current_drawdown;
      if (!drawdown) return { value: null };
      return {
        value: formatPercent(drawdown.value),
        detail: t("metrics.daysSinceHigh", {
          days: drawdown.days_since_high,
          date: drawdown.high_date,
          window: drawdown.window,
        }),
      };
    }
    case "risk_level":
      return { value: metrics.risk_level === null ? null : t(`risk.${metrics.risk_level}`) };
  }
}
