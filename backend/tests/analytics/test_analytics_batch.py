from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from etftool.analytics.batch import compute_batch
from etftool.analytics.indicators import indicator_set
from etftool.analytics.returns import cagr, total_return
from etftool.analytics.risk import risk_metrics


def synthetic_market(n_series: int, n_days: int, seed: int = 1) -> tuple[npt.NDArray[Any], ...]:
    """Random-walk closes with highs/lows around them on consecutive days."""
    rng = np.random.default_rng(seed)
    dates = np.datetime64("2014-01-01") + np.arange(n_days)
    closes = 100 * np.cumprod(1 + rng.normal(0.0003, 0.012, (n_series, n_days)), axis=1)
    highs = closes * (1 + np.abs(rng.normal(0, 0.005, closes.shape)))
    lows = closes * (1 - np.abs(rng.normal(0, 0.005, closes.shape)))
    return dates, closes, highs, lows


def close_enough(a: float | None, b: float) -> bool:
    return (a is None and np.isnan(b)) or (a is not None and bool(np.isclose(a, b, rtol=1e-12, atol=1e-15)))


def test_batch_matches_the_single_series_functions() -> None:
    dates, closes, highs, lows = synthetic_market(4, 300)
    batch = compute_batch(dates, closes, highs, lows, risk_free_rate=0.02, min_acceptable_return=0.01)
    assert batch.valid_rows.all()
    for row in range(4):
        single = risk_metrics(dates, closes[row], risk_free_rate=0.02, min_acceptable_return=0.01)
        deepest, latest = single.max_drawdown.value, single.current_drawdown.value
        assert deepest is not None and latest is not None
        assert close_enough(total_return(dates, closes[row]).value, batch.total_return[row])
        assert close_enough(cagr(dates, closes[row]).value, batch.cagr[row])
        assert close_enough(single.volatility.value, batch.volatility[row])
        assert close_enough(single.sharpe.value, batch.sharpe[row])
        assert close_enough(single.sortino.value, batch.sortino[row])
        assert close_enough(single.calmar.value, batch.calmar[row])
        assert close_enough(deepest.depth, batch.max_drawdown[row])
        assert close_enough(latest.depth, batch.current_drawdown[row])
        indicators = indicator_set(closes[row], highs[row], lows[row])
        assert np.array_equal(batch.indicators.rsi[row], indicators.rsi, equal_nan=True)
        assert np.array_equal(batch.indicators.atr[row], indicators.atr, equal_nan=True)
        assert np.array_equal(batch.indicators.kdj.j[row], indicators.kdj.j, equal_nan=True)
        assert np.array_equal(batch.indicators.sma[60][row], indicators.sma[60], equal_nan=True)


def test_invalid_rows_are_flagged_and_left_nan() -> None:
    dates, closes, highs, lows = synthetic_market(3, 50)
    closes[1, 10] = np.nan
    lows[2, 5] = 0.0
    batch = compute_batch(dates, closes, highs, lows)
    assert batch.valid_rows.tolist() == [True, False, False]
    for metric in (batch.total_return, batch.volatility, batch.sharpe, batch.max_drawdown):
        assert np.isfinite(metric[0]) and np.isnan(metric[1:]).all()
    assert np.isnan(batch.indicators.rsi[1:]).all()
    assert np.isfinite(batch.indicators.rsi[0, 14:]).all()


def test_columns_are_sorted_and_duplicated_dates_keep_the_last_column() -> None:
    dates, closes, _, _ = synthetic_market(2, 40)
    order = np.random.default_rng(3).permutation(40)
    # Stale columns for the first 2 days (one with a NaN) precede the real ones, and a
    # column without a date is dropped.
    messy_dates = np.concatenate([dates[:2], dates[order], [np.datetime64("NaT")]])
    stale = closes[:, :2] * 10
    stale[0, 0] = np.nan
    messy_closes = np.concatenate([stale, closes[:, order], np.ones((2, 1))], axis=1)
    messy = compute_batch(messy_dates, messy_closes)
    clean = compute_batch(dates, closes)
    assert messy.valid_rows.all()
    assert np.array_equal(messy.dates, dates)
    assert np.array_equal(messy.volatility, clean.volatility)
    assert np.array_equal(messy.indicators.macd.bar, clean.indicators.macd.bar, equal_nan=True)


def test_short_and_single_series_input() -> None:
    single = compute_batch(["2024-01-01", "2024-01-02", "2024-01-03"], [1.0, 2.0, 1.5])
    assert single.total_return.tolist() == [0.5]
    assert single.max_drawdown.tolist() == pytest.approx([-0.25])  # 1.5 / 2 - 1
    one_day = compute_batch(["2024-01-01"], [[1.0], [2.0]])
    assert np.isnan(one_day.volatility).all() and np.isnan(one_day.total_return).all()
    assert np.isnan(one_day.indicators.rsi).all()


def test_mismatched_shapes_are_programmer_errors() -> None:
    dates, closes, highs, _ = synthetic_market(2, 10)
    with pytest.raises(ValueError):
        compute_batch(dates[:-1], closes)
    with pytest.raises(ValueError):
        compute_batch(dates, closes, highs[:1], highs[:1])
