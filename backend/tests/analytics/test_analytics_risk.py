import datetime
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etftool.analytics.risk import (
    batch_current_drawdown,
    batch_max_drawdown,
    batch_sharpe,
    batch_volatility,
    calmar_ratio,
    current_drawdown,
    drawdown_series,
    max_drawdown,
    risk_level,
    risk_metrics,
    sharpe_ratio,
    sortino_ratio,
    volatility,
)
from etftool.analytics.series import FloatArray

D = datetime.date
RETURNS = [0.01, -0.02, 0.03]
# mean = 0.02 / 3 = 1/150; deviations 1/300, -8/300, 7/300; sum of squares
# (1 + 64 + 49) / 90000 = 114/90000; sample variance (ddof=1) = 57/90000 = 19/30000.
MEAN = 1 / 150
STD = math.sqrt(19 / 30000)


def test_volatility_by_hand() -> None:
    # sqrt(19/30000) * sqrt(252) = sqrt(0.1596)
    assert volatility(RETURNS).value == pytest.approx(math.sqrt(0.1596), rel=1e-12)


def test_sharpe_by_hand() -> None:
    assert sharpe_ratio(RETURNS).value == pytest.approx(MEAN / STD * math.sqrt(252), rel=1e-12)
    # rf = 2.52 % a year is 0.0001 a day; subtracting a constant keeps the deviation.
    assert sharpe_ratio(RETURNS, risk_free_rate=0.0252).value == pytest.approx(
        (MEAN - 0.0001) / STD * math.sqrt(252), rel=1e-12
    )


def test_sortino_by_hand() -> None:
    # Downside: min(r, 0) = [0, -0.02, 0]; sqrt(mean of squares) = sqrt(0.0004 / 3).
    # Sortino = 252 * mean / (downside * sqrt(252)) = sqrt(252) * mean / downside.
    assert sortino_ratio(RETURNS).value == pytest.approx(
        math.sqrt(252) * MEAN / math.sqrt(0.0004 / 3), rel=1e-12
    )
    # MAR 2.52 % a year = 0.0001 a day: excess [0.0099, -0.0201, 0.0299].
    downside = math.sqrt(0.0201**2 / 3)
    assert sortino_ratio(RETURNS, min_acceptable_return=0.0252).value == pytest.approx(
        math.sqrt(252) * (MEAN - 0.0001) / downside, rel=1e-12
    )


def test_flat_returns_have_zero_volatility_and_undefined_ratios() -> None:
    flat = [0.0, 0.0, 0.0]
    assert volatility(flat).value == 0.0
    assert sharpe_ratio(flat).reason == "zero variance"
    assert sortino_ratio(flat).reason == "no return below the minimum acceptable return"


def test_ratios_need_two_returns_and_ignore_nan() -> None:
    for measure in (volatility([0.01]), sharpe_ratio([0.01]), sortino_ratio([-0.01])):
        assert measure.value is None
        assert measure.reason == "needs at least 2 daily returns"
    assert volatility([0.01, float("nan"), -0.02, 0.03]).value == pytest.approx(math.sqrt(0.1596))


def test_batch_kernels_return_nan_where_undefined() -> None:
    returns = np.array([RETURNS, [0.0, 0.0, 0.0]])
    assert batch_volatility(returns)[0] == pytest.approx(math.sqrt(0.1596))
    assert batch_volatility(returns)[1] == 0.0
    assert np.isnan(batch_sharpe(returns)[1])
    assert np.isnan(batch_volatility(np.zeros((2, 1)))).all()


DRAWDOWN_DATES = [
    "2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-08", "2024-01-09",
]  # fmt: skip
DRAWDOWN_PRICES = [100.0, 120.0, 90.0, 120.0, 60.0, 130.0, 125.0]


def test_drawdown_series_by_hand() -> None:
    # running max: 100 120 120 120 120 130 130
    expected = [0.0, 0.0, 90 / 120 - 1, 0.0, 60 / 120 - 1, 0.0, 125 / 130 - 1]
    assert drawdown_series(DRAWDOWN_PRICES) == pytest.approx(expected, rel=1e-12)


def test_max_drawdown_by_hand() -> None:
    result = max_drawdown(DRAWDOWN_DATES, DRAWDOWN_PRICES).value
    assert result is not None
    # Deepest: 60 against the running max 120 = -50 %. The 120 high was last set on day 3
    # (01-04) before the trough on day 4; 130 on day 5 is the first close >= 120 after it.
    assert result.depth == pytest.approx(-0.5)
    assert (result.peak_index, result.trough_index, result.recovery_index) == (3, 4, 5)
    assert (result.peak_date, result.trough_date, result.recovery_date) == (
        D(2024, 1, 4),
        D(2024, 1, 5),
        D(2024, 1, 8),
    )


