"""Vectorised metrics and indicators for many series sharing one calendar.

``compute_batch`` takes closes of shape ``(n_series, n_days)`` (and optionally highs and
lows) over common ``dates`` and evaluates every metric and indicator with array operations
across all series at once. Conventions are those of the single-series functions (see
``returns``, ``risk`` and ``indicators``).

Columns are sorted by date, columns without a date are dropped and duplicated dates keep
their last column. A row is valid when all of its supplied prices are finite and positive;
invalid rows get NaN everywhere and are flagged in ``valid_rows``, so callers can pad series
of different lengths into one matrix and fall back to the single-series functions for them.
Undefined metrics are NaN.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from etftool.analytics.indicators import DEFAULT_MA_WINDOWS, IndicatorSet, indicator_set
from etftool.analytics.returns import batch_cagr, batch_total_return, simple_returns
from etftool.analytics.risk import (
    CURRENT_DRAWDOWN_WINDOW,
    batch_calmar,
    batch_current_drawdown,
    batch_max_drawdown,
    batch_sharpe,
    batch_sortino,
    batch_volatility,
)
from etftool.analytics.series import (
    BoolArray,
    DateArray,
    DatesLike,
    FloatArray,
    PricesLike,
    as_batch,
    as_dates,
    last_row_per_date,
)


@dataclass(frozen=True, eq=False)
class BatchMetrics:
    """Per-series metrics (shape ``(n_series,)``) and indicators (``(n_series, n_days)``)."""

    dates: DateArray
    valid_rows: BoolArray
    total_return: FloatArray
    cagr: FloatArray
    volatility: FloatArray
    sharpe: FloatArray
    sortino: FloatArray
    max_drawdown: FloatArray
    calmar: FloatArray
    current_drawdown: FloatArray
    indicators: IndicatorSet


def _scatter(values: FloatArray, valid_rows: BoolArray) -> FloatArray:
    full = np.full(valid_rows.shape, np.nan)
    full[valid_rows] = values
    return full


def compute_batch(
    dates: DatesLike,
    closes: PricesLike,
    high: PricesLike | None = None,
    low: PricesLike | None = None,
    risk_free_rate: float = 0.0,
    min_acceptable_return: float = 0.0,
    ma_windows: tuple[int, ...] = DEFAULT_MA_WINDOWS,
) -> BatchMetrics:
    """Every metric and indicator for each row of ``closes`` over the shared ``dates``.

    Raises ``ValueError`` when array shapes disagree with each other or with ``dates``.
    """
    date_array = as_dates(dates)
    prices = [as_batch(closes)] + [as_batch(a) for a in (high, low) if a is not None]
    for array in prices:
        if array.shape != prices[0].shape or array.shape[1] != date_array.shape[0]:
            raise ValueError(
                f"price matrices of shape {[a.shape for a in prices]} do not match "
                f"{date_array.shape[0]} dates"
            )
    dated = np.flatnonzero(~np.isnat(date_array))
    columns = dated[last_row_per_date(date_array[dated])]
    # np.take keeps rows contiguous; fancy indexing on axis 1 returns a column-major array.
    selected = [np.take(array, columns, axis=1) for array in prices]

    valid_rows = np.ones(prices[0].shape[0], dtype=bool)
    for array in selected:
        valid_rows &= np.all(np.isfinite(array) & (array > 0), axis=1)
    for array in selected:
        array[~valid_rows] = np.nan
    close_matrix = selected[0]
    high_matrix = selected[1] if high is not None else None
    low_matrix = selected[-1] if low is not None else None

    valid_closes = close_matrix[valid_rows]
    daily_returns = simple_returns(valid_closes)
    kept_dates = date_array[columns]
    growth = batch_cagr(kept_dates, valid_closes)
    deepest = batch_max_drawdown(valid_closes)
    return BatchMetrics(
        dates=kept_dates,
        valid_rows=valid_rows,
        total_return=_scatter(batch_total_return(valid_closes), valid_rows),
        cagr=_scatter(growth, valid_rows),
        volatility=_scatter(batch_volatility(daily_returns), valid_rows),
        sharpe=_scatter(batch_sharpe(daily_returns, risk_free_rate), valid_rows),
        sortino=_scatter(batch_sortino(daily_returns, min_acceptable_return), valid_rows),
        max_drawdown=_scatter(deepest, valid_rows),
        calmar=_scatter(batch_calmar(growth, deepest), valid_rows),
        current_drawdown=_scatter(batch_current_drawdown(valid_closes, CURRENT_DRAWDOWN_WINDOW), valid_rows),
        indicators=indicator_set(close_matrix, high_matrix, low_matrix, ma_windows),
    )
