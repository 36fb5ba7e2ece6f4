import datetime
from typing import get_args

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etftool.analytics.backtest import DcaResult, Interval, dca_backtest

D = datetime.date
DATES = ["2024-01-02", "2024-01-15", "2024-01-31", "2024-02-01", "2024-02-20", "2024-03-01", "2024-03-04"]
CLOSES = [10.0, 12.0, 11.0, 8.0, 9.0, 10.0, 12.0]


def run(**overrides: object) -> DcaResult:
    arguments: dict[str, object] = {
        "dates": DATES,
        "closes": CLOSES,
        "start": "2024-01-01",
        "end": "2024-03-04",
        "amount": 100.0,
        "interval": "monthly",
    }
    arguments.update(overrides)
    result = dca_backtest(**arguments)  # type: ignore[arg-type]
    assert result.value is not None, result.reason
    return result.value


def test_monthly_dca_by_hand() -> None:
    # Buys on the first trading day of each month: 01-02 @10 -> 10 units, 02-01 @8 -> 12.5,
    # 03-01 @10 -> 10. Units 32.5, invested 300, final value 32.5 * 12 = 390.
    result = run()
    assert result.buy_dates == (D(2024, 1, 2), D(2024, 2, 1), D(2024, 3, 1))
    assert (result.buy_count, result.invested, result.fees) == (3, 300.0, 0.0)
    assert result.units == pytest.approx(32.5, rel=1e-12)
    assert result.final_value == pytest.approx(390.0, rel=1e-12)
    assert result.total_return == pytest.approx(0.3, rel=1e-12)
    assert result.average_cost == pytest.approx(300 / 32.5, rel=1e-12)
    # Units held: 10, 10, 10, 22.5, 22.5, 32.5, 32.5 times each close.
    assert result.value.tolist() == pytest.approx([100.0, 120.0, 110.0, 180.0, 202.5, 325.0, 390.0])
    assert result.cost.tolist() == [100.0, 100.0, 100.0, 200.0, 200.0, 300.0, 300.0]
    assert (result.first_date, result.last_date) == (D(2024, 1, 2), D(2024, 3, 4))


def test_dca_xirr_zeroes_the_net_present_value_of_the_flows() -> None:
    rate = run().xirr.value
    assert rate is not None and rate > 0
    # -100 on 01-02, 02-01, 03-01 and +390 on 03-04: 62, 32 and 3 days before the end.
    future_value = sum(100.0 * (1 + rate) ** (days / 365) for days in (62, 32, 3))
    assert future_value == pytest.approx(390.0, rel=1e-9)


def test_weekly_dca_by_hand() -> None:
    # Monday-based weeks: 01-02, 01-15, 01-31 (01-29 week; 02-01 is the same week), 02-20,
    # 03-01 and Monday 03-04 each start a week.
    result = run(interval="weekly")
    assert result.buy_dates == tuple(
        D(2024, m, d) for m, d in ((1, 2), (1, 15), (1, 31), (2, 20), (3, 1), (3, 4))
    )
    units = 100 * (1 / 10 + 1 / 12 + 1 / 11 + 1 / 9 + 1 / 10 + 1 / 12)
    assert result.invested == 600.0
    assert result.units == pytest.approx(units, rel=1e-12)
    assert result.final_value == pytest.approx(units * 12, rel=1e-12)


def test_fees_are_taken_from_each_amount() -> None:
    # 1 % fee: 99 buys units each time: 9.9 + 12.375 + 9.9 = 32.175 units.
    result = run(fee_rate=0.01)
    assert result.invested == 300.0
    assert result.fees == pytest.approx(3.0)
    assert result.units == pytest.approx(32.175, rel=1e-12)
    assert result.final_value == pytest.approx(32.175 * 12, rel=1e-12)


def test_a_start_inside_a_month_buys_on_the_first_day_in_range() -> None:
    # Range 01-10 .. 02-29: 01-15 @12 -> 25/3 units and 02-01 @8 -> 12.5; last close 9.
    result = run(start=D(2024, 1, 10), end=np.datetime64("2024-02-29"))
    assert result.buy_dates == (D(2024, 1, 15), D(2024, 2, 1))
    assert result.final_value == pytest.approx((25 / 3 + 12.5) * 9, rel=1e-12)


