"""Risk measures: volatility, Sharpe, Sortino, Calmar, drawdowns and a risk level.

Conventions (``r`` = simple daily returns, ``252`` = trading days per year, the default and
the US figure; callers pass their market's own as ``periods_per_year``):

* Volatility = ``std(r, ddof=1) * sqrt(252)``; defined (and 0) for flat prices.
* Sharpe = ``mean(r - rf/252) / std(r - rf/252, ddof=1) * sqrt(252)`` with ``rf`` an annual
  rate (default 0). Undefined when the standard deviation is at most
  ``ZERO_VARIANCE_TOLERANCE`` (flat prices).
* Sortino = ``252 * mean(r - m) / (sqrt(mean(min(r - m, 0)^2)) * sqrt(252))`` where
  ``m = mar/252`` and ``mar`` is an annual minimum acceptable return (default 0). The
  downside deviation averages over all returns, not only those below ``m``. Undefined when
  no return falls below ``m``.
* Volatility and the ratios need at least 2 returns, that is 3 prices.
* Drawdown ``DD_t = P_t / max(P_0..P_t) - 1`` (always <= 0). The maximum drawdown is the
  minimum of ``DD``; its trough is the first day reaching that minimum, its peak the last
  day before the trough at which the running maximum was set, and its recovery the first
  day after the trough whose close is >= the peak close (``None`` while not recovered).
* Calmar = CAGR / |maximum drawdown| over the whole series; undefined without a drawdown.
* Current drawdown = last close / highest close of the last ``N`` trading days (``N`` = 120,
  fewer when history is shorter) - 1. When the high occurs several times the most recent one
  counts for the days since the high.
* Risk level from annualised volatility: > 25 % high, > 15 % medium, otherwise low.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from etftool.analytics.measure import Measure, defined, float_measure, undefined
from etftool.analytics.returns import batch_cagr, simple_returns
from etftool.analytics.series import (
    TRADING_DAYS_PER_YEAR,
    DatesLike,
    FloatArray,
    PriceSeries,
    PricesLike,
    as_batch,
    as_prices,
    clean_series,
    day_numbers,
    to_date,
)

ZERO_VARIANCE_TOLERANCE = 1e-12
CURRENT_DRAWDOWN_WINDOW = 120
HIGH_RISK_VOLATILITY = 0.25
MEDIUM_RISK_VOLATILITY = 0.15

RiskLevel = Literal["low", "medium", "high"]

_TOO_FEW_RETURNS = "needs at least 2 daily returns"


def batch_volatility(returns: PricesLike, periods_per_year: float = TRADING_DAYS_PER_YEAR) -> FloatArray:
    """Annualised volatility per row of a returns matrix; NaN below 2 returns."""

    def volatility(batch: FloatArray) -> FloatArray:
        result: FloatArray = batch.std(axis=1, ddof=1) * math.sqrt(periods_per_year)
        return result

    return _per_row(returns, volatility)


def batch_sharpe(
    returns: PricesLike, risk_free_rate: float = 0.0, periods_per_year: float = TRADING_DAYS_PER_YEAR
) -> FloatArray:
    """Annualised Sharpe ratio per row; NaN below 2 returns or at zero variance."""

    def sharpe(batch: FloatArray) -> FloatArray:
        excess = batch - risk_free_rate / periods_per_year
        deviation = _nan_if_zero(excess.std(axis=1, ddof=1))
        result: FloatArray = excess.mean(axis=1) / deviation * math.sqrt(periods_per_year)
        return result

    return _per_row(returns, sharpe)


def batch_sortino(
    returns: PricesLike, min_acceptable_return: float = 0.0, periods_per_year: float = TRADING_DAYS_PER_YEAR
) -> FloatArray:
    """Annualised Sortino ratio per row; NaN below 2 returns or without downside."""

    def sortino(batch: FloatArray) -> FloatArray:
        excess = batch - min_acceptable_return / periods_per_year
        downside = _nan_if_zero(np.sqrt(np.mean(np.minimum(excess, 0.0) ** 2, axis=1)))
        result: FloatArray = periods_per_year * excess.mean(axis=1) / (downside * math.sqrt(periods_per_year))
        return result

    return _per_row(returns, sortino)


def _per_row(returns: PricesLike, statistic: Callable[[FloatArray], FloatArray]) -> FloatArray:
    """`statistic` of a returns matrix, each row's; NaN for every row below 2 returns."""
    batch = as_batch(returns)
    if batch.shape[1] < 2:
        return np.full(batch.shape[0], np.nan)
    return statistic(batch)


