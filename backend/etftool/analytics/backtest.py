"""Dollar-cost averaging (DCA) backtest on one price series.

Conventions:

* The series is cleaned first (sorted, deduplicated, missing closes dropped) and restricted
  to trading days in ``[start, end]`` (inclusive).
* A buy happens on the first trading day of each calendar week (Monday to Sunday) or month
  inside that range, at that day's close. The first buy is therefore on the first trading
  day on or after ``start``, even mid-week or mid-month.
* ``amount`` is the cash paid per buy including the fee; the fee is ``amount * fee_rate`` and
  ``amount * (1 - fee_rate) / close`` units are bought (fractional units allowed).
* ``invested`` = ``amount`` * number of buys; ``final_value`` = units * the last close in
  range; ``total_return`` = ``final_value / invested - 1``.
* XIRR uses each buy as ``-amount`` on its date and ``+final_value`` on the last trading day in
  range (see ``etftool.analytics.xirr``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np

from etftool.analytics.measure import Measure, defined, undefined
from etftool.analytics.series import (
    CalendarPeriod,
    DateArray,
    DateLike,
    DatesLike,
    FloatArray,
    PricesLike,
    as_day,
    clean_series,
    first_of_period,
    to_date,
)
from etftool.analytics.xirr import xirr

Interval = CalendarPeriod


@dataclass(frozen=True, eq=False)
class DcaResult:
    """Outcome of a DCA backtest.

    ``dates``, ``value`` and ``cost`` are per trading day in range: the market value of the
    units held after that day's buy, and the cumulative cash paid.
    """

    invested: float
    fees: float
    units: float
    final_value: float
    total_return: float
    average_cost: float
    xirr: Measure[float]
    buy_count: int
    buy_dates: tuple[datetime.date, ...]
    first_date: datetime.date
    last_date: datetime.date
    dates: DateArray
    value: FloatArray
    cost: FloatArray


def dca_backtest(
    dates: DatesLike,
    closes: PricesLike,
    start: DateLike,
    end: DateLike,
    amount: float,
    interval: Interval = "monthly",
    fee_rate: float = 0.0,
) -> Measure[DcaResult]:
    """Backtest buying ``amount`` on the first trading day of each week or month.

    Raises ``ValueError`` for a non-positive ``amount``, a ``fee_rate`` outside [0, 1) or an
    unknown ``interval``; an empty range gives an undefined result.
    """
    if not amount > 0:
        raise ValueError(f"amount must be positive, got {amount}")
    if not 0.0 <= fee_rate < 1.0:
        raise ValueError(f"fee_rate must be in [0, 1), got {fee_rate}")
    if interval not in ("weekly", "monthly"):
        raise ValueError(f"interval must be 'weekly' or 'monthly', got {interval!r}")
    start_day, end_day = as_day(start), as_day(end)
    if start_day > end_day:
        return undefined("start is after end")

    series = clean_series(dates, closes)
    in_range = (series.dates >= start_day) & (series.dates <= end_day)
    range_dates = series.dates[in_range]
    range_closes = series.close[in_range]
    if range_dates.shape[0] == 0:
        return undefined("no trading day between start and end")

    buys = first_of_period(range_dates, interval)
    units_bought = np.where(buys, amount * (1.0 - fee_rate) / range_closes, 0.0)
    units_held = np.cumsum(units_bought)
    cost = np.cumsum(np.where(buys, amount, 0.0))
    value = units_held * range_closes

    buy_count = int(buys.sum())
    invested = amount * buy_count
    units = float(units_held[-1])
    final_value = float(value[-1])
    buy_dates = range_dates[buys]
    flow_dates = np.append(buy_dates, range_dates[-1])
    flow_amounts = np.append(np.full(buy_count, -amount), final_value)
    return defined(
        DcaResult(
            invested=invested,
            fees=invested * fee_rate,
            units=units,
            final_value=final_value,
            total_return=final_value / invested - 1.0,
            average_cost=invested / units,
            xirr=xirr(flow_dates, flow_amounts),
            buy_count=buy_count,
            buy_dates=tuple(to_date(d) for d in buy_dates),
            first_date=to_date(range_dates[0]),
            last_date=to_date(range_dates[-1]),
            dates=range_dates,
            value=value,
            cost=cost,
        )
    )
