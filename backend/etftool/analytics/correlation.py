"""Correlation matrix and beta of daily returns.

Conventions:

* Series are cleaned, then inner-joined on dates present in every series. Returns are
  computed between consecutive common dates, so a day missing from one series (suspension,
  different holidays) merges two days of the others into one return rather than pairing
  returns of different days.
* Pearson correlation of those returns (values clipped to [-1, 1] against rounding; the
  diagonal is exactly 1). Undefined for a series whose returns have (numerically) zero
  variance, and everywhere when fewer than ``min_observations`` common returns exist.
* ``beta = cov(asset, benchmark) / var(benchmark)`` on the same joined returns.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from functools import reduce

import numpy as np

from etftool.analytics.measure import Measure, float_measure, undefined
from etftool.analytics.returns import simple_returns
from etftool.analytics.risk import ZERO_VARIANCE_TOLERANCE
from etftool.analytics.series import (
    DateArray,
    DatesLike,
    FloatArray,
    PricesLike,
    as_batch,
    clean_series,
    to_date,
)

DatedPrices = tuple[DatesLike, PricesLike]
"""A ``(dates, closes)`` pair."""

MIN_OBSERVATIONS = 2


def align_on_common_dates(series: list[DatedPrices]) -> tuple[DateArray, FloatArray]:
    """Clean each series and keep the dates all share: ``(dates, closes[k, n_common])``."""
    cleaned = [clean_series(dates, closes) for dates, closes in series]
    if not cleaned:
        return np.array([], dtype="datetime64[D]"), np.empty((0, 0))
    common: DateArray = reduce(
        lambda left, right: np.intersect1d(left, right, assume_unique=True),
        (s.dates for s in cleaned),
    )
    closes = np.array([s.close[np.searchsorted(s.dates, common)] for s in cleaned], dtype=np.float64)
    return common, closes.reshape(len(cleaned), common.shape[0])


def batch_correlation(returns: PricesLike) -> FloatArray:
    """Pearson correlation matrix of the rows of ``returns``; NaN for zero-variance rows."""
    batch = as_batch(returns)
    n_series, n_observations = batch.shape
    if n_observations < 2:
        return np.full((n_series, n_series), np.nan)
    centred = batch - batch.mean(axis=1, keepdims=True)
    deviation = np.sqrt(np.einsum("ij,ij->i", centred, centred) / (n_observations - 1))
    usable = deviation > ZERO_VARIANCE_TOLERANCE
    scaled = centred / np.where(usable, deviation, np.nan)[:, np.newaxis]
    product = scaled @ scaled.T / (n_observations - 1)
    # Averaging with the transpose makes the matrix exactly symmetric whatever the BLAS kernel.
    correlation: FloatArray = np.clip((product + product.T) / 2.0, -1.0, 1.0)
    np.fill_diagonal(correlation, np.where(usable, 1.0, np.nan))
    return correlation


@dataclass(frozen=True)
class CorrelationMatrix:
    """Correlations keyed by position in ``labels``; ``observations`` common daily returns."""

    labels: tuple[str, ...]
    values: tuple[tuple[Measure[float], ...], ...]
    observations: int
    start_date: datetime.date | None
    end_date: datetime.date | None


def correlation_matrix(
    series: Mapping[str, DatedPrices], min_observations: int = MIN_OBSERVATIONS
) -> CorrelationMatrix:
    """Pearson correlation of daily returns of every pair of series, on common dates."""
    labels = tuple(series)
    common_dates, closes = align_on_common_dates(list(series.values()))
    returns = simple_returns(closes)
    n_observations = int(returns.shape[1])
    values: tuple[tuple[Measure[float], ...], ...]
    if n_observations < max(min_observations, 2):
        reason = f"only {n_observations} common daily returns (needs {max(min_observations, 2)})"
        values = tuple(tuple(undefined(reason) for _ in labels) for _ in labels)
    else:
        correlation = batch_correlation(returns)
        values = tuple(
            tuple(float_measure(correlation[i, j], "zero variance") for j in range(len(labels)))
            for i in range(len(labels))
        )
    has_dates = common_dates.shape[0] > 0
    return CorrelationMatrix(
        labels=labels,
        values=values,
        observations=n_observations,
        start_date=to_date(common_dates[0]) if has_dates else None,
        end_date=to_date(common_dates[-1]) if has_dates else None,
    )


def beta(
    asset: DatedPrices, benchmark: DatedPrices, min_observations: int = MIN_OBSERVATIONS
) -> Measure[float]:
    """``cov(asset, benchmark) / var(benchmark)`` of daily returns on common dates."""
    _, closes = align_on_common_dates([asset, benchmark])
    returns = simple_returns(closes)
    n_observations = int(returns.shape[1])
    if n_observations < max(min_observations, 2):
        return undefined(f"only {n_observations} common daily returns (needs {max(min_observations, 2)})")
    covariance = np.cov(returns, ddof=1)
    benchmark_variance = float(covariance[1, 1])
    if np.sqrt(benchmark_variance) <= ZERO_VARIANCE_TOLERANCE:
        return undefined("benchmark returns have zero variance")
    return float_measure(covariance[0, 1] / benchmark_variance, "not a finite number")
