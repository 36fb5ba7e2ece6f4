"""Technical indicators: SMA, EMA, MACD, RSI, ATR, Bollinger bands and KDJ.

Every indicator takes arrays of shape ``(n_days,)`` or ``(n_series, n_days)`` (time on the
last axis) and returns arrays of the same shape, NaN during the warm-up period in which the
indicator is undefined. Fewer days than the warm-up give an all-NaN result, never an error.
Missing values: for 1-D input, a day where any input is NaN/inf is skipped (the indicator is
computed over the remaining days and the output is NaN on the skipped day); for 2-D input a
row containing any NaN/inf yields an all-NaN row. Dates are not needed here; use
``compute_indicators`` to clean an unsorted, duplicated series first.

Conventions:

* SMA(n): mean of the last ``n`` values; first defined at index ``n-1``.
* EMA(n): ``alpha = 2/(n+1)``, ``EMA_0 = x_0``, ``EMA_t = (1-alpha) EMA_{t-1} + alpha x_t``
  (pandas ``ewm(span=n, adjust=False)``); reported from index ``n-1`` like pandas
  ``min_periods=n``.
* MACD(12, 26, 9): DIF = EMA12 - EMA26, defined from index 25. DEA = EMA9 of DIF seeded at
  the first defined DIF, defined from index 33. The histogram bar is
  ``bar_multiplier * (DIF - DEA)``; the default 2 follows the convention of Chinese
  charting apps, pass 1 for the Western histogram. (Matches the ``ta`` package's MACD for
  DIF and DEA.)
* RSI(14), Wilder: average gain and loss seeded with the mean of the first 14 price changes
  (defined from index 14), then ``avg_t = (13 avg_{t-1} + x_t) / 14``;
  ``RSI = 100 - 100 / (1 + G/L)``, 100 when ``L = 0 < G``, 50 when ``G = L = 0``.
* ATR(14): ``TR_t = max(H_t - L_t, |H_t - C_{t-1}|, |L_t - C_{t-1}|)`` and ``TR_0 = H_0 - L_0``
  (no previous close); ATR at index 13 is the mean of ``TR_0..TR_13``, then Wilder
  smoothing ``(13 ATR_{t-1} + TR_t) / 14`` (the ``ta`` package's convention).
* Bollinger(20, 2): SMA20 +/- 2 population standard deviations (ddof=0, as TA-Lib).
* KDJ(9, 3, 3): ``RSV = (C - LLV9(L)) / (HHV9(H) - LLV9(L)) * 100`` (50 when the 9-day range is
  zero), ``K = 2/3 K_{-1} + 1/3 RSV``, ``D = 2/3 D_{-1} + 1/3 K`` with ``K`` and ``D`` seeded at 50
  before index 8, ``J = 3K - 2D``; defined from index 8.
* Without high/low data (``high``/``low`` omitted in ``indicator_set`` or
  ``compute_indicators``) each day's high and low are taken to be its close.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from etftool.analytics.series import (
    DatesLike,
    FloatArray,
    PriceSeries,
    PricesLike,
    as_prices,
    clean_series,
    finite_layout,
)

DEFAULT_MA_WINDOWS: tuple[int, ...] = (5, 10, 20, 60)
_NEUTRAL = 50.0
_CHUNK_BYTES = 1 << 18
# Days per block of the exponential smoothing, and rows smoothed together (about 1 MiB):
# among the fastest measured from 1 to 500 series of 2,500 to 18,000 days.
_BLOCK_DAYS = 32
_SMOOTHING_CHUNK_BYTES = 1 << 20
# Blocks of one row per matrix product: larger products make OpenBLAS start threads, which
# on shared cores spin and cost about twice the CPU time they save.
_BLOCKS_PER_PRODUCT = 128


def _check_window(name: str, window: int) -> None:
    if window < 1:
        raise ValueError(f"{name} must be a positive integer, got {window}")


def _nan_like(block: FloatArray) -> FloatArray:
    return np.full(block.shape, np.nan)


def _nan_head(shape: tuple[int, ...], first_defined: int) -> FloatArray:
    """An uninitialised array whose columns before ``first_defined`` are NaN."""
    out = np.empty(shape)
    out[:, :first_defined] = np.nan
    return out


@functools.lru_cache(maxsize=64)
def _decay_matrix(decay: float) -> FloatArray:
    """``M[j, i] = decay^(i-j)`` for ``i >= j``, else 0: ``x @ M`` is the decaying sum of
    ``x`` within one block. Powers below the smallest normal float are set to 0, as
    subnormal numbers slow the matrix product down many times over."""
    lags = np.arange(_BLOCK_DAYS)[np.newaxis, :] - np.arange(_BLOCK_DAYS)[:, np.newaxis]
    matrix = np.where(lags >= 0, decay ** np.maximum(lags, 0), 0.0)
    matrix[matrix < np.finfo(np.float64).tiny] = 0.0
    matrix.flags.writeable = False
    return matrix


def _decaying_sum(inputs: FloatArray, decay: float) -> FloatArray:
    """``out_t = decay * out_{t-1} + inputs_t`` along axis 1, from ``out_{-1} = 0``.

    Days are cut into blocks of ``_BLOCK_DAYS``. A matrix product gives every block's
    decaying sum from zero, the block ends are combined by the same recursion one level up
    (decay ``decay^_BLOCK_DAYS``), and each block then adds the previous block's end times
    ``decay^(1..)``. Only powers of ``decay`` <= 1 appear, so nothing is amplified over long
    series, and each day sums at most ``_BLOCK_DAYS`` terms per level. Each row's blocks are
    multiplied as a matrix of their own, so a row's result does not depend on the other
    rows. Inputs must be finite: within a block a NaN would spoil the earlier days too.
    """
    n_rows, n_days = inputs.shape
    n_blocks = -(-n_days // _BLOCK_DAYS)
    block_days = min(n_days, _BLOCK_DAYS)
    matrix = _decay_matrix(decay)[:block_days, :block_days]
    padded = np.zeros((n_rows, n_blocks, block_days))
    padded.reshape(n_rows, -1)[:, :n_days] = inputs
    sums = np.empty(padded.shape)
    for first in range(0, n_blocks, _BLOCKS_PER_PRODUCT):
        blocks = slice(first, first + _BLOCKS_PER_PRODUCT)
        np.matmul(padded[:, blocks], matrix, out=sums[:, blocks])
    if n_blocks > 1:
        block_ends = _decaying_sum(sums[:, :, -1], decay**_BLOCK_DAYS)
        sums[:, 1:] += block_ends[:, :-1, np.newaxis] * (decay * matrix[0])
    return sums.reshape(n_rows, -1)[:, :n_days]


def _smooth(values: FloatArray, alpha: float, start: int, seed: FloatArray) -> FloatArray:
    """Exponential smoothing along axis 1 from column ``start`` (set to ``seed``) onwards.

    ``out_t = (1 - alpha) out_{t-1} + alpha x_t``; NaN before ``start``.
    """
    if values.shape[1] <= start:
        return _nan_like(values)
    inputs = alpha * values[:, start:]
    inputs[:, 0] = seed
    out = _nan_head(values.shape, start)
    for rows in _row_chunks(inputs.shape, _SMOOTHING_CHUNK_BYTES):
        out[rows, start:] = _decaying_sum(inputs[rows], 1.0 - alpha)
    return out


def _row_chunks(shape: tuple[int, ...], chunk_bytes: int = _CHUNK_BYTES) -> Iterator[slice]:
    """Row slices small enough (~256 KiB by default) to stay in cache across several passes."""
    n_rows, n_days = shape
    rows_per_chunk = max(1, chunk_bytes // (8 * max(n_days, 1)))
    for first_row in range(0, n_rows, rows_per_chunk):
        yield slice(first_row, first_row + rows_per_chunk)


def _rolling(block: FloatArray, window: int, combine: np.ufunc, scale: float = 1.0) -> FloatArray:
    """Fold ``combine`` over each trailing window along axis 1, multiplied by ``scale``.

    Folds of 1, 2, 4, ... consecutive values are built by doubling, and each window combines
    those its length's binary digits call for (60 = 4 + 8 + 16 + 32): about
    ``2 log2(window)`` passes over cache-sized row chunks instead of ``window``. Maximum and
    minimum come out exact; sums are added in a different order than one by one, within
    rounding.
    """
    n_windows = block.shape[1] - window + 1
    if n_windows <= 0:
        return _nan_like(block)
    out = _nan_head(block.shape, window - 1)
    for rows in _row_chunks(block.shape):
        # ``folds[:, i]`` folds the ``size`` values from day i on; ``accumulated[:, i]`` the
        # ``covered`` values from day i on.
        folds, size = block[rows], 1
        while not window & size:
            folds, size = combine(folds[:, :-size], folds[:, size:]), 2 * size
        accumulated, covered = folds[:, :n_windows].copy(), size
        while covered < window:
            folds, size = combine(folds[:, :-size], folds[:, size:]), 2 * size
            if window & size:
                combine(accumulated, folds[:, covered : covered + n_windows], out=accumulated)
                covered += size
        if scale != 1.0:
            accumulated *= scale
        out[rows, window - 1 :] = accumulated
    return out


def _rolling_mean(block: FloatArray, window: int) -> FloatArray:
    return _rolling(block, window, np.add, 1.0 / window)


def _rolling_max(block: FloatArray, window: int) -> FloatArray:
    return _rolling(block, window, np.maximum)


def _rolling_min(block: FloatArray, window: int) -> FloatArray:
    return _rolling(block, window, np.minimum)


def _rolling_population_std(block: FloatArray, mean: FloatArray, window: int) -> FloatArray:
    """Two-pass (centred) rolling standard deviation, ddof=0, given the rolling mean."""
    n_windows = block.shape[1] - window + 1
    if n_windows <= 0:
        return _nan_like(block)
    out = _nan_head(block.shape, window - 1)
    for rows in _row_chunks(block.shape):
        chunk = block[rows]
        window_mean = mean[rows, window - 1 :]
        squared_deviation = np.zeros(window_mean.shape)
        deviation = np.empty(window_mean.shape)
        for offset in range(window):
            np.subtract(chunk[:, offset : offset + n_windows], window_mean, out=deviation)
            np.multiply(deviation, deviation, out=deviation)
            squared_deviation += deviation
        out[rows, window - 1 :] = np.sqrt(squared_deviation / window)
    return out


def _mask_before(block: FloatArray, first_defined: int) -> FloatArray:
    block[:, :first_defined] = np.nan
    return block


def _emas_unmasked(block: FloatArray, spans: tuple[int, ...]) -> list[FloatArray]:
    """The EMA of ``block`` for each span, from index 0 without warm-up masking."""
    if not block.shape[1]:
        return [_nan_like(block) for _ in spans]
    return [_smooth(block, 2.0 / (span + 1.0), 0, block[:, 0]) for span in spans]


def _ema_blocks(block: FloatArray, spans: tuple[int, ...]) -> list[FloatArray]:
    unmasked = _emas_unmasked(block, spans)
    return [_mask_before(average, span - 1) for average, span in zip(unmasked, spans, strict=True)]


def _macd_blocks(
    block: FloatArray, fast: int, slow: int, signal: int, bar_multiplier: float
) -> tuple[FloatArray, FloatArray, FloatArray]:
    dif_start = max(fast, slow) - 1
    fast_ema, slow_ema = _emas_unmasked(block, (fast, slow))
    dif = _mask_before(fast_ema - slow_ema, dif_start)
    if block.shape[1] > dif_start:
        dea = _smooth(dif, 2.0 / (signal + 1.0), dif_start, dif[:, dif_start])
    else:
        dea = _nan_like(block)
    dea = _mask_before(dea, dif_start + signal - 1)
    return dif, dea, bar_multiplier * (dif - dea)


def _wilder_average(changes: FloatArray, window: int) -> FloatArray:
    """Wilder average of per-day values, seeded with the mean of days 1..window.

    ``changes[:, 0]`` is ignored (the first day has no change); the result is defined from
    index ``window``.
    """
    if changes.shape[1] <= window:
        return _nan_like(changes)
    seed = changes[:, 1 : window + 1].mean(axis=1)
    return _smooth(changes, 1.0 / window, window, seed)


def _rsi_block(block: FloatArray, window: int) -> FloatArray:
    change = np.zeros(block.shape)
    change[:, 1:] = np.diff(block, axis=1)
    # Gains and losses are averaged in one pass, stacked as rows.
    moves = np.concatenate([np.maximum(change, 0.0), np.maximum(-change, 0.0)])
    average_gain, average_loss = np.split(_wilder_average(moves, window), 2)
    total = average_gain + average_loss
    with np.errstate(invalid="ignore", divide="ignore"):
        # G/(G+L) is at most 1 in floating point, keeping RSI within [0, 100].
        strength = np.where(total > 0, 100.0 * (average_gain / total), _NEUTRAL)
    strength[np.isnan(total)] = np.nan
    return strength


def _true_range(high: FloatArray, low: FloatArray, close: FloatArray) -> FloatArray:
    true_range = high - low
    if close.shape[1] > 1:
        previous_close = close[:, :-1]
        np.maximum(true_range[:, 1:], np.abs(high[:, 1:] - previous_close), out=true_range[:, 1:])
        np.maximum(true_range[:, 1:], np.abs(low[:, 1:] - previous_close), out=true_range[:, 1:])
    return true_range


def _atr_block(high: FloatArray, low: FloatArray, close: FloatArray, window: int) -> FloatArray:
    true_range = _true_range(high, low, close)
    if true_range.shape[1] < window:
        return _nan_like(true_range)
    seed = true_range[:, :window].mean(axis=1)
    return _smooth(true_range, 1.0 / window, window - 1, seed)


def _bollinger_blocks(
    block: FloatArray, window: int, num_std: float, middle: FloatArray | None = None
) -> tuple[FloatArray, FloatArray, FloatArray]:
    if middle is None:
        middle = _rolling_mean(block, window)
    width = num_std * _rolling_population_std(block, middle, window)
    return middle, middle + width, middle - width


def _kdj_blocks(
    high: FloatArray, low: FloatArray, close: FloatArray, window: int, k_period: int, d_period: int
) -> tuple[FloatArray, FloatArray, FloatArray]:
    if close.shape[1] < window:
        return _nan_like(close), _nan_like(close), _nan_like(close)
    lowest = _rolling_min(low, window)
    price_range = _rolling_max(high, window) - lowest
    with np.errstate(invalid="ignore", divide="ignore"):
        raw_stochastic = np.where(price_range > 0, (close - lowest) / price_range * 100.0, _NEUTRAL)
    raw_stochastic[np.isnan(price_range)] = np.nan
    start = window - 1
    k_alpha = 1.0 / k_period
    d_alpha = 1.0 / d_period
    k_line = _smooth(
        raw_stochastic, k_alpha, start, (1 - k_alpha) * _NEUTRAL + k_alpha * raw_stochastic[:, start]
    )
    d_line = _smooth(k_line, d_alpha, start, (1 - d_alpha) * _NEUTRAL + d_alpha * k_line[:, start])
    return k_line, d_line, 3.0 * k_line - 2.0 * d_line


def _apply(kernel: Callable[..., tuple[FloatArray, ...]], *inputs: PricesLike) -> tuple[FloatArray, ...]:
    """Run ``kernel`` on the finite block of ``inputs`` and restore the input's shape."""
    arrays = [as_prices(values) for values in inputs]
    layout = finite_layout(*arrays)
    return tuple(layout.expand(output) for output in kernel(*(layout.compress(a) for a in arrays)))


