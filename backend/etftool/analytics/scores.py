"""Composite scores: price percentile, trend, temperature and grid-trading suggestion.

Conventions:

* Percentiles are in 0..100: the share of the lookback window's values (the last
  ``lookback`` values including today's) strictly below today's value. Price percentile uses
  closes over the last 2,520 trading days (10 years). Defined from 2 values.
* Trend from moving averages of the latest values: bullish when short > mid > long, bearish
  when short < mid < long, neutral otherwise. Daily uses MA5/20/60 of daily closes; weekly
  uses MA5/10/20 of weekly closes, a week's close being its last trading day's close (the
  current, possibly partial, week included). Weeks run Monday to Sunday.
* Temperature (0..100) is a weighted mean of component points, each 0..100:
  drawdown from the 120-day high 30 % (0 % -> 100 points, -30 % or worse -> 0, linear),
  RSI14 20 % (the RSI value), 10-year price percentile 20 %, 20-day volatility 15 %
  (100 - percentile of today's 20-day volatility among the rolling 20-day volatilities of
  the last 10 years: calm markets read hot, turbulent ones cold), daily trend 15 %
  (bullish 80, neutral 50, bearish 20). A component that is undefined for a short history
  is left out and the weights of the others are rescaled to sum to 1. Levels: <= 30
  freezing, <= 50 cool, <= 70 warm, otherwise hot.
* Grid suggestion over the last 60 closes: upper = 95th and lower = 5th percentile (linear
  interpolation), mid = (upper + lower) / 2, spacing = clip(1.5 * ATR14 / mid, 1 %, 3 %) with
  ATR14 from the full history, grid count = clip(floor((upper - lower) / (mid * spacing)),
  5, 20). The price is out of range above 1.05 * upper or below 0.95 * lower.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from etftool.analytics.indicators import atr, rsi
from etftool.analytics.measure import Measure, defined, float_measure, undefined
from etftool.analytics.returns import simple_returns
from etftool.analytics.risk import CURRENT_DRAWDOWN_WINDOW, current_drawdown
from etftool.analytics.series import (
    DateArray,
    DatesLike,
    FloatArray,
    PriceSeries,
    PricesLike,
    as_prices,
    clean_series,
    last_of_period,
)

TrendDirection = Literal["bullish", "bearish", "neutral"]
TemperatureLevel = Literal["freezing", "cool", "warm", "hot"]
GridPosition = Literal["below", "inside", "above"]

PERCENTILE_LOOKBACK = 2520
VOLATILITY_WINDOW = 20
DAILY_TREND_WINDOWS = (5, 20, 60)
WEEKLY_TREND_WINDOWS = (5, 10, 20)
GRID_WINDOW = 60

TEMPERATURE_WEIGHTS = {
    "drawdown": 0.30,
    "rsi": 0.20,
    "price_percentile": 0.20,
    "volatility": 0.15,
    "trend": 0.15,
}
TREND_POINTS: dict[TrendDirection, float] = {"bullish": 80.0, "neutral": 50.0, "bearish": 20.0}
DRAWDOWN_FOR_ZERO_POINTS = -0.30


def percentile_of_last(values: PricesLike, lookback: int = PERCENTILE_LOOKBACK) -> Measure[float]:
    """Share (0..100) of the last ``lookback`` finite values strictly below the last one."""
    array = as_prices(values)
    finite = array[np.isfinite(array)][-lookback:]
    if finite.shape[0] < 2:
        return undefined("needs at least 2 values")
    return defined(float(np.count_nonzero(finite < finite[-1]) / finite.shape[0] * 100.0))


def price_percentile(
    dates: DatesLike, closes: PricesLike, lookback: int = PERCENTILE_LOOKBACK
) -> Measure[float]:
    """Percentile (0..100) of today's close among the closes of the last ``lookback`` days."""
    return percentile_of_last(clean_series(dates, closes).close, lookback)


def _rolling_volatility(closes: FloatArray, window: int) -> FloatArray:
    returns = simple_returns(closes)
    if returns.shape[0] < window:
        return np.empty(0)
    result: FloatArray = sliding_window_view(returns, window).std(axis=-1, ddof=1)
    return result


def volatility_percentile(
    dates: DatesLike,
    closes: PricesLike,
    window: int = VOLATILITY_WINDOW,
    lookback: int = PERCENTILE_LOOKBACK,
) -> Measure[float]:
    """Percentile (0..100) of today's ``window``-day volatility among its recent history."""
    return percentile_of_last(_rolling_volatility(clean_series(dates, closes).close, window), lookback)


def _moving_average_trend(
    closes: FloatArray, windows: tuple[int, int, int], unit: str
) -> Measure[TrendDirection]:
    if closes.shape[0] < max(windows):
        return undefined(f"needs at least {max(windows)} {unit}")
    short, mid, long = (float(closes[-w:].mean()) for w in windows)
    if short > mid > long:
        return defined("bullish")
    if short < mid < long:
        return defined("bearish")
    return defined("neutral")


def weekly_closes(dates: DateArray, closes: FloatArray) -> tuple[DateArray, FloatArray]:
    """Last trading day and close of each Monday-based week of an ascending series."""
    last_of_week = last_of_period(dates, "weekly")
    return dates[last_of_week], closes[last_of_week]


