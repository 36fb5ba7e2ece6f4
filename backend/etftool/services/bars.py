"""Shaping daily bars for the API: windows by period or dates, weekly/monthly bars, JSON-ready
lists. `window` is the one place a period or date range is checked and applied."""

import math
from datetime import date
from typing import Literal

import numpy as np
import numpy.typing as npt

from etftool.analytics import Period
from etftool.analytics.returns import period_start_index
from etftool.analytics.series import calendar_period_keys
from etftool.marketdata import Bars
from etftool.services.errors import InvalidRange

PERIOD_RULE = (
    "A period ends at the last bar (or at `end`) and starts at the last bar on or before its "
    "first day; one reaching back before the first bar covers the whole history."
)


def window(bars: Bars, period: Period | None, start: date | None, end: date | None) -> Bars:
    """Bars within [start, end], or the `period` ending at the last bar (or at `end`); see
    PERIOD_RULE. Raises InvalidRange when start is after end."""
    if start is not None and end is not None and start > end:
        raise InvalidRange("start must not be after end")
    bars = bars.between(None, end)
    if period is None:
        return bars.between(start, None)
    first = period_start_index(bars.dates, period).value
    return bars if first is None else bars.between(bars.dates[first].astype(date), None)


def period_not_covered(bars: Bars, period: Period | None, end: date | None) -> str | None:
    """Why the history up to `end` does not reach back to the period's first day, or None."""
    if period is None:
        return None
    return period_start_index(bars.between(None, end).dates, period).reason


def resample(bars: Bars, interval: Literal["daily", "weekly", "monthly"]) -> Bars:
    """Weekly or monthly bars: first open, highest high, lowest low, last close, summed volume."""
    if interval == "daily" or len(bars) == 0:
        return bars
    keys = calendar_period_keys(bars.dates, interval)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    ends = np.r_[starts[1:], len(bars)] - 1
    return Bars(
        code=bars.code,
        dates=bars.dates[ends],
        open=bars.open[starts],
        high=np.fmax.reduceat(bars.high, starts),
        low=np.fmin.reduceat(bars.low, starts),
        close=bars.close[ends],
        volume=np.add.reduceat(bars.volume, starts),
        adjust=bars.adjust,
        source=bars.source,
        stale=bars.stale,
    )


def json_floats(values: npt.NDArray[np.float64], decimals: int = 6) -> list[float | None]:
    """NaN and ±inf become null; values are rounded to keep responses small."""
    rounded = np.round(values, decimals).tolist()
    return [value if math.isfinite(value) else None for value in rounded]


def json_dates(dates: npt.NDArray[np.datetime64]) -> list[date]:
    result: list[date] = dates.astype("datetime64[D]").astype(date).tolist()
    return result