def sma(values: PricesLike, window: int) -> FloatArray:
    """Simple moving average over ``window`` days."""
    _check_window("window", window)
    return _apply(lambda block: (_rolling_mean(block, window),), values)[0]


def ema(values: PricesLike, span: int) -> FloatArray:
    """Exponential moving average with ``alpha = 2/(span+1)``, reported from index span-1."""
    _check_window("span", span)
    return _apply(lambda block: tuple(_ema_blocks(block, (span,))), values)[0]


def emas(values: PricesLike, spans: tuple[int, ...]) -> dict[int, FloatArray]:
    """``ema(values, span)`` for each span, keyed by span (faster than one call per span)."""
    for span in spans:
        _check_window("span", span)
    distinct = tuple(dict.fromkeys(spans))
    return dict(zip(distinct, _apply(lambda block: tuple(_ema_blocks(block, distinct)), values), strict=True))


@dataclass(frozen=True, eq=False)
class Macd:
    """MACD lines: ``dif`` (fast EMA - slow EMA), ``dea`` (signal EMA of DIF), ``bar``."""

    dif: FloatArray
    dea: FloatArray
    bar: FloatArray


def macd(
    close: PricesLike,
    fast: int = 12,
    slow: int = 26,
    signal: int = 9,
    bar_multiplier: float = 2.0,
) -> Macd:
    """MACD with ``bar = bar_multiplier * (DIF - DEA)`` (2 = Chinese convention, 1 = Western)."""
    for name, window in (("fast", fast), ("slow", slow), ("signal", signal)):
        _check_window(name, window)
    dif, dea, bar = _apply(lambda block: _macd_blocks(block, fast, slow, signal, bar_multiplier), close)
    return Macd(dif=dif, dea=dea, bar=bar)