def _nan_if_zero(spread: FloatArray) -> FloatArray:
    """A spread to divide by: NaN where it is zero (within rounding), so is the quotient."""
    return np.where(spread > ZERO_VARIANCE_TOLERANCE, spread, np.nan)


def drawdown_series(prices: PricesLike) -> FloatArray:
    """``P_t / running max - 1`` along the last axis (1-D or 2-D input)."""
    array = as_prices(prices)
    result: FloatArray = array / np.maximum.accumulate(array, axis=-1) - 1.0
    return result


def batch_max_drawdown(prices: PricesLike) -> FloatArray:
    """Maximum drawdown (<= 0) per row; NaN below 2 prices."""
    batch = as_batch(prices)
    if batch.shape[1] < 2:
        return np.full(batch.shape[0], np.nan)
    result: FloatArray = drawdown_series(batch).min(axis=1)
    return result


def batch_current_drawdown(prices: PricesLike, window: int = CURRENT_DRAWDOWN_WINDOW) -> FloatArray:
    """Drawdown of the last price from the high of the last ``window`` prices, per row."""
    if window < 1:
        raise ValueError(f"window must be positive, got {window}")
    batch = as_batch(prices)
    if batch.shape[1] < 2:
        return np.full(batch.shape[0], np.nan)
    result: FloatArray = batch[:, -1] / batch[:, -window:].max(axis=1) - 1.0
    return result


def batch_calmar(cagr: FloatArray, max_drawdown: FloatArray) -> FloatArray:
    """CAGR / |max drawdown| elementwise; NaN where there is no drawdown."""
    depth = np.abs(max_drawdown)
    result: FloatArray = cagr / np.where(depth > 0, depth, np.nan)
    return result


def _finite(returns: PricesLike) -> FloatArray:
    array = as_prices(returns)
    if array.ndim != 1:
        raise ValueError(f"expected a 1-D returns array, got shape {array.shape}")
    finite: FloatArray = array[np.isfinite(array)]
    return finite


def volatility(returns: PricesLike, periods_per_year: float = TRADING_DAYS_PER_YEAR) -> Measure[float]:
    """Annualised volatility of daily returns (non-finite returns are ignored)."""
    finite = _finite(returns)
    if finite.shape[0] < 2:
        return undefined(_TOO_FEW_RETURNS)
    return float_measure(batch_volatility(finite, periods_per_year)[0], "not a finite number")


def sharpe_ratio(
    returns: PricesLike, risk_free_rate: float = 0.0, periods_per_year: float = TRADING_DAYS_PER_YEAR
) -> Measure[float]:
    """Annualised Sharpe ratio of daily returns with an annual risk-free rate."""
    finite = _finite(returns)
    if finite.shape[0] < 2:
        return undefined(_TOO_FEW_RETURNS)
    return float_measure(batch_sharpe(finite, risk_free_rate, periods_per_year)[0], "zero variance")


def sortino_ratio(
    returns: PricesLike, min_acceptable_return: float = 0.0, periods_per_year: float = TRADING_DAYS_PER_YEAR
) -> Measure[float]:
    """Annualised Sortino ratio of daily returns with an annual minimum acceptable return."""
    finite = _finite(returns)
    if finite.shape[0] < 2:
        return undefined(_TOO_FEW_RETURNS)
    return float_measure(
        batch_sortino(finite, min_acceptable_return, periods_per_year)[0],
        "no return below the minimum acceptable return",
    )


@dataclass(frozen=True)
class MaxDrawdown:
    """The deepest drawdown. Indices refer to the cleaned (sorted, deduplicated) series.

    When prices never fall below an earlier high, ``depth`` is 0.0 and every index and date
    is ``None``. ``recovery_*`` is ``None`` while the peak has not been regained.
    """

    depth: float
    peak_index: int | None
    trough_index: int | None
    recovery_index: int | None
    peak_date: datetime.date | None
    trough_date: datetime.date | None
    recovery_date: datetime.date | None


def max_drawdown(dates: DatesLike, closes: PricesLike) -> Measure[MaxDrawdown]:
    """Maximum drawdown with its peak, trough and recovery."""
    return _max_drawdown(clean_series(dates, closes))


