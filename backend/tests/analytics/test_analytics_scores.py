import datetime

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest
from ta.momentum import RSIIndicator

from etftool.analytics.scores import (
    TEMPERATURE_WEIGHTS,
    grid_suggestion,
    percentile_of_last,
    price_percentile,
    temperature,
    temperature_level,
    trend,
    volatility_percentile,
    weekly_closes,
)
from etftool.analytics.series import as_dates

D = datetime.date


def days(count: int, start: str = "2024-01-01") -> npt.NDArray[np.datetime64]:
    """Consecutive calendar days; 2024-01-01 is a Monday."""
    return np.datetime64(start) + np.arange(count)


def test_percentile_of_last_by_hand() -> None:
    # 1, 3, 2 of the 5 values are below the last (4): 3/5.
    assert percentile_of_last(np.array([1.0, 3.0, 2.0, 5.0, 4.0])).value == pytest.approx(60.0)
    # Lookback 3 keeps 2, 5, 4: only 2 is below 4.
    assert percentile_of_last(np.array([1.0, 3.0, 2.0, 5.0, 4.0]), lookback=3).value == pytest.approx(100 / 3)
    assert percentile_of_last(np.array([7.0, 7.0, 7.0])).value == 0.0
    assert percentile_of_last(np.array([7.0])).reason == "needs at least 2 values"


def test_price_percentile_cleans_its_input() -> None:
    # Sorted: 01-01 1, 01-02 3, 01-03 2 (the NaN duplicate is dropped), 01-04 4: 3 of 4 below.
    result = price_percentile(
        ["2024-01-04", "2024-01-02", "2024-01-01", "2024-01-03", "2024-01-03"], [4.0, 3.0, 1.0, 2.0, None]
    )
    assert result.value == pytest.approx(75.0)


def test_volatility_percentile_by_hand() -> None:
    # 41 returns: 40 alternating +1 %/-1 % then +10 %. Of the 22 rolling 20-day windows only
    # the last contains the jump, so it is the most volatile: 21 of 22 below it.
    closes = np.cumprod(np.r_[100.0, np.tile([1.01, 0.99], 20), 1.10])
    result = volatility_percentile(days(closes.shape[0]), closes)
    assert result.value == pytest.approx(21 / 22 * 100)
    assert volatility_percentile(days(21), np.linspace(1, 2, 21)).reason == "needs at least 2 values"


