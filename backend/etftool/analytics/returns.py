"""Returns: simple daily returns, period returns, total return and CAGR.

Conventions:

* Simple daily return ``r_t = P_t / P_{t-1} - 1`` on adjusted closes.
* A period return over period ``p`` ending on the last date ``d_end`` is
  ``P_end / P_start - 1`` where ``P_start`` is the close of the last trading day on or before
  ``d_end - offset(p)``. Offsets: ``1w`` = 7 calendar days; ``1m``/``3m``/``6m`` and
  ``1y``/``3y``/``5y`` = that many calendar months back, same day of month, clipped to the
  month's last day (31 Mar - 1m = 28/29 Feb; 29 Feb - 1y = 28 Feb); ``ytd`` starts from the
  last close of the previous calendar year (on or before 31 Dec); ``all`` starts at the
  first date. When history does not reach back to the offset date the period return is
  undefined rather than computed over a shorter span.
* CAGR ``(P_end / P_start) ** (1 / Y) - 1`` with ``Y`` = calendar days between the first
  and last date / 365.25.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from typing import Literal

import numpy as np

from etftool.analytics.measure import Measure, defined, float_measure, undefined
from etftool.analytics.series import (
    DateArray,
    DatesLike,
    FloatArray,
    PricesLike,
    as_batch,
    as_dates,
    as_prices,
    clean_series,
    day_numbers,
    to_date,
)

Period = Literal["1w", "1m", "3m", "6m", "ytd", "1y", "3y", "5y", "all"]
PERIODS: tuple[Period, ...] = ("1w", "1m", "3m", "6m", "ytd", "1y", "3y", "5y", "all")
DAYS_PER_YEAR = 365.25

_MONTHS_BACK: dict[Period, int] = {"1m": 1, "3m": 3, "6m": 6, "1y": 12, "3y": 36, "5y": 60}


def simple_returns(prices: PricesLike) -> FloatArray:
    """Simple returns along the last axis; the output is one element shorter."""
    array = as_prices(prices)
    result: FloatArray = array[..., 1:] / array[..., :-1] - 1.0
    return result


def _months_before(day: datetime.date, months: int) -> datetime.date:
    month_index = day.year * 12 + (day.month - 1) - months
    year, month_zero_based = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month_zero_based + 1)[1]
    return datetime.date(year, month_zero_based + 1, min(day.day, last_day))


def period_offset_date(end: datetime.date, period: Period) -> datetime.date | None:
    """The calendar date ``end - offset(period)``; ``None`` for ``all``."""
    if period == "all":
        return None
    if period == "1w":
        return end - datetime.timedelta(days=7)
    if period == "ytd":
        return datetime.date(end.year - 1, 12, 31)
    return _months_before(end, _MONTHS_BACK[period])


def period_start_index(dates: DatesLike, period: Period) -> Measure[int]:
    """Index of the period's start in ascending unique ``dates`` ending at the last date."""
    date_array = as_dates(dates)
    if date_array.shape[0] == 0:
        return undefined("no dates")
    target = period_offset_date(to_date(date_array[-1]), period)
    if target is None:
        return defined(0)
    start = int(np.searchsorted(date_array, np.datetime64(target, "D"), side="right")) - 1
    if start < 0:
        return undefined(f"history starts after {target.isoformat()}")
    return defined(start)


@dataclass(frozen=True)
class PeriodReturn:
    """Return from the close on ``start_date`` to the close on ``end_date``."""

    period: Period
    start_date: datetime.date
    end_date: datetime.date
    start_price: float
    end_price: float
    total_return: float


def _period_return_on_clean(dates: DateArray, closes: FloatArray, period: Period) -> Measure[PeriodReturn]:
    if closes.shape[0] < 2:
        return undefined("needs at least 2 prices")
    return period_start_index(dates, period).map(
        lambda start: PeriodReturn(
            period=period,
            start_date=to_date(dates[start]),
            end_date=to_date(dates[-1]),
            start_price=float(closes[start]),
            end_price=float(closes[-1]),
            total_return=float(closes[-1] / closes[start] - 1.0),
        )
    )


def period_return(dates: DatesLike, closes: PricesLike, period: Period) -> Measure[PeriodReturn]:
    """Return over ``period`` ending at the last date (see the module conventions)."""
    series = clean_series(dates, closes)
    return _period_return_on_clean(series.dates, series.close, period)


def period_returns(
    dates: DatesLike, closes: PricesLike, periods: tuple[Period, ...] = PERIODS
) -> dict[Period, Measure[PeriodReturn]]:
    """Return over each of ``periods``, all ending at the last date."""
    series = clean_series(dates, closes)
    return {p: _period_return_on_clean(series.dates, series.close, p) for p in periods}


def batch_total_return(closes: PricesLike) -> FloatArray:
    """``last / first - 1`` per row of a ``(n_series, n_days)`` matrix; NaN below 2 days."""
    batch = as_batch(closes)
    if batch.shape[1] < 2:
        return np.full(batch.shape[0], np.nan)
    result: FloatArray = batch[:, -1] / batch[:, 0] - 1.0
    return result


def batch_cagr(dates: DatesLike, closes: PricesLike) -> FloatArray:
    """CAGR per row for rows sharing ascending ``dates``; NaN when no time elapses."""
    date_array = as_dates(dates)
    batch = as_batch(closes)
    if batch.shape[1] != date_array.shape[0]:
        raise ValueError(f"{date_array.shape[0]} dates for {batch.shape[1]} columns")
    if batch.shape[1] < 2:
        return np.full(batch.shape[0], np.nan)
    days = day_numbers(date_array)
    years = float(days[-1] - days[0]) / DAYS_PER_YEAR
    if years <= 0:
        return np.full(batch.shape[0], np.nan)
    with np.errstate(over="ignore"):
        result: FloatArray = (batch[:, -1] / batch[:, 0]) ** (1.0 / years) - 1.0
    return result


def total_return(dates: DatesLike, closes: PricesLike) -> Measure[float]:
    """``P_last / P_first - 1`` over the cleaned series."""
    series = clean_series(dates, closes)
    if len(series) < 2:
        return undefined("needs at least 2 prices")
    return float_measure(batch_total_return(series.close)[0], "not a finite number")


def cagr(dates: DatesLike, closes: PricesLike) -> Measure[float]:
    """Compound annual growth rate over the cleaned series, ``Y`` = days / 365.25."""
    series = clean_series(dates, closes)
    if len(series) < 2:
        return undefined("needs at least 2 prices")
    return float_measure(batch_cagr(series.dates, series.close)[0], "growth overflows over so short a span")