def _max_drawdown(series: PriceSeries) -> Measure[MaxDrawdown]:
    prices = series.close
    if prices.shape[0] < 2:
        return undefined("needs at least 2 prices")
    running_max = np.maximum.accumulate(prices)
    drawdowns = prices / running_max - 1.0
    trough = int(np.argmin(drawdowns))
    depth = float(drawdowns[trough])
    if depth == 0.0:
        return defined(MaxDrawdown(0.0, None, None, None, None, None, None))
    peak = int(np.flatnonzero(prices[: trough + 1] == running_max[trough])[-1])
    recovered = np.flatnonzero(prices[trough + 1 :] >= prices[peak])
    recovery = int(trough + 1 + recovered[0]) if recovered.shape[0] else None
    return defined(
        MaxDrawdown(
            depth=depth,
            peak_index=peak,
            trough_index=trough,
            recovery_index=recovery,
            peak_date=to_date(series.dates[peak]),
            trough_date=to_date(series.dates[trough]),
            recovery_date=to_date(series.dates[recovery]) if recovery is not None else None,
        )
    )


@dataclass(frozen=True)
class CurrentDrawdown:
    """Drawdown of the last close from the recent high.

    ``window`` is the number of trading days searched (``N``, or fewer for a short history).
    """

    depth: float
    high: float
    high_date: datetime.date
    days_since_high: int
    trading_days_since_high: int
    window: int


def current_drawdown(
    dates: DatesLike, closes: PricesLike, window: int = CURRENT_DRAWDOWN_WINDOW
) -> Measure[CurrentDrawdown]:
    """Drawdown from the highest close of the last ``window`` trading days."""
    return _current_drawdown(clean_series(dates, closes), window)


def _current_drawdown(series: PriceSeries, window: int) -> Measure[CurrentDrawdown]:
    if window < 1:
        raise ValueError(f"window must be positive, got {window}")
    if len(series) < 2:
        return undefined("needs at least 2 prices")
    recent = series.close[-window:]
    # argmax on the reversed window finds the most recent occurrence of the high.
    trading_days_since_high = int(np.argmax(recent[::-1]))
    high_index = len(series) - 1 - trading_days_since_high
    days = day_numbers(series.dates)
    high = float(series.close[high_index])
    return defined(
        CurrentDrawdown(
            depth=float(series.close[-1]) / high - 1.0,
            high=high,
            high_date=to_date(series.dates[high_index]),
            days_since_high=int(days[-1] - days[high_index]),
            trading_days_since_high=trading_days_since_high,
            window=int(recent.shape[0]),
        )
    )


def risk_level(annual_volatility: float) -> RiskLevel:
    """Classify annualised volatility: > 25 % high, > 15 % medium, otherwise low."""
    if annual_volatility > HIGH_RISK_VOLATILITY:
        return "high"
    if annual_volatility > MEDIUM_RISK_VOLATILITY:
        return "medium"
    return "low"


@dataclass(frozen=True)
class RiskMetrics:
    """All risk measures of one price series."""

    volatility: Measure[float]
    sharpe: Measure[float]
    sortino: Measure[float]
    calmar: Measure[float]
    max_drawdown: Measure[MaxDrawdown]
    current_drawdown: Measure[CurrentDrawdown]
    risk_level: Measure[RiskLevel]


def calmar_ratio(dates: DatesLike, closes: PricesLike) -> Measure[float]:
    """CAGR divided by the absolute maximum drawdown over the whole series."""
    return _calmar_ratio(clean_series(dates, closes))


def _calmar_ratio(series: PriceSeries) -> Measure[float]:
    if len(series) < 2:
        return undefined("needs at least 2 prices")
    growth = batch_cagr(series.dates, series.close)
    return float_measure(
        batch_calmar(growth, batch_max_drawdown(series.close))[0],
        "no drawdown" if np.isfinite(growth[0]) else "CAGR is undefined",
    )


def risk_metrics(
    dates: DatesLike,
    closes: PricesLike,
    risk_free_rate: float = 0.0,
    min_acceptable_return: float = 0.0,
    current_drawdown_window: int = CURRENT_DRAWDOWN_WINDOW,
    periods_per_year: float = TRADING_DAYS_PER_YEAR,
) -> RiskMetrics:
    """Volatility, Sharpe, Sortino, Calmar, drawdowns and risk level of a price series;
    `periods_per_year` is the market's trading days per year (252 for US)."""
    # Cleaned once here; the measures below take the cleaned series as it is.
    series = clean_series(dates, closes)
    returns = simple_returns(series.close)
    annual_volatility = volatility(returns, periods_per_year)
    return RiskMetrics(
        volatility=annual_volatility,
        sharpe=sharpe_ratio(returns, risk_free_rate, periods_per_year),
        sortino=sortino_ratio(returns, min_acceptable_return, periods_per_year),
        calmar=_calmar_ratio(series),
        max_drawdown=_max_drawdown(series),
        current_drawdown=_current_drawdown(series, current_drawdown_window),
        risk_level=annual_volatility.map(risk_level),
    )
