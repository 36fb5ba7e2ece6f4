import datetime

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etftool.analytics.returns import (
    PERIODS,
    Period,
    batch_cagr,
    batch_total_return,
    cagr,
    period_offset_date,
    period_return,
    period_returns,
    period_start_index,
    simple_returns,
    total_return,
)

D = datetime.date


def test_simple_returns_by_hand() -> None:
    # 110/100 - 1 = 0.1 ; 99/110 - 1 = -0.1
    assert simple_returns(np.array([100.0, 110.0, 99.0])) == pytest.approx([0.1, -0.1])


def test_simple_returns_work_along_the_last_axis() -> None:
    prices = np.array([[1.0, 2.0, 3.0], [4.0, 2.0, 1.0]])
    # [2/1-1, 3/2-1] and [2/4-1, 1/2-1]
    assert simple_returns(prices).tolist() == [[1.0, 0.5], [-0.5, -0.5]]


@pytest.mark.parametrize(
    ("end", "period", "expected"),
    [
        (D(2024, 3, 15), "1w", D(2024, 3, 8)),
        (D(2024, 3, 31), "1m", D(2024, 2, 29)),  # clipped to the leap-year month end
        (D(2024, 5, 31), "3m", D(2024, 2, 29)),
        (D(2023, 5, 31), "3m", D(2023, 2, 28)),
        (D(2024, 8, 31), "6m", D(2024, 2, 29)),
        (D(2024, 1, 15), "1m", D(2023, 12, 15)),  # crosses the year boundary
        (D(2024, 6, 14), "ytd", D(2023, 12, 31)),
        (D(2024, 2, 29), "1y", D(2023, 2, 28)),
        (D(2024, 1, 15), "3y", D(2021, 1, 15)),
        (D(2024, 1, 15), "5y", D(2019, 1, 15)),
        (D(2024, 1, 15), "all", None),
    ],
)
def test_period_offset_dates(end: datetime.date, period: Period, expected: datetime.date | None) -> None:
    assert period_offset_date(end, period) == expected


def test_period_start_is_the_last_trading_day_on_or_before_the_offset_date() -> None:
    # 2024-03-08 is missing (holiday): the 1w start from 03-15 falls back to 03-07.
    dates = ["2024-03-06", "2024-03-07", "2024-03-11", "2024-03-15"]
    assert period_start_index(dates, "1w").value == 1
    assert period_start_index(dates, "all").value == 0


def test_period_start_is_undefined_when_history_is_too_short() -> None:
    start = period_start_index(["2024-03-11", "2024-03-15"], "1w")
    assert start.value is None
    assert start.reason == "history starts after 2024-03-08"
    assert period_start_index([], "all").value is None


HOLIDAY_DATES = ["2023-12-28", "2023-12-29", "2024-01-02", "2024-01-03"]
HOLIDAY_CLOSES = [100.0, 102.0, 105.0, 104.0]


def test_period_return_by_hand() -> None:
    ytd = period_return(HOLIDAY_DATES, HOLIDAY_CLOSES, "ytd").value
    assert ytd is not None
    # ytd starts from the last close of 2023 (12-29, 102): 104/102 - 1
    assert ytd.start_date == D(2023, 12, 29)
    assert ytd.end_date == D(2024, 1, 3)
    assert (ytd.start_price, ytd.end_price) == (102.0, 104.0)
    assert ytd.total_return == pytest.approx(2.0 / 102.0, rel=1e-12)
    everything = period_return(HOLIDAY_DATES, HOLIDAY_CLOSES, "all").value
    assert everything is not None
    assert everything.total_return == pytest.approx(0.04, rel=1e-12)  # 104/100 - 1
    assert period_return(HOLIDAY_DATES, HOLIDAY_CLOSES, "1w").value is None


def test_period_returns_clean_unsorted_duplicated_and_missing_input() -> None:
    dates = [HOLIDAY_DATES[i] for i in (3, 0, 2, 1)] + ["2024-01-03", "2024-01-02"]
    closes = [999.0, 100.0, 105.0, 102.0, 104.0, None]
    results = period_returns(dates, closes)
    assert set(results) == set(PERIODS)
    ytd = results["ytd"].value
    assert ytd is not None and ytd.total_return == pytest.approx(2.0 / 102.0, rel=1e-12)
    assert results["1m"].reason == "history starts after 2023-12-03"


