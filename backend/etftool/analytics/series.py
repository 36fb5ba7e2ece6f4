"""Input conversion and cleaning shared by all analytics functions.

Conventions:

* Dates are numpy ``datetime64[D]`` arrays. Inputs may be anything numpy converts to that
  dtype (``datetime.date`` objects, ISO strings, other ``datetime64`` units); ``None``
  becomes NaT.
* Prices are ``float64`` arrays; ``None`` becomes NaN.
* A cleaned series is sorted by date with unique dates. Rows are dropped when the date is
  NaT or any supplied price field is missing, non-finite or not strictly positive (prices
  are used in ratios, so a zero or negative price is treated as a bad record). Among rows
  sharing a date, the last valid row in input order wins.
* Array-level functions work along the last axis: a 1-D array is one series, a 2-D array of
  shape ``(n_series, n_days)`` is a batch of aligned series.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
DateArray = npt.NDArray[np.datetime64]

TRADING_DAYS_PER_YEAR = 252

CalendarPeriod = Literal["weekly", "monthly"]
DateLike = datetime.date | np.datetime64 | str
DatesLike = npt.ArrayLike | Sequence[DateLike | None]
"""Dates as an array or a sequence of dates, ISO strings or ``datetime64``; ``None`` is missing."""
PricesLike = npt.ArrayLike | Sequence[float | None]
"""Numbers as an array or a sequence of floats; ``None`` is missing."""

# 1970-01-01 was a Thursday, so shifting day numbers by 3 makes weeks start on Monday.
_EPOCH_TO_MONDAY = 3


def as_dates(dates: DatesLike) -> DateArray:
    """Convert to a 1-D ``datetime64[D]`` array."""
    converted = np.asarray(dates, dtype="datetime64[D]")
    if converted.ndim != 1:
        raise ValueError(f"dates must be one-dimensional, got shape {converted.shape}")
    return converted


def as_day(value: DateLike) -> np.datetime64:
    """One date (``datetime.date``/``datetime``, ISO string or ``datetime64``) as ``datetime64[D]``."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return np.datetime64(value.isoformat(), "D")
    if isinstance(value, str):
        return np.datetime64(value, "D")
    day: np.datetime64 = value.astype("datetime64[D]")
    return day


def as_prices(values: PricesLike) -> FloatArray:
    """Convert to a ``float64`` array, mapping ``None`` to NaN."""
    return np.asarray(values, dtype=np.float64)


def to_date(day: np.datetime64) -> datetime.date:
    """A ``datetime64[D]`` scalar as a plain ``datetime.date``."""
    converted: datetime.date = day.astype("datetime64[D]").astype(datetime.date)
    return converted


def day_numbers(dates: DateArray) -> IntArray:
    """Days since 1970-01-01 as integers."""
    return dates.astype("datetime64[D]").astype(np.int64)


def calendar_period_keys(dates: DateArray, period: CalendarPeriod) -> IntArray:
    """An integer per date identifying its Monday-to-Sunday week or its calendar month."""
    if period == "weekly":
        week_keys: IntArray = (day_numbers(dates) + _EPOCH_TO_MONDAY) // 7
        return week_keys
    month_keys: IntArray = dates.astype("datetime64[M]").astype(np.int64)
    return month_keys


def first_of_period(dates: DateArray, period: CalendarPeriod) -> BoolArray:
    """True on the first of ascending ``dates`` within each week or month."""
    keys = calendar_period_keys(dates, period)
    is_first = np.ones(keys.shape, dtype=bool)
    is_first[1:] = keys[1:] != keys[:-1]
    return is_first


def last_of_period(dates: DateArray, period: CalendarPeriod) -> BoolArray:
    """True on the last of ascending ``dates`` within each week or month."""
    keys = calendar_period_keys(dates, period)
    is_last = np.ones(keys.shape, dtype=bool)
    is_last[:-1] = keys[1:] != keys[:-1]
    return is_last


@dataclass(frozen=True, eq=False)
class PriceSeries:
    """A cleaned daily price series: ascending unique dates, positive finite prices.

    ``high`` and ``low`` are ``None`` when they were not supplied.
    """

    dates: DateArray
    close: FloatArray
    high: FloatArray | None = None
    low: FloatArray | None = None

    def __len__(self) -> int:
        return int(self.close.shape[0])