def test_weekly_closes_take_the_last_trading_day_of_each_week() -> None:
    dates = as_dates(["2024-01-01", "2024-01-03", "2024-01-05", "2024-01-09", "2024-01-11"])
    week_dates, closes = weekly_closes(dates, np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
    assert week_dates.tolist() == [D(2024, 1, 5), D(2024, 1, 11)]
    assert closes.tolist() == [3.0, 5.0]


def test_daily_and_weekly_trend() -> None:
    # 140 days from a Monday = 20 full weeks, enough for weekly MA20 and daily MA60.
    rising = np.arange(1.0, 141.0)
    assert trend(days(140), rising).daily.value == "bullish"
    assert trend(days(140), rising).weekly.value == "bullish"
    assert trend(days(140), rising[::-1]).daily.value == "bearish"
    assert trend(days(140), rising[::-1]).weekly.value == "bearish"
    flat = np.full(140, 3.0)
    assert trend(days(140), flat).daily.value == "neutral"
    # Up for 120 days then down for 20: MA5 < MA20 but MA20 > MA60, so no ordering holds.
    peaked = np.r_[np.arange(1.0, 121.0), np.arange(119.0, 99.0, -1.0)]
    assert trend(days(140), peaked).daily.value == "neutral"


def test_trend_needs_enough_history() -> None:
    # 133 days = 19 weeks: daily MA60 is defined, weekly MA20 is not.
    result = trend(days(133), np.arange(1.0, 134.0))
    assert result.daily.value == "bullish"
    assert result.weekly.reason == "needs at least 20 weeks"
    assert trend(days(59), np.arange(1.0, 60.0)).daily.reason == "needs at least 60 closes"


@pytest.mark.parametrize(
    ("score", "level"),
    [(0.0, "freezing"), (30.0, "freezing"), (30.01, "cool"), (50.0, "cool"), (70.0, "warm"), (70.01, "hot")],
)
def test_temperature_levels(score: float, level: str) -> None:
    assert temperature_level(score) == level


def test_temperature_of_a_short_rising_series_by_hand() -> None:
    # 16 rising closes: at the 120-day high (drawdown 0 -> 100 points), RSI14 100 (only gains),
    # 15 of 16 closes below today (93.75). Too short for 20-day volatility percentiles (needs
    # 22 closes) and MA60, so the weights 0.3, 0.2, 0.2 are rescaled by 1/0.7:
    # (0.3*100 + 0.2*100 + 0.2*93.75) / 0.7 = 68.75 / 0.7.
    result = temperature(days(16), np.arange(1.0, 17.0)).value
    assert result is not None
    assert result.components.drawdown.value == pytest.approx(100.0)
    assert result.components.rsi.value == pytest.approx(100.0)
    assert result.components.price_percentile.value == pytest.approx(93.75)
    assert result.components.volatility.reason == "needs at least 2 values"
    assert result.components.trend.reason == "needs at least 60 closes"
    assert result.score == pytest.approx(68.75 / 0.7)
    assert result.level == "hot"


def test_temperature_of_a_short_falling_series_is_freezing() -> None:
    # 16 falling closes: drawdown 1/16 - 1 = -93.75 % (clipped to 0 points), RSI 0, no close
    # below today (0).
    result = temperature(days(16), np.arange(16.0, 0.0, -1.0)).value
    assert result is not None
    assert result.score == 0.0
    assert result.level == "freezing"


def test_temperature_drawdown_points_are_linear() -> None:
    # 3 closes: 100, 100, 91: drawdown -9 % -> 100 * (1 - 0.09/0.30) = 70 points. RSI,
    # volatility and trend are undefined; percentile 0 (nothing below 91).
    # (0.3*70 + 0.2*0) / 0.5 = 42.
    result = temperature(days(3), [100.0, 100.0, 91.0]).value
    assert result is not None
    assert result.components.drawdown.value == pytest.approx(70.0)
    assert result.components.price_percentile.value == 0.0
    assert result.score == pytest.approx(42.0)
    assert result.level == "cool"


def test_temperature_of_a_single_point_is_undefined() -> None:
    assert temperature(days(1), [1.0]).reason == "needs at least 2 prices"
    assert temperature([], []).reason == "needs at least 2 prices"


def test_temperature_matches_pandas_and_ta_on_real_data(sp500: pd.DataFrame) -> None:
    close = sp500.set_index("date")["close"]
    drawdown = close.iloc[-1] / close.iloc[-120:].max() - 1
    rolling_volatility = close.pct_change().rolling(20).std().dropna()
    averages = [close.iloc[-w:].mean() for w in (5, 20, 60)]
    trend_points = (
        80.0
        if averages[0] > averages[1] > averages[2]
        else (20.0 if averages[0] < averages[1] < averages[2] else 50.0)
    )
    expected = {
        "drawdown": min(100.0, max(0.0, 100 * (1 + drawdown / 0.30))),
        "rsi": RSIIndicator(close, window=14).rsi().iloc[-1],
        "price_percentile": (close.iloc[-2520:] < close.iloc[-1]).mean() * 100,
        "volatility": 100 - (rolling_volatility < rolling_volatility.iloc[-1]).mean() * 100,
        "trend": trend_points,
    }
    result = temperature(close.index.to_numpy(), close.to_numpy()).value
    assert result is not None
    for name, value in expected.items():
        assert getattr(result.components, name).value == pytest.approx(value, rel=1e-9), name
    assert result.score == pytest.approx(
        sum(TEMPERATURE_WEIGHTS[n] * v for n, v in expected.items()), rel=1e-9
    )


def test_grid_suggestion_out_of_range_above_by_hand() -> None:
    # Closes 1..60. P95 at position 0.95*59 = 56.05 -> 57.05; P5 at 2.95 -> 3.95; mid 30.5.
    # Close-only ATR: TR = 0 on day 0 and 1 after, ATR13 = 13/14, then
    # ATR_t = 1 - (1/14)(13/14)^(t-13): ATR59 = 1 - (13/14)^46 / 14.
    # 1.5 * ATR / 30.5 ~ 4.9 % -> clipped to 3 %; 53.1 / (30.5 * 0.03) = 58.03 -> 20 grids.
    # The last close 60 > 1.05 * 57.05 = 59.9025.
    result = grid_suggestion(days(60), np.arange(1.0, 61.0)).value
    assert result is not None
    assert result.upper == pytest.approx(57.05)
    assert result.lower == pytest.approx(3.95)
    assert result.mid == pytest.approx(30.5)
    assert result.atr == pytest.approx(1 - (13 / 14) ** 46 / 14, rel=1e-12)
    assert result.spacing == 0.03
    assert result.grid_count == 20
    assert (result.current_price, result.position, result.out_of_range) == (60.0, "above", True)


def test_grid_suggestion_out_of_range_below() -> None:
    # Closes 60..1: P5 = 3.95 and the last close 1 < 0.95 * 3.95.
    result = grid_suggestion(days(60), np.arange(60.0, 0.0, -1.0)).value
    assert result is not None
    assert (result.position, result.out_of_range) == ("below", True)


def test_grid_suggestion_inside_range_by_hand() -> None:
    # Closes alternate 100, 102 (30 each): P95 = 102, P5 = 100, mid 101.
    # Close-only TR = 0 then 2: ATR59 = 2 - (2/14)(13/14)^46; spacing = 1.5 * ATR / 101
    # ~ 2.96 % (inside 1-3 %); 2 / (101 * 0.0296) = 0.67 -> at least 5 grids.
    closes = np.tile([100.0, 102.0], 30)
    result = grid_suggestion(days(60), closes).value
    assert result is not None
    expected_atr = 2 - (2 / 14) * (13 / 14) ** 46
    assert (result.upper, result.lower, result.mid) == (102.0, 100.0, 101.0)
    assert result.spacing == pytest.approx(1.5 * expected_atr / 101, rel=1e-12)
    assert result.grid_count == 5
    assert (result.position, result.out_of_range) == ("inside", False)


def test_grid_suggestion_uses_high_and_low_for_atr() -> None:
    # High = close + 1, low = close - 1 on alternating 100/102: TR0 = 2 and then 3
    # (e.g. 103 - 100 after an up day), so ATR13 = (2 + 13*3)/14 and ATR59 = 3 - (13/14)^46 / 14.
    closes = np.tile([100.0, 102.0], 30)
    result = grid_suggestion(days(60), closes, closes + 1, closes - 1).value
    assert result is not None
    assert result.atr == pytest.approx(3 - (13 / 14) ** 46 / 14, rel=1e-12)
    assert result.spacing == 0.03  # 1.5 * ~3 / 101 ~ 4.5 %, clipped


def test_grid_suggestion_of_flat_prices() -> None:
    result = grid_suggestion(days(60), np.full(60, 5.0)).value
    assert result is not None
    assert (result.upper, result.lower, result.atr) == (5.0, 5.0, 0.0)
    assert (result.spacing, result.grid_count, result.position) == (0.01, 5, "inside")


def test_grid_suggestion_needs_a_full_window() -> None:
    assert grid_suggestion(days(59), np.arange(1.0, 60.0)).reason == "needs at least 60 closes"
    with pytest.raises(ValueError):
        grid_suggestion(days(60), np.arange(1.0, 61.0), window=1)