def rsi(close: PricesLike, window: int = 14) -> FloatArray:
    """Wilder's relative strength index (0..100), defined from index ``window``."""
    _check_window("window", window)
    return _apply(lambda block: (_rsi_block(block, window),), close)[0]


def atr(high: PricesLike, low: PricesLike, close: PricesLike, window: int = 14) -> FloatArray:
    """Average true range with Wilder smoothing, defined from index ``window - 1``."""
    _check_window("window", window)
    return _apply(lambda h, lo, c: (_atr_block(h, lo, c, window),), high, low, close)[0]


@dataclass(frozen=True, eq=False)
class Bollinger:
    """Bollinger bands: ``middle`` SMA with ``upper``/``lower`` at +/- k population std."""

    middle: FloatArray
    upper: FloatArray
    lower: FloatArray


def bollinger(close: PricesLike, window: int = 20, num_std: float = 2.0) -> Bollinger:
    """Bollinger bands with a population (ddof=0) standard deviation."""
    _check_window("window", window)
    middle, upper, lower = _apply(lambda block: _bollinger_blocks(block, window, num_std), close)
    return Bollinger(middle=middle, upper=upper, lower=lower)


@dataclass(frozen=True, eq=False)
class Kdj:
    """KDJ stochastic lines."""

    k: FloatArray
    d: FloatArray
    j: FloatArray


