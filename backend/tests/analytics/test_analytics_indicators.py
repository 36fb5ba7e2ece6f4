import itertools
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ta.momentum import RSIIndicator, StochasticOscillator
from ta.trend import MACD
from ta.volatility import AverageTrueRange, BollingerBands

from etftool.analytics.indicators import (
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
from etftool.analytics.series import FloatArray

NAN = np.nan


def same(actual: FloatArray, expected: list[float] | FloatArray, rel: float = 1e-12) -> bool:
    """Equal NaN positions and values within ``rel`` elsewhere."""
    expected_array = np.asarray(expected, dtype=float)
    if actual.shape != expected_array.shape:
        return False
    if not np.array_equal(np.isnan(actual), np.isnan(expected_array)):
        return False
    defined = ~np.isnan(expected_array)
    return bool(np.allclose(actual[defined], expected_array[defined], rtol=rel, atol=1e-12))


# --- hand-computed examples -------------------------------------------------------------


def test_sma_by_hand() -> None:
    # (1+2+3)/3, (2+3+4)/3, (3+4+5)/3
    assert same(sma([1.0, 2.0, 3.0, 4.0, 5.0], 3), [NAN, NAN, 2.0, 3.0, 4.0])


def test_ema_by_hand() -> None:
    # span 3: alpha = 2/4 = 0.5; 1 -> 0.5*1+0.5*2 = 1.5 -> 0.5*1.5+0.5*3 = 2.25 -> 0.5*2.25+0.5*4
    assert same(ema([1.0, 2.0, 3.0, 4.0], 3), [NAN, NAN, 2.25, 3.125])


def test_macd_by_hand() -> None:
    # fast 2 (alpha 2/3): 1, 5/3, 23/9, 95/27; slow 3 (alpha 1/2): 1, 3/2, 9/4, 25/8.
    # DIF from index 2: 23/9 - 9/4 = 11/36, 95/27 - 25/8 = 85/216.
    # DEA (signal 2, alpha 2/3) seeded at 11/36: 1/3*11/36 + 2/3*85/216 = 59/162, from index 3.
    # bar = 2*(85/216 - 59/162) = 2*19/648 = 19/324.
    result = macd([1.0, 2.0, 3.0, 4.0], fast=2, slow=3, signal=2)
    assert same(result.dif, [NAN, NAN, 11 / 36, 85 / 216])
    assert same(result.dea, [NAN, NAN, NAN, 59 / 162])
    assert same(result.bar, [NAN, NAN, NAN, 19 / 324])
    western = macd([1.0, 2.0, 3.0, 4.0], fast=2, slow=3, signal=2, bar_multiplier=1.0)
    assert same(western.bar, [NAN, NAN, NAN, 19 / 648])


def test_rsi_by_hand() -> None:
    # window 2, changes +1, -0.5, +1, -0.5 -> gains 1,0,1,0 and losses 0,0.5,0,0.5.
    # index 2: G = (1+0)/2 = 0.5, L = (0+0.5)/2 = 0.25, RS = 2     -> 100 - 100/3
    # index 3: G = (0.5+1)/2 = 0.75, L = (0.25+0)/2 = 0.125, RS = 6 -> 100 - 100/7
    # index 4: G = (0.75+0)/2 = 0.375, L = (0.125+0.5)/2 = 0.3125, RS = 1.2 -> 100 - 100/2.2
    result = rsi([10.0, 11.0, 10.5, 11.5, 11.0], window=2)
    assert same(result, [NAN, NAN, 100 - 100 / 3, 100 - 100 / 7, 100 - 100 / 2.2])


def test_rsi_extremes_and_flat_prices() -> None:
    assert same(rsi([1.0, 2.0, 3.0, 4.0], window=2), [NAN, NAN, 100.0, 100.0])
    assert same(rsi([4.0, 3.0, 2.0, 1.0], window=2), [NAN, NAN, 0.0, 0.0])
    assert same(rsi([5.0, 5.0, 5.0, 5.0], window=2), [NAN, NAN, 50.0, 50.0])


def test_atr_by_hand() -> None:
    # TR0 = H-L = 2; TR1 = max(12-9, |12-9|, |9-9|) = 3; TR2 = max(14-13, |14-11|, |13-11|) = 3
    # ATR(2) at index 1 = (2+3)/2 = 2.5; index 2 = (2.5*1 + 3)/2 = 2.75
    result = atr([10.0, 12.0, 14.0], [8.0, 9.0, 13.0], [9.0, 11.0, 13.5], window=2)
    assert same(result, [NAN, 2.5, 2.75])


def test_bollinger_by_hand() -> None:
    # window 3 on 1,2,3,5: index 2 mean 2, population variance (1+0+1)/3 = 2/3;
    # index 3 mean 10/3, deviations -4/3,-1/3,5/3, variance (16+1+25)/9/3 = 14/9.
    bands = bollinger([1.0, 2.0, 3.0, 5.0], window=3, num_std=2.0)
    assert same(bands.middle, [NAN, NAN, 2.0, 10 / 3])
    assert same(bands.upper, [NAN, NAN, 2 + 2 * np.sqrt(2 / 3), 10 / 3 + 2 * np.sqrt(14) / 3])
    assert same(bands.lower, [NAN, NAN, 2 - 2 * np.sqrt(2 / 3), 10 / 3 - 2 * np.sqrt(14) / 3])


def test_kdj_by_hand() -> None:
    # window 3: index 2 HHV 12, LLV 8, RSV = (11-8)/4*100 = 75
    #   K = 2/3*50 + 1/3*75 = 175/3, D = 2/3*50 + 1/3*175/3 = 475/9, J = 175 - 950/9 = 625/9
    # index 3: HHV 12, LLV 9, RSV = (10-9)/3*100 = 100/3
    #   K = 2/3*175/3 + 1/3*100/3 = 50, D = 2/3*475/9 + 1/3*50 = 1400/27, J = 150 - 2800/27 = 1250/27
    result = kdj([10.0, 11.0, 12.0, 11.0], [8.0, 9.0, 10.0, 9.0], [9.0, 10.0, 11.0, 10.0], window=3)
    assert same(result.k, [NAN, NAN, 175 / 3, 50.0])
    assert same(result.d, [NAN, NAN, 475 / 9, 1400 / 27])
    assert same(result.j, [NAN, NAN, 625 / 9, 1250 / 27])


def test_kdj_of_flat_prices_stays_neutral() -> None:
    flat = [3.0] * 12
    result = kdj(flat, flat, flat)
    assert same(result.k, [NAN] * 8 + [50.0] * 4)
    assert same(result.j, [NAN] * 8 + [50.0] * 4)


def test_bollinger_of_flat_prices_collapses_to_the_price() -> None:
    bands = bollinger([7.0] * 25)
    assert same(bands.upper, [NAN] * 19 + [7.0] * 6)
    assert same(bands.lower, [NAN] * 19 + [7.0] * 6)


# --- edge cases ---------------------------------------------------------------------------

ONE_SERIES_INDICATORS: dict[str, Callable[[FloatArray], FloatArray]] = {
    "sma": lambda c: sma(c, 20),
    "ema": lambda c: ema(c, 20),
    "macd": lambda c: macd(c).dea,
    "rsi": lambda c: rsi(c),
    "atr": lambda c: atr(c, c, c),
    "bollinger": lambda c: bollinger(c).upper,
    "kdj": lambda c: kdj(c, c, c).k,
}


@pytest.mark.parametrize("name", sorted(ONE_SERIES_INDICATORS))
@pytest.mark.parametrize("length", [0, 1, 5])
def test_fewer_points_than_the_window_give_nan(name: str, length: int) -> None:
    result = ONE_SERIES_INDICATORS[name](np.linspace(1.0, 2.0, length, dtype=np.float64))
    assert result.shape == (length,)
    assert np.isnan(result).all()


def test_nan_days_are_skipped_in_1d_input() -> None:
    assert same(sma([1.0, NAN, 2.0, 3.0, None], 2), [NAN, NAN, 1.5, 2.5, NAN])


def test_rows_with_nan_give_nan_rows_in_2d_input() -> None:
    closes = np.array([[1.0, 2.0, 3.0, 4.0], [1.0, NAN, 3.0, 4.0], [4.0, 3.0, 3.0, 5.0]])
    result = ema(closes, 2)
    assert same(result[0], ema(closes[0], 2))
    assert np.isnan(result[1]).all()
    assert same(result[2], ema(closes[2], 2))


def test_invalid_parameters_are_programmer_errors() -> None:
    with pytest.raises(ValueError):
        sma([1.0, 2.0], 0)
    with pytest.raises(ValueError):
        macd([1.0, 2.0], signal=0)
    with pytest.raises(ValueError):
        atr([1.0, 2.0], [1.0], [1.0, 2.0])


def test_compute_indicators_cleans_unsorted_duplicated_and_missing_input() -> None:
    dates = np.datetime64("2024-01-01") + np.arange(40)
    closes = 10 + np.sin(np.arange(40.0))
    order = np.random.default_rng(7).permutation(40)
    # Stale rows for the first 3 days come first and are superseded by the later rows; the
    # NaN row for day 5 is dropped, leaving its valid row.
    messy_dates = np.concatenate([dates[:3], dates[order], dates[5:6]])
    messy_closes = np.concatenate([closes[:3] + 100, closes[order], [NAN]])
    result = compute_indicators(messy_dates, messy_closes)
    expected = indicator_set(closes)
    assert np.array_equal(result.series.dates, dates)
    assert same(result.indicators.rsi, expected.rsi)
    assert same(result.indicators.sma[20], expected.sma[20])
    assert same(result.indicators.kdj.j, expected.kdj.j)


# --- properties -----------------------------------------------------------------------------

closes_strategy = st.lists(st.floats(-0.2, 0.2), min_size=1, max_size=80).map(
    lambda returns: 50.0 * np.cumprod(1.0 + np.array(returns))
)


@settings(deadline=None)
@given(closes=closes_strategy)
def test_rsi_is_between_0_and_100(closes: FloatArray) -> None:
    values = rsi(closes, window=5)
    defined = values[~np.isnan(values)]
    assert ((defined >= 0) & (defined <= 100)).all()
    assert defined.shape[0] == max(0, closes.shape[0] - 5)


@settings(deadline=None)
@given(
    closes=closes_strategy,
    spreads=st.lists(st.tuples(st.floats(0, 0.1), st.floats(0, 0.1)), min_size=80, max_size=80),
)
def test_kdj_k_and_d_are_finite_and_bounded_where_defined(
    closes: FloatArray, spreads: list[tuple[float, float]]
) -> None:
    up, down = np.array(spreads[: closes.shape[0]]).T.reshape(2, -1)
    result = kdj(closes * (1 + up), closes * (1 - down), closes)
    for line in (result.k, result.d):
        defined = line[8:]
        assert np.isfinite(defined).all()
        assert ((defined >= -1e-9) & (defined <= 100 + 1e-9)).all()
        assert np.isnan(line[:8]).all()


@settings(deadline=None)
@given(
    rows=st.lists(
        st.lists(st.floats(-0.2, 0.2), min_size=40, max_size=40).map(lambda r: np.cumprod(1.0 + np.array(r))),
        min_size=1,
        max_size=4,
    )
)
def test_2d_input_matches_each_row(rows: list[FloatArray]) -> None:
    matrix = np.vstack(rows)
    batch = indicator_set(matrix)
    for i, row in enumerate(rows):
        single = indicator_set(row)
        assert same(batch.rsi[i], single.rsi)
        assert same(batch.macd.bar[i], single.macd.bar)
        assert same(batch.bollinger.lower[i], single.bollinger.lower)
        assert same(batch.kdj.d[i], single.kdj.d)
        assert same(batch.atr[i], single.atr)


# --- against plain day-by-day recursions ------------------------------------------------------
# The smoothing runs block by block; these references step through the days one at a time.


def plain_smoothing(values: list[float], alpha: float, start: int, seed: float) -> list[float]:
    """``out[start] = seed``, then ``out[t] = (1 - alpha) out[t-1] + alpha values[t]``."""
    out = [NAN] * len(values)
    if len(values) > start:
        out[start] = seed
        for day in range(start + 1, len(values)):
            out[day] = (1 - alpha) * out[day - 1] + alpha * values[day]
    return out


def plain_ema(closes: list[float], span: int) -> list[float]:
    smoothed = plain_smoothing(closes, 2 / (span + 1), 0, closes[0]) if closes else []
    return [NAN] * min(span - 1, len(closes)) + smoothed[span - 1 :]


def plain_rsi(closes: list[float], window: int) -> list[float]:
    changes = [0.0] + [today - yesterday for yesterday, today in itertools.pairwise(closes)]
    gains, losses = [max(change, 0.0) for change in changes], [max(-change, 0.0) for change in changes]
    average_gain, average_loss = (
        plain_smoothing(moves, 1 / window, window, sum(moves[1 : window + 1]) / window)
        for moves in (gains, losses)
    )
    return [
        100 * gain / (gain + loss) if gain + loss > 0 else (50.0 if gain + loss == 0 else NAN)
        for gain, loss in zip(average_gain, average_loss, strict=True)
    ]


def plain_atr(highs: list[float], lows: list[float], closes: list[float], window: int) -> list[float]:
    true_ranges = [highs[0] - lows[0]] + [
        max(high - low, abs(high - previous), abs(low - previous))
        for high, low, previous in zip(highs[1:], lows[1:], closes[:-1], strict=True)
    ]
    return plain_smoothing(true_ranges, 1 / window, window - 1, sum(true_ranges[:window]) / window)


def plain_kdj(highs: list[float], lows: list[float], closes: list[float]) -> tuple[list[float], ...]:
    raw = [NAN] * 8
    for day in range(8, len(closes)):
        lowest, highest = min(lows[day - 8 : day + 1]), max(highs[day - 8 : day + 1])
        raw.append((closes[day] - lowest) / (highest - lowest) * 100 if highest > lowest else 50.0)
    k = plain_smoothing(raw, 1 / 3, 8, 2 / 3 * 50 + raw[8] / 3) if len(raw) > 8 else raw
    d = plain_smoothing(k, 1 / 3, 8, 2 / 3 * 50 + k[8] / 3) if len(k) > 8 else k
    return k, d, [3 * k_value - 2 * d_value for k_value, d_value in zip(k, d, strict=True)]


def random_bars(n_days: int, seed: int = 5) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Random-walk closes with highs and lows up to 1 % around them."""
    rng = np.random.default_rng(seed)
    closes = 100 * np.cumprod(1 + rng.normal(0.0003, 0.012, n_days), dtype=np.float64)
    return closes * (1 + rng.uniform(0, 0.01, n_days)), closes * (1 - rng.uniform(0, 0.01, n_days)), closes


@pytest.mark.parametrize("span", [1, 2, 3, 12, 26, 60])
@pytest.mark.parametrize("n_days", [1, 2, 7, 8, 9, 16, 17, 64, 65, 100, 600])
def test_ema_matches_a_plain_recursion(n_days: int, span: int) -> None:
    closes = random_bars(n_days)[2]
    assert same(ema(closes, span), plain_ema(closes.tolist(), span))


@pytest.mark.parametrize("n_days", [15, 16, 17, 23, 24, 25, 64, 65, 100])
def test_wilder_and_kdj_seeds_match_plain_recursions(n_days: int) -> None:
    # Lengths around the seeds (day 8, 13 and 14) and around multiples of the block size.
    highs, lows, closes = random_bars(n_days)
    high_list, low_list, close_list = highs.tolist(), lows.tolist(), closes.tolist()
    assert same(rsi(closes), plain_rsi(close_list, 14))
    assert same(atr(highs, lows, closes), plain_atr(high_list, low_list, close_list, 14))
    result, (k, d, j) = kdj(highs, lows, closes), plain_kdj(high_list, low_list, close_list)
    assert same(result.k, k) and same(result.d, d) and same(result.j, j)


def test_smoothing_stays_accurate_over_a_longer_history_than_the_sp500() -> None:
    highs, lows, closes = random_bars(20_000)
    high_list, low_list, close_list = highs.tolist(), lows.tolist(), closes.tolist()
    result = indicator_set(closes, highs, lows)
    assert same(ema(closes, 200), plain_ema(close_list, 200))
    assert same(result.rsi, plain_rsi(close_list, 14))
    assert same(result.atr, plain_atr(high_list, low_list, close_list, 14))
    k, d, j = plain_kdj(high_list, low_list, close_list)
    assert same(result.kdj.k, k) and same(result.kdj.d, d) and same(result.kdj.j, j)
    # MACD's lines are differences of close EMAs, so compare them at the closes' scale.
    slow, fast = plain_ema(close_list, 26), plain_ema(close_list, 12)
    dif = np.array(fast) - np.array(slow)
    dea = plain_smoothing(dif.tolist(), 0.2, 25, dif[25])
    assert np.allclose(result.macd.dif[25:], dif[25:], rtol=0, atol=1e-12 * closes.max())
    assert np.allclose(result.macd.dea[33:], dea[33:], rtol=0, atol=1e-12 * closes.max())


@pytest.mark.parametrize("n_days", [31, 32, 33, 46, 47, 1024, 1025, 1038, 1039, 4096, 4097, 4110, 4111])
def test_smoothing_matches_plain_recursions_around_block_boundaries(n_days: int) -> None:
    # Blocks of 32 days, 32 blocks a level up and 128 blocks per matrix product; the Wilder
    # averages start 13 or 14 days later than the EMAs.
    highs, lows, closes = random_bars(n_days, seed=n_days)
    high_list, low_list, close_list = highs.tolist(), lows.tolist(), closes.tolist()
    assert same(ema(closes, 12), plain_ema(close_list, 12))
    assert same(rsi(closes), plain_rsi(close_list, 14))
    assert same(atr(highs, lows, closes), plain_atr(high_list, low_list, close_list, 14))
    result, (k, d, _) = kdj(highs, lows, closes), plain_kdj(high_list, low_list, close_list)
    assert same(result.k, k) and same(result.d, d)


@pytest.mark.parametrize("window", [1, 2, 3, 7, 8, 11, 60, 63, 64, 65, 200])
def test_rolling_windows_of_any_length_match_plain_sums_and_extremes(window: int) -> None:
    # Windows are folded from runs of 1, 2, 4, ... days, so every binary digit counts.
    highs, lows, closes = random_bars(300, seed=window)
    days = range(window - 1, 300)
    expected_mean = [NAN] * (window - 1) + [sum(closes[day - window + 1 : day + 1]) / window for day in days]
    assert same(sma(closes, window), expected_mean)
    raw = [NAN] * (window - 1)
    for day in days:
        lowest, highest = lows[day - window + 1 : day + 1].min(), highs[day - window + 1 : day + 1].max()
        raw.append((closes[day] - lowest) / (highest - lowest) * 100)
    expected_k = plain_smoothing(raw, 1 / 3, window - 1, 2 / 3 * 50 + raw[window - 1] / 3)
    assert same(kdj(highs, lows, closes, window=window).k, expected_k)


@pytest.mark.parametrize("span", [1, 2, 3, 250, 4000])
def test_ema_of_short_and_long_spans_matches_a_plain_recursion(span: int) -> None:
    # Span 1 does not smooth at all; long spans decay slowly across many blocks.
    closes = random_bars(5000, seed=span)[2]
    assert same(ema(closes, span), plain_ema(closes.tolist(), span))


def test_leading_missing_days_and_gaps_in_a_long_history_are_skipped() -> None:
    highs, lows, closes = random_bars(20_000, seed=11)
    gaps = np.random.default_rng(11).random(20_000) < 0.05
    gaps[:40] = True
    closes_with_gaps = np.where(gaps, NAN, closes)
    kept_highs, kept_lows, kept = highs[~gaps].tolist(), lows[~gaps].tolist(), closes[~gaps].tolist()

    def spread(values: list[float]) -> FloatArray:
        expected = np.full(20_000, NAN)
        expected[~gaps] = values
        return expected

    result = indicator_set(closes_with_gaps, highs, lows)
    assert same(ema(closes_with_gaps, 26), spread(plain_ema(kept, 26)))
    assert same(result.rsi, spread(plain_rsi(kept, 14)))
    assert same(result.atr, spread(plain_atr(kept_highs, kept_lows, kept, 14)))
    k, d, _ = plain_kdj(kept_highs, kept_lows, kept)
    assert same(result.kdj.k, spread(k)) and same(result.kdj.d, spread(d))
    dif = np.array(plain_ema(kept, 12)) - np.array(plain_ema(kept, 26))
    dea = spread(plain_smoothing(dif.tolist(), 0.2, 25, dif[25]))
    dea[np.flatnonzero(~gaps)[:33]] = NAN
    assert np.array_equal(np.isnan(result.macd.dea), np.isnan(dea))
    assert np.allclose(result.macd.dea, dea, rtol=0, atol=1e-12 * closes.max(), equal_nan=True)


def test_emas_of_several_spans_match_one_ema_per_span() -> None:
    closes = np.vstack([random_bars(70, seed)[2] for seed in range(3)])
    closes[1, 40] = NAN
    result = emas(closes, (26, 5, 26, 12))
    assert list(result) == [26, 5, 12]
    for span, values in result.items():
        assert np.array_equal(values, ema(closes, span), equal_nan=True)
    assert np.isnan(result[5][1]).all()


def test_nan_gaps_are_skipped_by_the_smoothing() -> None:
    highs, lows, closes = random_bars(90)
    gaps = np.zeros(90, dtype=bool)
    gaps[[0, 7, 8, 9, 30, 31, 32, 33, 34, 35, 36, 37, 38, 60, 89]] = True
    closes_with_gaps = np.where(gaps, NAN, closes)
    kept = closes[~gaps].tolist()
    expected_ema = np.full(90, NAN)
    expected_ema[~gaps] = plain_ema(kept, 12)
    expected_rsi = np.full(90, NAN)
    expected_rsi[~gaps] = plain_rsi(kept, 14)
    expected_k = np.full(90, NAN)
    expected_k[~gaps] = plain_kdj(highs[~gaps].tolist(), lows[~gaps].tolist(), kept)[0]
    assert same(ema(closes_with_gaps, 12), expected_ema)
    assert same(rsi(closes_with_gaps), expected_rsi)
    assert same(kdj(highs, lows, closes_with_gaps).k, expected_k)


# --- cross-checks on real data against pandas and ta ------------------------------------------

REL = 1e-9


@pytest.mark.parametrize("window", [5, 10, 20, 60])
def test_sma_matches_pandas_rolling(sp500: pd.DataFrame, window: int) -> None:
    expected = sp500["close"].rolling(window).mean().to_numpy()
    assert same(sma(sp500["close"].to_numpy(), window), expected, REL)


@pytest.mark.parametrize("span", [5, 12, 26])
def test_ema_matches_pandas_ewm(sp500: pd.DataFrame, span: int) -> None:
    expected = sp500["close"].ewm(span=span, adjust=False, min_periods=span).mean().to_numpy()
    assert same(ema(sp500["close"].to_numpy(), span), expected, REL)


def test_macd_matches_ta(sp500: pd.DataFrame) -> None:
    reference = MACD(sp500["close"], window_slow=26, window_fast=12, window_sign=9)
    result = macd(sp500["close"].to_numpy())
    assert same(result.dif, reference.macd().to_numpy(), REL)
    assert same(result.dea, reference.macd_signal().to_numpy(), REL)
    assert same(result.bar, 2 * reference.macd_diff().to_numpy(), REL)


def test_rsi_matches_ta_after_warm_up(sp500: pd.DataFrame) -> None:
    # ta seeds Wilder's averages with the first change instead of the mean of the first 14;
    # the difference decays by 13/14 a day, below 1e-15 after 500 days.
    expected = RSIIndicator(sp500["close"], window=14).rsi().to_numpy()
    assert same(rsi(sp500["close"].to_numpy())[500:], expected[500:], REL)


def test_rsi_matches_a_pandas_wilder_recursion_from_the_start(sp500: pd.DataFrame) -> None:
    change = sp500["close"].diff()
    averages = []
    for moves in (change.clip(lower=0), (-change).clip(lower=0)):
        seeded = moves.iloc[14:].copy()
        seeded.iloc[0] = moves.iloc[1:15].mean()
        averages.append(seeded.ewm(alpha=1 / 14, adjust=False).mean())
    gain, loss = averages
    expected = np.concatenate([[NAN] * 14, (100 - 100 / (1 + gain / loss)).to_numpy()])
    assert same(rsi(sp500["close"].to_numpy()), expected, REL)


def test_atr_matches_ta(sp500: pd.DataFrame) -> None:
    expected = AverageTrueRange(sp500["high"], sp500["low"], sp500["close"], window=14).average_true_range()
    result = atr(sp500["high"].to_numpy(), sp500["low"].to_numpy(), sp500["close"].to_numpy())
    assert np.isnan(result[:13]).all()
    assert same(result[13:], expected.to_numpy()[13:], REL)


def test_bollinger_matches_ta(sp500: pd.DataFrame) -> None:
    reference = BollingerBands(sp500["close"], window=20, window_dev=2)
    bands = bollinger(sp500["close"].to_numpy())
    assert same(bands.middle, reference.bollinger_mavg().to_numpy(), REL)
    assert same(bands.upper, reference.bollinger_hband().to_numpy(), REL)
    assert same(bands.lower, reference.bollinger_lband().to_numpy(), REL)


def test_kdj_matches_ta_stochastic_smoothed_with_pandas(sp500: pd.DataFrame) -> None:
    raw = StochasticOscillator(sp500["high"], sp500["low"], sp500["close"], window=9).stoch()
    k = pd.concat([pd.Series([50.0]), raw.iloc[8:]]).ewm(alpha=1 / 3, adjust=False).mean().iloc[1:]
    d = pd.concat([pd.Series([50.0]), k]).ewm(alpha=1 / 3, adjust=False).mean().iloc[1:]
    result = kdj(sp500["high"].to_numpy(), sp500["low"].to_numpy(), sp500["close"].to_numpy())
    warm_up = [NAN] * 8
    assert same(result.k, np.concatenate([warm_up, k.to_numpy()]), REL)
    assert same(result.d, np.concatenate([warm_up, d.to_numpy()]), REL)
    assert same(result.j, np.concatenate([warm_up, (3 * k - 2 * d).to_numpy()]), REL)