def last_row_per_date(dates: DateArray) -> IntArray:
    """Indices ordering ``dates`` ascending, keeping only the last occurrence of each date."""
    if bool(np.all(dates[1:] > dates[:-1])):
        # Already ascending without duplicates, as stored histories are: nothing to sort.
        return np.arange(dates.shape[0])
    # A stable sort keeps input order within equal dates, so the last of each run of equal
    # dates is the last one supplied.
    ordered: IntArray = np.argsort(dates, kind="stable")
    sorted_dates = dates[ordered]
    is_last_of_date = np.ones(sorted_dates.shape, dtype=bool)
    is_last_of_date[:-1] = sorted_dates[1:] != sorted_dates[:-1]
    last_rows: IntArray = ordered[is_last_of_date]
    return last_rows


def clean_series(
    dates: DatesLike,
    close: PricesLike,
    high: PricesLike | None = None,
    low: PricesLike | None = None,
) -> PriceSeries:
    """Sort by date, drop invalid rows, keep the last valid row for each duplicated date.

    Raises ``ValueError`` when the arrays have different lengths.
    """
    date_array = as_dates(dates)
    fields = [as_prices(close)] + [as_prices(f) for f in (high, low) if f is not None]
    for field in fields:
        if field.shape != date_array.shape:
            raise ValueError(
                f"price array of shape {field.shape} does not match dates of shape {date_array.shape}"
            )

    valid = ~np.isnat(date_array)
    for field in fields:
        valid &= np.isfinite(field) & (field > 0)
    kept = np.flatnonzero(valid)
    selected = kept[last_row_per_date(date_array[kept])]

    cleaned = [field[selected] for field in fields]
    return PriceSeries(
        dates=date_array[selected],
        close=cleaned[0],
        high=cleaned[1] if high is not None else None,
        low=cleaned[-1] if low is not None else None,
    )


@dataclass(frozen=True, eq=False)
class FiniteLayout:
    """Maps arrays with missing values to the finite 2-D block that kernels compute on.

    For 1-D input the kept part is every position where all inputs are finite, and the
    block is one row of those points. For 2-D input the kept part is every row whose values
    are all finite. ``expand`` puts kernel output back into the input's shape with NaN
    wherever input was dropped.
    """

    shape: tuple[int, ...]
    keep: BoolArray

    @property
    def keeps_all(self) -> bool:
        return bool(self.keep.all())

    def compress(self, values: FloatArray) -> FloatArray:
        """The finite, C-contiguous 2-D block (no copy when nothing is dropped)."""
        if len(self.shape) == 1:
            return np.ascontiguousarray(values if self.keeps_all else values[self.keep])[np.newaxis, :]
        # Kernels work row by row, so they need rows contiguous in memory.
        return np.ascontiguousarray(values if self.keeps_all else values[self.keep])

    def expand(self, block: FloatArray) -> FloatArray:
        """``block`` in the input's shape, NaN where input was dropped (no copy if none was)."""
        if self.keeps_all:
            return block.reshape(self.shape)
        expanded = np.full(self.shape, np.nan)
        if len(self.shape) == 1:
            expanded[self.keep] = block[0]
        else:
            expanded[self.keep] = block
        return expanded


def finite_layout(*arrays: FloatArray) -> FiniteLayout:
    """Layout for arrays of equal shape (1-D or 2-D). Raises ``ValueError`` otherwise."""
    shape = arrays[0].shape
    if len(shape) not in (1, 2):
        raise ValueError(f"expected a 1-D or 2-D array, got shape {shape}")
    for array in arrays[1:]:
        if array.shape != shape:
            raise ValueError(f"arrays have different shapes: {shape} and {array.shape}")
    finite = np.ones(shape, dtype=bool)
    for array in arrays:
        finite &= np.isfinite(array)
    keep: BoolArray = finite if len(shape) == 1 else np.asarray(finite.all(axis=1), dtype=np.bool_)
    return FiniteLayout(shape=shape, keep=keep)


def as_batch(values: PricesLike) -> FloatArray:
    """A float array viewed as 2-D ``(n_series, n_days)``; a 1-D input becomes one row."""
    array = as_prices(values)
    if array.ndim == 1:
        return array[np.newaxis, :]
    if array.ndim != 2:
        raise ValueError(f"expected a 1-D or 2-D array, got shape {array.shape}")
    return array
