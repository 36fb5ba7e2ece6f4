"""XIRR: the annual rate that discounts dated cash flows to a net present value of zero.

Convention: ``sum_i CF_i / (1 + r) ** ((d_i - d_0) / 365) = 0`` with ``d_0`` the earliest
date (actual/365 day count). Negative amounts are money paid in, positive amounts money
received. The root is searched for in ``-100 % < r <= 10^6 * 100 %``: the NPV is evaluated
on a fixed grid of rates to find sign changes, and the bracket nearest to 0 % is refined
with Brent's method. When the flows admit several rates the one closest to 0 % is returned;
when there is no sign change (all flows of one sign, or no rate on the grid changes the
NPV's sign) the result is undefined.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable

import numpy as np

from etftool.analytics.measure import Measure, defined, undefined
from etftool.analytics.series import (
    DatesLike,
    FloatArray,
    PricesLike,
    as_dates,
    as_prices,
    day_numbers,
)

DAYS_PER_YEAR = 365.0

# Denser near 0 where realistic rates lie; extreme rates only need to bracket a root.
_RATE_GRID = np.array(
    [-0.999999, -0.9999, -0.999, -0.99, -0.95, -0.9, -0.8, -0.7, -0.6, -0.5, -0.4, -0.3, -0.2,
     -0.15, -0.1, -0.05, 0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0,
     5.0, 10.0, 20.0, 50.0, 100.0, 1e3, 1e4, 1e5, 1e6]
)  # fmt: skip


def brent_root(
    function: Callable[[float], float],
    lower: float,
    upper: float,
    absolute_tolerance: float = 1e-12,
    relative_tolerance: float = 4 * sys.float_info.epsilon,
    max_iterations: int = 200,
) -> float | None:
    """Root of ``function`` in ``[lower, upper]`` by Brent's method.

    The endpoints must bracket a root (values of opposite sign, or one of them zero);
    returns ``None`` when they do not or when ``max_iterations`` is exhausted. Each step
    takes an inverse quadratic or secant step when it stays well inside the bracket and
    bisects otherwise, so convergence is guaranteed once bracketed.
    """
    previous, current = lower, upper
    f_previous, f_current = function(previous), function(current)
    if f_previous == 0.0:
        return previous
    if f_current == 0.0:
        return current
    if math.copysign(1.0, f_previous) == math.copysign(1.0, f_current):
        return None
    # ``blocking`` is the bracket's other end: the root lies between it and ``current``.
    blocking = f_blocking = 0.0
    step_before_last = last_step = 0.0
    for _ in range(max_iterations):
        if f_previous * f_current < 0:
            blocking, f_blocking = previous, f_previous
            step_before_last = last_step = current - previous
        if abs(f_blocking) < abs(f_current):
            previous, current, blocking = current, blocking, current
            f_previous, f_current, f_blocking = f_current, f_blocking, f_current

        tolerance = (absolute_tolerance + relative_tolerance * abs(current)) / 2
        bisection = (blocking - current) / 2
        if f_current == 0.0 or abs(bisection) < tolerance:
            return current

        if abs(step_before_last) > tolerance and abs(f_current) < abs(f_previous):
            if previous == blocking:
                trial = -f_current * (current - previous) / (f_current - f_previous)
            else:
                slope_previous = (f_previous - f_current) / (previous - current)
                slope_blocking = (f_blocking - f_current) / (blocking - current)
                trial = (
                    -f_current
                    * (f_blocking * slope_blocking - f_previous * slope_previous)
                    / (slope_blocking * slope_previous * (f_blocking - f_previous))
                )
            if 2 * abs(trial) < min(abs(step_before_last), 3 * abs(bisection) - tolerance):
                step_before_last, last_step = last_step, trial
            else:
                step_before_last = last_step = bisection
        else:
            step_before_last = last_step = bisection

        previous, f_previous = current, f_current
        current += last_step if abs(last_step) > tolerance else math.copysign(tolerance, bisection)
        f_current = function(current)
    return None


def _net_present_value(rates: FloatArray, years: FloatArray, amounts: FloatArray) -> FloatArray:
    """NPV at each rate. A row-wise sum (not a matrix product) adds the terms in the same
    order whatever the number of rates, so a grid value and a single evaluation agree in
    sign even when the NPV is rounding noise around zero."""
    with np.errstate(over="ignore", invalid="ignore"):
        discount = np.exp(-np.outer(np.log1p(rates), years))
        result: FloatArray = np.sum(discount * amounts, axis=1)
    return result


def xirr(dates: DatesLike, amounts: PricesLike) -> Measure[float]:
    """Annualised internal rate of return of dated cash flows (see module conventions).

    Non-finite amounts and their dates are ignored, as are zero amounts. Raises
    ``ValueError`` when ``dates`` and ``amounts`` differ in length.
    """
    date_array = as_dates(dates)
    amount_array = as_prices(amounts)
    if amount_array.shape != date_array.shape:
        raise ValueError(f"{date_array.shape[0]} dates for {amount_array.shape} amounts")
    usable = np.isfinite(amount_array) & (amount_array != 0) & ~np.isnat(date_array)
    amount_array = amount_array[usable]
    days = day_numbers(date_array[usable])
    if not ((amount_array > 0).any() and (amount_array < 0).any()):
        return undefined("cash flows need both a payment and a receipt")
    years = (days - days.min()) / DAYS_PER_YEAR
    if years.max() == 0.0:
        return undefined("all cash flows fall on the same date")

    npv_on_grid = _net_present_value(_RATE_GRID, years, amount_array)
    finite = np.isfinite(npv_on_grid)
    exact = np.flatnonzero(finite & (npv_on_grid == 0.0))
    brackets = np.flatnonzero(
        finite[:-1] & finite[1:] & (np.sign(npv_on_grid[:-1]) * np.sign(npv_on_grid[1:]) < 0)
    )
    candidates = [(abs(float(_RATE_GRID[i])), float(_RATE_GRID[i]), float(_RATE_GRID[i])) for i in exact]
    for i in brackets:
        lower, upper = float(_RATE_GRID[i]), float(_RATE_GRID[i + 1])
        distance_to_zero = 0.0 if lower <= 0.0 <= upper else min(abs(lower), abs(upper))
        candidates.append((distance_to_zero, lower, upper))
    if not candidates:
        return undefined("no rate between -100 % and 10^8 % sets the net present value to zero")

    _, lower, upper = min(candidates)
    if lower == upper:
        return defined(lower)

    def npv(rate: float) -> float:
        return float(_net_present_value(np.array([rate]), years, amount_array)[0])

    rate = brent_root(npv, lower, upper)
    if rate is None:
        return undefined("root search did not converge")
    return defined(rate)