def test_period_return_of_a_single_point_is_undefined() -> None:
    assert period_return(["2024-01-02"], [1.0], "all").reason == "needs at least 2 prices"


def test_total_return_by_hand() -> None:
    # 120 / 100 - 1 (the path in between does not matter)
    assert total_return(["2024-01-01", "2024-01-02", "2024-01-03"], [100.0, 80.0, 120.0]).value == (
        pytest.approx(0.2, rel=1e-12)
    )
    assert total_return(["2024-01-01"], [100.0]).value is None


def test_cagr_by_hand() -> None:
    # 2020-01-01 .. 2024-01-01 is 366 + 3 * 365 = 1461 days = exactly 4 * 365.25, so Y = 4
    # and 100 -> 146.41 = 100 * 1.1^4 gives a CAGR of 10 %.
    assert cagr(["2020-01-01", "2024-01-01"], [100.0, 146.41]).value == pytest.approx(0.1, rel=1e-12)


def test_cagr_edge_cases() -> None:
    assert cagr(["2020-01-01"], [100.0]).reason == "needs at least 2 prices"
    assert cagr(["2020-01-01", "2020-01-01"], [100.0, 101.0]).reason == "needs at least 2 prices"
    # An 8-fold rise in one day annualises to 8^365.25 = 2^1095.75, beyond float range (2^1024).
    assert cagr(["2020-01-01", "2020-01-02"], [1.0, 8.0]).reason == "growth overflows over so short a span"


def test_batch_versions_compute_each_row() -> None:
    closes = np.array([[100.0, 121.0], [100.0, 81.0]])
    dates = ["2020-01-01", "2024-01-01"]
    assert batch_total_return(closes).tolist() == pytest.approx([0.21, -0.19])
    # Y = 4: 1.21^(1/4) - 1 and 0.81^(1/4) - 1
    assert batch_cagr(dates, closes).tolist() == pytest.approx([1.21**0.25 - 1, 0.81**0.25 - 1])
    assert np.isnan(batch_total_return(np.ones((2, 1)))).all()
    with pytest.raises(ValueError):
        batch_cagr(["2020-01-01"], closes)


@settings(deadline=None)
@given(
    prices=st.lists(st.floats(0.01, 1e6), min_size=2, max_size=50),
    scale=st.floats(1e-3, 1e3),
)
def test_returns_do_not_depend_on_the_price_scale(prices: list[float], scale: float) -> None:
    array = np.array(prices)
    assert np.allclose(simple_returns(array * scale), simple_returns(array), rtol=1e-9, atol=1e-12)


def test_simple_returns_match_pandas_pct_change(sp500: pd.DataFrame) -> None:
    expected = sp500["close"].pct_change().to_numpy()[1:]
    assert np.allclose(simple_returns(sp500["close"].to_numpy()), expected, rtol=1e-12, atol=0)


PANDAS_OFFSETS: dict[Period, pd.DateOffset] = {
    "1w": pd.DateOffset(weeks=1),
    "1m": pd.DateOffset(months=1),
    "3m": pd.DateOffset(months=3),
    "6m": pd.DateOffset(months=6),
    "1y": pd.DateOffset(years=1),
    "3y": pd.DateOffset(years=3),
    "5y": pd.DateOffset(years=5),
}


@pytest.mark.parametrize("cutoff", ["2015-12-31", "2012-02-29", "2014-03-31", "2013-08-30"])
def test_period_returns_match_pandas_asof(sp500: pd.DataFrame, cutoff: str) -> None:
    frame = sp500[sp500["date"] <= cutoff]
    closes = frame.set_index("date")["close"]
    end = closes.index[-1]
    results = period_returns(frame["date"].to_numpy(), frame["close"].to_numpy())
    targets = {period: end - offset for period, offset in PANDAS_OFFSETS.items()}
    targets["ytd"] = pd.Timestamp(end.year - 1, 12, 31)
    for period, target in targets.items():
        result = results[period]
        if target < closes.index[0]:
            assert result.value is None, period
            continue
        assert result.value is not None, period
        expected = closes.iloc[-1] / closes.asof(target) - 1
        assert result.value.start_date == closes.index[closes.index <= target][-1].date(), period
        assert result.value.total_return == pytest.approx(expected, rel=1e-12), period
    everything = results["all"].value
    assert everything is not None
    assert everything.total_return == pytest.approx(closes.iloc[-1] / closes.iloc[0] - 1, rel=1e-12)
