"""Fixtures for the analytics tests: the real S&P 500 slice in data/ (see data/README.md)."""

from pathlib import Path

import pandas as pd
import pytest

SP500_CSV = Path(__file__).parent / "data" / "sp500_2010_2015.csv"


@pytest.fixture(scope="session")
def sp500() -> pd.DataFrame:
    """Daily S&P 500 OHLCV, 2010-01-04 .. 2015-12-31, ascending by date."""
    frame = pd.read_csv(SP500_CSV, parse_dates=["date"])
    assert len(frame) == 1510 and frame["date"].is_monotonic_increasing
    return frame
