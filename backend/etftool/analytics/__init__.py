"""Pure, vectorised ETF analytics (numpy only, no I/O).

Each module documents its conventions. Values that can be undefined are returned as
``Measure`` (value or ``None`` with a reason); results are frozen dataclasses of plain Python
values, except per-day series which are numpy arrays aligned with their dates.
"""

from etftool.analytics.backtest import DcaResult, Interval, dca_backtest
from etftool.analytics.batch import BatchMetrics, compute_batch
from etftool.analytics.correlation import CorrelationMatrix, beta, correlation_matrix
from etftool.analytics.indicators import (
    Bollinger,
    DatedIndicators,
    IndicatorSet,
    Kdj,
    Macd,
    atr,
    bollinger,
    compute_indicators,
    ema,
    emas,
    indicator_set,
    kdj,
    macd,
    rsi,
    sma,
)
from etftool.analytics.measure import Measure
from etftool.analytics.returns import (
    PERIODS,
    Period,
    PeriodReturn,
    cagr,
    period_return,
    period_returns,
    simple_returns,
    total_return,
)
from etftool.analytics.risk import (
    CurrentDrawdown,
    MaxDrawdown,
    RiskLevel,
    RiskMetrics,
    current_drawdown,
    drawdown_series,
    max_drawdown,
    risk_metrics,
    sharpe_ratio,
    sortino_ratio,
    volatility,
)
from etftool.analytics.scores import (
    GridSuggestion,
    Temperature,
    TemperatureComponents,
    Trend,
    grid_suggestion,
    price_percentile,
    temperature,
    trend,
)
from etftool.analytics.series import DatesLike, PriceSeries, PricesLike, clean_series
from etftool.analytics.xirr import xirr

__all__ = [
    "PERIODS",
    "BatchMetrics",
    "Bollinger",
    "CorrelationMatrix",
    "CurrentDrawdown",
    "DatedIndicators",
    "DatesLike",
    "DcaResult",
    "GridSuggestion",
    "IndicatorSet",
    "Interval",
    "Kdj",
    "Macd",
    "MaxDrawdown",
    "Measure",
    "Period",
    "PeriodReturn",
    "PriceSeries",
    "PricesLike",
    "RiskLevel",
    "RiskMetrics",
    "Temperature",
    "TemperatureComponents",
    "Trend",
    "atr",
    "beta",
    "bollinger",
    "cagr",
    "clean_series",
    "compute_batch",
    "compute_indicators",
    "correlation_matrix",
    "current_drawdown",
    "dca_backtest",
    "drawdown_series",
    "ema",
    "emas",
    "grid_suggestion",
    "indicator_set",
    "kdj",
    "macd",
    "max_drawdown",
    "period_return",
    "period_returns",
    "price_percentile",
    "risk_metrics",
    "rsi",
    "sharpe_ratio",
    "simple_returns",
    "sma",
    "sortino_ratio",
    "temperature",
    "total_return",
    "trend",
    "volatility",
    "xirr",
]
