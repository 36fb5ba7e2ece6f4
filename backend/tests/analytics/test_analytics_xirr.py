import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etftool.analytics.xirr import brent_root, xirr


def test_xirr_over_a_leap_year_by_hand() -> None:
    # 2020 has 366 days: 1000 * (1 + r)^(366/365) = 1100  =>  r = 1.1^(365/366) - 1
    result = xirr(["2020-01-01", "2021-01-01"], [-1000.0, 1100.0])
    assert result.value == pytest.approx(1.1 ** (365 / 366) - 1, rel=1e-10)


def test_xirr_of_two_payments_by_hand() -> None:
    # At 10 %: 1000 paid 730 days (2 years) before the end grows to 1210, 1000 paid 365 days
    # before grows to 1100; receiving 2310 at the end makes the NPV zero.
    result = xirr(["2021-01-01", "2022-01-01", "2023-01-01"], [-1000.0, -1000.0, 2310.0])
    assert result.value == pytest.approx(0.1, rel=1e-10)


def test_xirr_of_a_loss_by_hand() -> None:
    # 1000 -> 500 in 365 days: 1 + r = 0.5
    assert xirr(["2021-01-01", "2022-01-01"], [-1000.0, 500.0]).value == pytest.approx(-0.5, rel=1e-10)


def test_xirr_accepts_flows_in_any_order_and_ignores_zero_and_nan_amounts() -> None:
    result = xirr(
        ["2023-01-01", "2021-06-01", "2021-01-01", "2022-01-01", "2022-03-01"],
        [2310.0, 0.0, -1000.0, -1000.0, float("nan")],
    )
    assert result.value == pytest.approx(0.1, rel=1e-10)


def test_xirr_returns_the_rate_closest_to_zero_when_several_exist() -> None:
    # -100, +237, -140 a year apart: with x = 1 + r, -100x^2 + 237x - 140 = 0
    # => x^2 - 2.37x + 1.4 = 0 => x = (2.37 +/- sqrt(5.6169 - 5.6)) / 2 = 1.12 or 1.25.
    result = xirr(["2021-01-01", "2022-01-01", "2023-01-01"], [-100.0, 237.0, -140.0])
    assert result.value == pytest.approx(0.12, rel=1e-9)


@pytest.mark.parametrize(
    ("dates", "amounts", "reason"),
    [
        (["2021-01-01", "2022-01-01"], [-1.0, -2.0], "cash flows need both a payment and a receipt"),
        (["2021-01-01", "2022-01-01"], [0.0, 0.0], "cash flows need both a payment and a receipt"),
        ([], [], "cash flows need both a payment and a receipt"),
        (["2021-01-01", "2021-01-01"], [-1.0, 2.0], "all cash flows fall on the same date"),
        # A millionfold gain in a day is beyond the largest rate searched.
        (
            ["2021-01-01", "2021-01-02"],
            [-1.0, 1e6],
            "no rate between -100 % and 10^8 % sets the net present value to zero",
        ),
    ],
)
def test_xirr_is_undefined_without_a_root(dates: list[str], amounts: list[float], reason: str) -> None:
    result = xirr(dates, amounts)
    assert result.value is None
    assert result.reason == reason


def test_xirr_rejects_mismatched_lengths() -> None:
    with pytest.raises(ValueError):
        xirr(["2021-01-01"], [-1.0, 2.0])


def test_brent_finds_known_roots() -> None:
    assert brent_root(lambda x: x * x - 2.0, 0.0, 2.0) == pytest.approx(math.sqrt(2.0), rel=1e-14)
    # The Dottie number: the fixed point of cos.
    assert brent_root(lambda x: math.cos(x) - x, 0.0, 1.0) == pytest.approx(0.7390851332151607, rel=1e-14)
    # A root of multiplicity 3 defeats interpolation; bisection steps still converge.
    assert brent_root(lambda x: (x - 1.0) ** 3, -3.0, 2.0) == pytest.approx(1.0, abs=1e-6)


def test_brent_endpoints_and_missing_brackets() -> None:
    assert brent_root(lambda x: x - 1.0, 1.0, 5.0) == 1.0
    assert brent_root(lambda x: x - 5.0, 1.0, 5.0) == 5.0
    assert brent_root(lambda x: x * x + 1.0, -1.0, 1.0) is None
    assert brent_root(lambda x: math.cos(x) - x, 0.0, 1.0, max_iterations=1) is None


@settings(deadline=None)
@given(
    rate=st.floats(-0.9, 5.0),
    payments=st.lists(st.tuples(st.integers(0, 3000), st.floats(1.0, 1e6)), min_size=1, max_size=12),
    horizon=st.integers(30, 1000),
)
def test_xirr_recovers_the_rate_used_to_build_the_cash_flows(
    rate: float, payments: list[tuple[int, float]], horizon: int
) -> None:
    # Each payment grows at ``rate`` until the end date; receiving the total then has an
    # NPV of zero at ``rate``. One sign change in time order means that root is unique.
    start = np.datetime64("2010-01-01")
    offsets = np.array([offset for offset, _ in payments])
    amounts = np.array([amount for _, amount in payments])
    end_offset = int(offsets.max()) + horizon
    final = float(np.sum(amounts * (1 + rate) ** ((end_offset - offsets) / 365)))
    result = xirr(
        np.append(start + offsets, start + end_offset),
        np.append(-amounts, final),
    )
    assert result.value == pytest.approx(rate, rel=1e-7, abs=1e-9)
