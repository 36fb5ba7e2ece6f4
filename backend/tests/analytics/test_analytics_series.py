import datetime

import numpy as np
import pytest

from etftool.analytics.series import (
    as_dates,
    as_day,
    calendar_period_keys,
    clean_series,
    finite_layout,
    first_of_period,
    last_of_period,
    last_row_per_date,
    to_date,
)


def test_clean_series_sorts_by_date() -> None:
    series = clean_series(["2024-01-03", "2024-01-01", "2024-01-02"], [3.0, 1.0, 2.0])
    assert series.dates.tolist() == [
        datetime.date(2024, 1, 1),
        datetime.date(2024, 1, 2),
        datetime.date(2024, 1, 3),
    ]
    assert series.close.tolist() == [1.0, 2.0, 3.0]


def test_clean_series_keeps_the_last_row_of_a_duplicated_date() -> None:
    series = clean_series(["2024-01-02", "2024-01-01", "2024-01-02", "2024-01-02"], [20.0, 10.0, 21.0, 22.0])
    assert series.close.tolist() == [10.0, 22.0]


def test_clean_series_drops_missing_and_non_positive_prices_before_deduplicating() -> None:
    # The last row for 01-02 is missing, so the earlier valid 01-02 row is kept.
    series = clean_series(
        ["2024-01-01", "2024-01-02", "2024-01-02", "2024-01-03", "2024-01-04", None],
        [1.0, 2.0, None, float("nan"), 0.0, 5.0],
    )
    assert series.dates.tolist() == [datetime.date(2024, 1, 1), datetime.date(2024, 1, 2)]
    assert series.close.tolist() == [1.0, 2.0]


def test_clean_series_requires_every_supplied_field_to_be_valid() -> None:
    series = clean_series(
        ["2024-01-01", "2024-01-02", "2024-01-03"],
        [10.0, 11.0, 12.0],
        high=[10.5, float("nan"), 12.5],
        low=[9.5, 10.5, 11.5],
    )
    assert series.close.tolist() == [10.0, 12.0]
    assert series.high is not None and series.high.tolist() == [10.5, 12.5]
    assert series.low is not None and series.low.tolist() == [9.5, 11.5]


def test_clean_series_leaves_unsupplied_fields_empty() -> None:
    series = clean_series(["2024-01-01"], [1.0], low=[0.5])
    assert series.high is None
    assert series.low is not None and series.low.tolist() == [0.5]


def test_clean_series_of_nothing_is_empty() -> None:
    series = clean_series([], [])
    assert len(series) == 0
    assert series.dates.dtype == np.dtype("datetime64[D]")


def test_clean_series_rejects_mismatched_lengths() -> None:
    with pytest.raises(ValueError):
        clean_series(["2024-01-01", "2024-01-02"], [1.0])
    with pytest.raises(ValueError):
        clean_series(["2024-01-01"], [1.0], high=[1.0, 2.0])


def test_last_row_per_date_orders_and_deduplicates() -> None:
    dates = as_dates(["2024-01-02", "2024-01-01", "2024-01-02"])
    assert last_row_per_date(dates).tolist() == [1, 2]


def test_dates_convert_from_dates_strings_and_datetimes() -> None:
    mixed: list[datetime.date | str] = [datetime.date(2024, 2, 29), "2024-03-01"]
    assert as_dates(mixed).tolist() == [
        datetime.date(2024, 2, 29),
        datetime.date(2024, 3, 1),
    ]
    assert as_day(datetime.datetime(2024, 1, 5, 15, 30)) == np.datetime64("2024-01-05")
    assert as_day("2024-01-05") == np.datetime64("2024-01-05")
    assert as_day(np.datetime64("2024-01-05T10:00")) == np.datetime64("2024-01-05")
    assert to_date(np.datetime64("2024-01-05")) == datetime.date(2024, 1, 5)


def test_weeks_run_monday_to_sunday() -> None:
    # 2024-01-07 is a Sunday, 2024-01-08 a Monday.
    dates = as_dates(["2024-01-01", "2024-01-05", "2024-01-07", "2024-01-08"])
    keys = calendar_period_keys(dates, "weekly")
    assert keys[0] == keys[1] == keys[2] != keys[3]
    assert first_of_period(dates, "weekly").tolist() == [True, False, False, True]
    assert last_of_period(dates, "weekly").tolist() == [False, False, True, True]


def test_months_group_calendar_months() -> None:
    dates = as_dates(["2024-01-30", "2024-01-31", "2024-02-01", "2025-02-03"])
    assert first_of_period(dates, "monthly").tolist() == [True, False, True, True]
    assert last_of_period(dates, "monthly").tolist() == [False, True, True, True]


def test_finite_layout_drops_points_of_1d_input_and_restores_them_as_nan() -> None:
    values = np.array([1.0, np.nan, 3.0, np.inf])
    layout = finite_layout(values)
    block = layout.compress(values)
    assert block.tolist() == [[1.0, 3.0]]
    assert np.array_equal(layout.expand(block * 2), [2.0, np.nan, 6.0, np.nan], equal_nan=True)


def test_finite_layout_drops_rows_of_2d_input() -> None:
    values = np.array([[1.0, 2.0], [np.nan, 2.0], [3.0, 4.0]])
    layout = finite_layout(values)
    block = layout.compress(values)
    assert block.tolist() == [[1.0, 2.0], [3.0, 4.0]]
    expanded = layout.expand(block)
    assert expanded[0].tolist() == [1.0, 2.0]
    assert np.isnan(expanded[1]).all()


def test_finite_layout_rejects_mismatched_shapes() -> None:
    with pytest.raises(ValueError):
        finite_layout(np.zeros(3), np.zeros(4))
    with pytest.raises(ValueError):
        finite_layout(np.zeros((2, 2, 2)))