def test_max_drawdown_without_recovery() -> None:
    result = max_drawdown(["2024-01-01", "2024-01-02", "2024-01-03"], [100.0, 80.0, 90.0]).value
    assert result is not None
    assert result.depth == pytest.approx(-0.2)  # 80/100 - 1
    assert (result.peak_index, result.trough_index, result.recovery_index) == (0, 1, None)
    assert result.recovery_date is None


def test_max_drawdown_of_a_rising_series_is_zero() -> None:
    result = max_drawdown(["2024-01-01", "2024-01-02"], [1.0, 2.0]).value
    assert result is not None
    assert result.depth == 0.0
    assert result.peak_index is None and result.trough_date is None


def test_max_drawdown_handles_unsorted_duplicated_and_missing_input() -> None:
    order = [6, 2, 0, 5, 3, 1, 4]
    dates = [DRAWDOWN_DATES[i] for i in order] + ["2024-01-05", "2024-01-10"]
    prices = [DRAWDOWN_PRICES[i] for i in order] + [60.0, None]
    result = max_drawdown(dates, prices).value
    assert result is not None
    assert result.depth == pytest.approx(-0.5)
    assert (result.peak_index, result.trough_index) == (3, 4)


def test_max_drawdown_of_a_single_point_is_undefined() -> None:
    assert max_drawdown(["2024-01-01"], [1.0]).reason == "needs at least 2 prices"


def test_current_drawdown_by_hand() -> None:
    result = current_drawdown(DRAWDOWN_DATES, DRAWDOWN_PRICES, window=3).value
    assert result is not None
    # Last 3 closes: 60, 130, 125. High 130 on 2024-01-08, one trading day and one
    # calendar day before 2024-01-09.
    assert result.depth == pytest.approx(125 / 130 - 1, rel=1e-12)
    assert (result.high, result.high_date) == (130.0, D(2024, 1, 8))
    assert (result.days_since_high, result.trading_days_since_high, result.window) == (1, 1, 3)


def test_current_drawdown_counts_from_the_most_recent_equal_high_and_short_history() -> None:
    # The window (120) is longer than the history, so all 4 closes are searched; the high
    # 10 occurs on 01-02 and 01-05 (Friday); today is Monday 01-08.
    result = current_drawdown(
        ["2024-01-01", "2024-01-02", "2024-01-05", "2024-01-08"], [9.0, 10.0, 10.0, 8.0]
    ).value
    assert result is not None
    assert result.depth == pytest.approx(-0.2)
    assert (result.high_date, result.days_since_high, result.trading_days_since_high) == (
        D(2024, 1, 5),
        3,
        1,
    )
    assert result.window == 4
    assert current_drawdown(["2024-01-01"], [1.0]).value is None
    with pytest.raises(ValueError):
        current_drawdown(["2024-01-01"], [1.0], window=0)


def test_batch_drawdowns_by_hand() -> None:
    prices = np.array([DRAWDOWN_PRICES, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]])
    assert batch_max_drawdown(prices).tolist() == pytest.approx([-0.5, 0.0])
    assert batch_current_drawdown(prices, window=3).tolist() == pytest.approx([125 / 130 - 1, 0.0])


def test_calmar_by_hand() -> None:
    # 4 years (1461 days = 4 * 365.25): 100 -> 146.41 is a 10 % CAGR; the deepest drawdown
    # is 75 against 150, -50 %. Calmar = 0.1 / 0.5.
    dates = ["2020-01-01", "2021-01-01", "2022-01-01", "2023-01-01", "2024-01-01"]
    assert calmar_ratio(dates, [100.0, 150.0, 75.0, 120.0, 146.41]).value == pytest.approx(0.2, rel=1e-12)
    assert calmar_ratio(dates[:2], [1.0, 2.0]).reason == "no drawdown"


@pytest.mark.parametrize(
    ("annual_volatility", "level"),
    [(0.30, "high"), (0.2501, "high"), (0.25, "medium"), (0.16, "medium"), (0.15, "low"), (0.0, "low")],
)
def test_risk_level_thresholds(annual_volatility: float, level: str) -> None:
    assert risk_level(annual_volatility) == level


def test_risk_metrics_of_flat_prices() -> None:
    metrics = risk_metrics(["2024-01-01", "2024-01-02", "2024-01-03"], [5.0, 5.0, 5.0])
    assert metrics.volatility.value == 0.0
    assert metrics.risk_level.value == "low"
    assert metrics.sharpe.reason == "zero variance"
    assert metrics.calmar.reason == "no drawdown"
    assert metrics.max_drawdown.value is not None and metrics.max_drawdown.value.depth == 0.0
    assert metrics.current_drawdown.value is not None
    assert metrics.current_drawdown.value.depth == 0.0