def test_dca_cleans_unsorted_duplicated_and_missing_input() -> None:
    order = [3, 6, 0, 5, 1, 4, 2]
    result = run(
        dates=[DATES[i] for i in order] + ["2024-02-01", "2024-03-04"],
        closes=[CLOSES[i] if i != 3 else 1.0 for i in order] + [8.0, None],
    )
    assert result.units == pytest.approx(32.5, rel=1e-12)
    assert result.final_value == pytest.approx(390.0, rel=1e-12)


def test_a_single_day_range_has_no_xirr() -> None:
    result = run(start="2024-03-04", end="2024-03-04")
    assert (result.buy_count, result.total_return) == (1, 0.0)
    assert result.xirr.reason == "all cash flows fall on the same date"


def test_empty_ranges_are_undefined() -> None:
    base = {"dates": DATES, "closes": CLOSES, "amount": 100.0}
    assert dca_backtest(start="2025-01-01", end="2025-12-31", **base).reason == (  # type: ignore[arg-type]
        "no trading day between start and end"
    )
    assert dca_backtest(start="2024-03-01", end="2024-01-01", **base).reason == "start is after end"  # type: ignore[arg-type]
    assert (
        dca_backtest([], [], "2024-01-01", "2024-12-31", 100.0).reason
        == "no trading day between start and end"
    )


@pytest.mark.parametrize(
    "overrides",
    [{"amount": 0.0}, {"amount": -5.0}, {"fee_rate": 1.0}, {"fee_rate": -0.1}, {"interval": "daily"}],
)
def test_invalid_arguments_raise(overrides: dict[str, object]) -> None:
    arguments: dict[str, object] = {
        "dates": DATES,
        "closes": CLOSES,
        "start": "2024-01-01",
        "end": "2024-03-04",
        "amount": 100.0,
    }
    arguments.update(overrides)
    with pytest.raises(ValueError):
        dca_backtest(**arguments)  # type: ignore[arg-type]


@settings(deadline=None)
@given(
    offsets=st.lists(st.integers(0, 800), min_size=1, max_size=120, unique=True),
    amount=st.floats(1.0, 1e5),
    fee_rate=st.floats(0.0, 0.05),
    interval=st.sampled_from(get_args(Interval)),
)
def test_invested_is_amount_times_number_of_buys(
    offsets: list[int], amount: float, fee_rate: float, interval: Interval
) -> None:
    dates = np.datetime64("2020-01-01") + np.array(offsets)
    closes = 10.0 + np.sin(np.array(offsets, dtype=float))
    result = dca_backtest(dates, closes, "2020-01-01", "2022-12-31", amount, interval, fee_rate)
    assert result.value is not None
    periods = pd.DatetimeIndex(dates).to_period("W-SUN" if interval == "weekly" else "M")
    assert result.value.buy_count == periods.nunique()
    assert result.value.invested == amount * result.value.buy_count
    assert result.value.cost[-1] == pytest.approx(result.value.invested, rel=1e-12)
    assert result.value.fees == pytest.approx(result.value.invested * fee_rate, rel=1e-12)
    assert (result.value.value > 0).all()


@pytest.mark.parametrize(("interval", "frequency"), [("monthly", "M"), ("weekly", "W-SUN")])
def test_dca_matches_pandas_groupby_on_real_data(
    sp500: pd.DataFrame, interval: Interval, frequency: str
) -> None:
    in_range = sp500[(sp500["date"] >= "2012-01-01") & (sp500["date"] <= "2015-12-31")]
    buys = in_range.groupby(in_range["date"].dt.to_period(frequency)).head(1)
    units = (500.0 * (1 - 0.001) / buys["close"]).sum()
    result = dca_backtest(
        sp500["date"].to_numpy(),
        sp500["close"].to_numpy(),
        "2012-01-01",
        "2015-12-31",
        500.0,
        interval,
        0.001,
    ).value
    assert result is not None
    assert result.buy_dates == tuple(day.date() for day in buys["date"])
    assert result.units == pytest.approx(units, rel=1e-12)
    assert result.final_value == pytest.approx(units * in_range["close"].iloc[-1], rel=1e-12)
    assert result.invested == 500.0 * len(buys)