def kdj(
    high: PricesLike,
    low: PricesLike,
    close: PricesLike,
    window: int = 9,
    k_period: int = 3,
    d_period: int = 3,
) -> Kdj:
    """KDJ(window, k_period, d_period) with K and D seeded at 50, defined from ``window - 1``."""
    for name, value in (("window", window), ("k_period", k_period), ("d_period", d_period)):
        _check_window(name, value)
    k, d, j = _apply(lambda h, lo, c: _kdj_blocks(h, lo, c, window, k_period, d_period), high, low, close)
    return Kdj(k=k, d=d, j=j)


@dataclass(frozen=True, eq=False)
class IndicatorSet:
    """Every indicator for the same input, arrays aligned with it. ``sma`` is keyed by window."""

    sma: dict[int, FloatArray]
    macd: Macd
    rsi: FloatArray
    atr: FloatArray
    bollinger: Bollinger
    kdj: Kdj


def indicator_set(
    close: PricesLike,
    high: PricesLike | None = None,
    low: PricesLike | None = None,
    ma_windows: tuple[int, ...] = DEFAULT_MA_WINDOWS,
) -> IndicatorSet:
    """All indicators with default parameters for 1-D or 2-D arrays; high/low default to close.

    The inputs share one missing-value layout: a day (1-D) or row (2-D) missing any of
    close, high or low is skipped by every indicator.
    """
    for window in ma_windows:
        _check_window("moving-average window", window)
    close_array = as_prices(close)
    high_array = as_prices(high) if high is not None else close_array
    low_array = as_prices(low) if low is not None else close_array
    layout = finite_layout(close_array, high_array, low_array)
    close_block, high_block, low_block = (layout.compress(a) for a in (close_array, high_array, low_array))
    moving_averages = {window: _rolling_mean(close_block, window) for window in ma_windows}
    dif, dea, bar = _macd_blocks(close_block, 12, 26, 9, 2.0)
    # Bollinger's middle band is the 20-day SMA; reuse it when it was computed already.
    middle, upper, lower = _bollinger_blocks(close_block, 20, 2.0, moving_averages.get(20))
    k, d, j = _kdj_blocks(high_block, low_block, close_block, 9, 3, 3)
    return IndicatorSet(
        sma={window: layout.expand(average) for window, average in moving_averages.items()},
        macd=Macd(dif=layout.expand(dif), dea=layout.expand(dea), bar=layout.expand(bar)),
        rsi=layout.expand(_rsi_block(close_block, 14)),
        atr=layout.expand(_atr_block(high_block, low_block, close_block, 14)),
        bollinger=Bollinger(
            middle=layout.expand(middle.copy()), upper=layout.expand(upper), lower=layout.expand(lower)
        ),
        kdj=Kdj(k=layout.expand(k), d=layout.expand(d), j=layout.expand(j)),
    )


@dataclass(frozen=True, eq=False)
class DatedIndicators:
    """Indicators of a cleaned series; arrays are aligned with ``series.dates``."""

    series: PriceSeries
    indicators: IndicatorSet


def compute_indicators(
    dates: DatesLike,
    close: PricesLike,
    high: PricesLike | None = None,
    low: PricesLike | None = None,
    ma_windows: tuple[int, ...] = DEFAULT_MA_WINDOWS,
) -> DatedIndicators:
    """Clean the series (sort, deduplicate, drop missing) and compute every indicator."""
    series = clean_series(dates, close, high, low)
    return DatedIndicators(
        series=series,
        indicators=indicator_set(series.close, series.high, series.low, ma_windows),
    )