def test_risk_metrics_of_a_single_point_are_all_undefined() -> None:
    metrics = risk_metrics(["2024-01-01"], [5.0])
    for measure in (metrics.volatility, metrics.sharpe, metrics.sortino, metrics.calmar, metrics.risk_level):
        assert measure.value is None and measure.reason
    assert metrics.max_drawdown.value is None and metrics.current_drawdown.value is None


price_paths = st.lists(st.floats(-0.5, 0.5), min_size=3, max_size=60).map(
    lambda returns: 100.0 * np.cumprod(1.0 + np.array(returns))
)


@settings(deadline=None)
@given(prices=price_paths)
def test_drawdowns_are_never_positive(prices: FloatArray) -> None:
    assert (drawdown_series(prices) <= 0).all()
    assert (drawdown_series(np.vstack([prices, prices[::-1]])) <= 0).all()
    dates = np.datetime64("2024-01-01") + np.arange(prices.shape[0])
    result = max_drawdown(dates, prices).value
    assert result is not None and result.depth <= 0


@settings(deadline=None)
@given(prices=price_paths, scale=st.floats(1e-3, 1e3))
def test_scaling_prices_leaves_risk_measures_unchanged(prices: FloatArray, scale: float) -> None:
    dates = np.datetime64("2024-01-01") + np.arange(prices.shape[0])
    original = risk_metrics(dates, prices)
    scaled = risk_metrics(dates, prices * scale)
    assert scaled.volatility.value == pytest.approx(original.volatility.value, rel=1e-9, abs=1e-12)
    # Scaling rounds each return by ~1e-16; the ratios divide by a deviation, so compare
    # each only where that rounding is negligible against its deviation.
    returns = np.diff(prices) / prices[:-1]
    deviations = {
        "sharpe": np.std(returns),
        "sortino": np.sqrt(np.mean(np.minimum(returns, 0) ** 2)),
    }
    for name, deviation in deviations.items():
        if deviation > 1e-4:
            before, after = getattr(original, name).value, getattr(scaled, name).value
            assert before is not None and after is not None
            assert after == pytest.approx(before, rel=1e-9, abs=1e-9)
    assert original.max_drawdown.value is not None and scaled.max_drawdown.value is not None
    assert scaled.max_drawdown.value.depth == pytest.approx(original.max_drawdown.value.depth, abs=1e-12)
    assert original.current_drawdown.value is not None and scaled.current_drawdown.value is not None
    assert scaled.current_drawdown.value.depth == pytest.approx(
        original.current_drawdown.value.depth, abs=1e-12
    )


def test_risk_measures_match_pandas_on_real_data(sp500: pd.DataFrame) -> None:
    close = sp500.set_index("date")["close"]
    returns = close.pct_change().dropna()
    excess = returns - 0.03 / 252
    downside = np.sqrt((returns - 0.02 / 252).clip(upper=0).pow(2).mean())
    metrics = risk_metrics(
        close.index.to_numpy(), close.to_numpy(), risk_free_rate=0.03, min_acceptable_return=0.02
    )

    assert metrics.volatility.value == pytest.approx(returns.std() * np.sqrt(252), rel=1e-9)
    assert metrics.sharpe.value == pytest.approx(excess.mean() / excess.std() * np.sqrt(252), rel=1e-9)
    assert metrics.sortino.value == pytest.approx(
        252 * (returns - 0.02 / 252).mean() / (downside * np.sqrt(252)), rel=1e-9
    )
    drawdown = close / close.cummax() - 1
    assert drawdown_series(close.to_numpy()) == pytest.approx(drawdown.to_numpy(), rel=1e-9, abs=1e-15)
    deepest = metrics.max_drawdown.value
    assert deepest is not None
    assert deepest.depth == pytest.approx(drawdown.min(), rel=1e-9)
    assert deepest.trough_date == drawdown.idxmin().date()
    assert deepest.peak_date == close[: drawdown.idxmin()].idxmax().date()
    recovered = close[drawdown.idxmin() :]
    assert (
        deepest.recovery_date == recovered[recovered >= close[deepest.peak_date.isoformat()]].index[0].date()
    )
    latest = metrics.current_drawdown.value
    assert latest is not None
    assert latest.depth == pytest.approx(close.iloc[-1] / close.iloc[-120:].max() - 1, rel=1e-9)
    assert latest.high_date == close.iloc[-120:].idxmax().date()