@dataclass(frozen=True)
class Trend:
    """Daily (MA5/20/60) and weekly (MA5/10/20) moving-average trend."""

    daily: Measure[TrendDirection]
    weekly: Measure[TrendDirection]


def _trend_of(series: PriceSeries) -> Trend:
    _, weekly = weekly_closes(series.dates, series.close)
    return Trend(
        daily=_moving_average_trend(series.close, DAILY_TREND_WINDOWS, "closes"),
        weekly=_moving_average_trend(weekly, WEEKLY_TREND_WINDOWS, "weeks"),
    )


def trend(dates: DatesLike, closes: PricesLike) -> Trend:
    """Moving-average trend on daily and weekly closes."""
    return _trend_of(clean_series(dates, closes))


@dataclass(frozen=True)
class TemperatureComponents:
    """Points (0..100) of each temperature component."""

    drawdown: Measure[float]
    rsi: Measure[float]
    price_percentile: Measure[float]
    volatility: Measure[float]
    trend: Measure[float]


@dataclass(frozen=True)
class Temperature:
    """Composite 0..100 market temperature of one series and its level."""

    score: float
    level: TemperatureLevel
    components: TemperatureComponents


def temperature_level(score: float) -> TemperatureLevel:
    """<= 30 freezing, <= 50 cool, <= 70 warm, otherwise hot."""
    if score <= 30:
        return "freezing"
    if score <= 50:
        return "cool"
    if score <= 70:
        return "warm"
    return "hot"


def _latest(values: FloatArray, reason_if_undefined: str) -> Measure[float]:
    if values.shape[0] == 0:
        return undefined(reason_if_undefined)
    return float_measure(values[-1], reason_if_undefined)


def _drawdown_points(depth: float) -> float:
    return float(np.clip(100.0 * (1.0 - depth / DRAWDOWN_FOR_ZERO_POINTS), 0.0, 100.0))


def temperature(dates: DatesLike, closes: PricesLike) -> Measure[Temperature]:
    """Composite temperature; components undefined for a short history are left out."""
    series = clean_series(dates, closes)
    volatility_rank = percentile_of_last(_rolling_volatility(series.close, VOLATILITY_WINDOW))
    components = TemperatureComponents(
        drawdown=current_drawdown(series.dates, series.close, CURRENT_DRAWDOWN_WINDOW).map(
            lambda drawdown: _drawdown_points(drawdown.depth)
        ),
        rsi=_latest(rsi(series.close), "needs at least 15 closes"),
        price_percentile=percentile_of_last(series.close),
        volatility=volatility_rank.map(lambda rank: 100.0 - rank),
        trend=_moving_average_trend(series.close, DAILY_TREND_WINDOWS, "closes").map(
            TREND_POINTS.__getitem__
        ),
    )
    points = {name: getattr(components, name).value for name in TEMPERATURE_WEIGHTS}
    available = {name: value for name, value in points.items() if value is not None}
    if not available:
        return undefined("needs at least 2 prices")
    total_weight = sum(TEMPERATURE_WEIGHTS[name] for name in available)
    score = sum(TEMPERATURE_WEIGHTS[name] * value for name, value in available.items()) / total_weight
    return defined(Temperature(score=score, level=temperature_level(score), components=components))


@dataclass(frozen=True)
class GridSuggestion:
    """Grid-trading range and spacing (``spacing`` is a fraction, e.g. 0.02 = 2 %)."""

    upper: float
    lower: float
    mid: float
    spacing: float
    grid_count: int
    atr: float
    current_price: float
    position: GridPosition
    out_of_range: bool


def grid_suggestion(
    dates: DatesLike,
    closes: PricesLike,
    high: PricesLike | None = None,
    low: PricesLike | None = None,
    window: int = GRID_WINDOW,
) -> Measure[GridSuggestion]:
    """Grid range from the last ``window`` closes; high/low default to the close."""
    if window < 2:
        raise ValueError(f"window must be at least 2, got {window}")
    series = clean_series(dates, closes, high, low)
    if len(series) < window:
        return undefined(f"needs at least {window} closes")
    recent = series.close[-window:]
    upper = float(np.percentile(recent, 95))
    lower = float(np.percentile(recent, 5))
    mid = (upper + lower) / 2.0
    high_array = series.high if series.high is not None else series.close
    low_array = series.low if series.low is not None else series.close
    latest_atr = _latest(atr(high_array, low_array, series.close), "needs at least 14 days for ATR14")
    if latest_atr.value is None:
        return undefined(latest_atr.reason or "ATR14 is undefined")
    spacing = float(np.clip(1.5 * latest_atr.value / mid, 0.01, 0.03))
    grid_count = int(np.clip(np.floor((upper - lower) / (mid * spacing)), 5, 20))
    price = float(series.close[-1])
    position: GridPosition = (
        "above" if price > 1.05 * upper else "below" if price < 0.95 * lower else "inside"
    )
    return defined(
        GridSuggestion(
            upper=upper,
            lower=lower,
            mid=mid,
            spacing=spacing,
            grid_count=grid_count,
            atr=latest_atr.value,
            current_price=price,
            position=position,
            out_of_range=position != "inside",
        )
    )
