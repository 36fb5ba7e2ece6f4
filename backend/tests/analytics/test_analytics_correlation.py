import datetime

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etftool.analytics.correlation import (
    align_on_common_dates,
    batch_correlation,
    beta,
    correlation_matrix,
)

DATES = ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"]
# Returns x = [0.01, 0.02, 0.03] and y = [0.02, 0.01, 0.03].
X_PRICES = [100.0, 101.0, 103.02, 106.1106]
Y_PRICES = [100.0, 102.0, 103.02, 106.1106]


def test_correlation_and_beta_by_hand() -> None:
    # Centred x: -0.01, 0, 0.01; centred y: 0, -0.01, 0.01.
    # Sum of products 0.0001, sums of squares 0.0002 and 0.0002:
    # r = 0.0001 / sqrt(0.0002 * 0.0002) = 0.5 and beta(y on x) = 0.0001 / 0.0002 = 0.5.
    matrix = correlation_matrix({"x": (DATES, X_PRICES), "y": (DATES, Y_PRICES)})
    assert matrix.labels == ("x", "y")
    assert matrix.observations == 3
    assert matrix.values[0][1].value == pytest.approx(0.5, rel=1e-9)
    assert matrix.values[1][0].value == pytest.approx(0.5, rel=1e-9)
    assert matrix.values[0][0].value == 1.0 and matrix.values[1][1].value == 1.0
    assert beta((DATES, Y_PRICES), (DATES, X_PRICES)).value == pytest.approx(0.5, rel=1e-9)


def test_perfectly_opposite_returns() -> None:
    # Returns +1 %, -1 %, +1 % against -1 %, +1 %, -1 %: r = -1; beta = -1.
    up = [100.0, 101.0, 99.99, 100.9899]
    down = [100.0, 99.0, 99.99, 98.9901]
    matrix = correlation_matrix({"up": (DATES, up), "down": (DATES, down)})
    assert matrix.values[0][1].value == pytest.approx(-1.0, rel=1e-9)
    assert beta((DATES, up), (DATES, down)).value == pytest.approx(-1.0, rel=1e-9)


def test_series_are_joined_on_common_dates_before_computing_returns() -> None:
    # 2024-01-03 exists only for "a", so both series use the returns 01-01 -> 01-02 -> 01-04:
    # a: 110/100 - 1 = 0.1, 99/110 - 1 = -0.1; b: 12/10 - 1 = 0.2, 9/12 - 1 = -0.25.
    # Two points always correlate perfectly (here +1). beta: centred a = 0.1, -0.1 and
    # centred b = 0.225, -0.225: cov = 0.045, var(b) = 0.10125, beta = 0.045 / 0.10125 = 4/9.
    a = (DATES, [100.0, 110.0, 999.0, 99.0])
    b = (["2024-01-04", "2024-01-01", "2024-01-02"], [9.0, 10.0, 12.0])
    dates, closes = align_on_common_dates([a, b])
    assert dates.tolist() == [datetime.date(2024, 1, d) for d in (1, 2, 4)]
    assert closes.tolist() == [[100.0, 110.0, 99.0], [10.0, 12.0, 9.0]]
    matrix = correlation_matrix({"a": a, "b": b})
    assert matrix.values[0][1].value == pytest.approx(1.0, rel=1e-12)
    assert (matrix.start_date, matrix.end_date) == (datetime.date(2024, 1, 1), datetime.date(2024, 1, 4))
    assert beta(a, b).value == pytest.approx(4 / 9, rel=1e-12)


def test_zero_variance_series_have_undefined_correlations() -> None:
    matrix = correlation_matrix({"x": (DATES, X_PRICES), "flat": (DATES, [5.0] * 4)})
    assert matrix.values[0][0].value == 1.0
    for i, j in ((0, 1), (1, 0), (1, 1)):
        assert matrix.values[i][j].value is None
        assert matrix.values[i][j].reason == "zero variance"
    assert beta((DATES, X_PRICES), (DATES, [5.0] * 4)).reason == "benchmark returns have zero variance"


def test_too_few_common_returns() -> None:
    matrix = correlation_matrix({"x": (DATES[:2], X_PRICES[:2]), "y": (DATES[:2], Y_PRICES[:2])})
    assert matrix.observations == 1
    assert matrix.values[0][1].reason == "only 1 common daily returns (needs 2)"
    disjoint = correlation_matrix({"x": (DATES[:2], X_PRICES[:2]), "y": (DATES[2:], Y_PRICES[2:])})
    assert disjoint.observations == 0 and disjoint.start_date is None
    assert correlation_matrix({"x": (DATES, X_PRICES), "y": (DATES, Y_PRICES)}, min_observations=5).values[0][
        1
    ].reason == ("only 3 common daily returns (needs 5)")
    assert beta((DATES[:1], X_PRICES[:1]), (DATES[:1], Y_PRICES[:1])).value is None


def test_empty_and_single_series() -> None:
    empty = correlation_matrix({})
    assert (empty.labels, empty.values, empty.observations) == ((), (), 0)
    single = correlation_matrix({"x": (DATES, X_PRICES)})
    assert single.values[0][0].value == 1.0


def test_nan_prices_are_dropped_before_joining() -> None:
    matrix = correlation_matrix({"x": ([*DATES, "2024-01-05"], [*X_PRICES, None]), "y": (DATES, Y_PRICES)})
    assert matrix.observations == 3
    assert matrix.values[0][1].value == pytest.approx(0.5, rel=1e-9)


@settings(deadline=None)
@given(
    returns=st.integers(2, 5).flatmap(
        lambda k: st.lists(st.lists(st.floats(-0.3, 0.3), min_size=k, max_size=k), min_size=2, max_size=60)
    )
)
def test_correlation_matrix_is_symmetric_bounded_with_unit_diagonal(returns: list[list[float]]) -> None:
    matrix = batch_correlation(np.array(returns).T)
    defined = ~np.isnan(matrix)
    assert np.array_equal(defined, defined.T)
    assert np.array_equal(matrix[defined], matrix.T[defined])
    assert ((matrix[defined] >= -1.0) & (matrix[defined] <= 1.0)).all()
    diagonal = np.diag(matrix)
    assert (diagonal[~np.isnan(diagonal)] == 1.0).all()
    # A row is undefined exactly when its series has no variance.
    assert np.array_equal(np.isnan(diagonal), np.isnan(matrix).all(axis=1))


def test_correlation_and_beta_match_pandas_on_real_data(sp500: pd.DataFrame) -> None:
    close = sp500.set_index("date")["close"]
    # A second series with every seventh day missing, to exercise the inner join.
    opened = sp500.set_index("date")["open"].iloc[[i for i in range(len(sp500)) if i % 7 != 3]]
    joined = pd.concat({"close": close, "open": opened}, axis=1, join="inner").pct_change().dropna()
    matrix = correlation_matrix(
        {
            "close": (close.index.to_numpy(), close.to_numpy()),
            "open": (opened.index.to_numpy(), opened.to_numpy()),
        }
    )
    assert matrix.observations == len(joined)
    assert matrix.values[0][1].value == pytest.approx(joined.corr().loc["close", "open"], rel=1e-9)
    expected_beta = joined.cov().loc["close", "open"] / joined["open"].var()
    assert beta(
        (close.index.to_numpy(), close.to_numpy()), (opened.index.to_numpy(), opened.to_numpy())
    ).value == pytest.approx(expected_beta, rel=1e-9)
