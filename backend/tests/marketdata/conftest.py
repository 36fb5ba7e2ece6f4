"""Stand-ins for live sources, offered as fixtures: a scriptable provider and a clock (the
stand-in East Money and THS, `upstream`, is in ../conftest.py)."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path

import pytest

from etftool.db import Database
from etftool.marketdata.base import Adjust, Bars, EtfInfo, Intraday, IntradayPoint, Quote
from etftool.marketdata.distributions import Distribution, YearDistributions
from etftool.marketdata.errors import UnknownSymbol
from etftool.marketdata.settings import MarketDataSettings


class ScriptedProvider:
    """A live provider whose behaviour each test sets: block until `release` is set, raise
    the next of `failures` once, raise `failure` every time, or answer."""

    name = "live"

    def __init__(self) -> None:
        self.calls = 0
        self.release: threading.Event | None = None
        self.failures: list[Exception] = []
        self.failure: Exception | None = None
        self.close_price = 10.0
        self.distribution_years: list[int] = []  # the years asked for, in order

    def _answer(self) -> None:
        self.calls += 1
        if self.release is not None:
            self.release.wait(timeout=30)
        if self.failures:
            raise self.failures.pop(0)
        if self.failure is not None:
            raise self.failure

    def list_etfs(self) -> list[EtfInfo]:
        self._answer()
        return [
            EtfInfo("510300", "沪深300ETF", "CN", "SSE", "CNY", "etf", "live: test", "2024-06-14"),
            EtfInfo("159915", "创业板ETF", "CN", "SZSE", "CNY", "etf", "live: test", "2024-06-14"),
        ]

    def quotes(self, codes: Sequence[str]) -> dict[str, Quote]:
        self._answer()
        return {
            code: Quote(
                code, code, self.close_price, 9.5, None, None, None, None, None, "live: test", "2024-06-14"
            )
            for code in codes
            if code in ("510300", "159915")
        }

    def history(
        self, code: str, start: date | None = None, end: date | None = None, adjust: Adjust = "qfq"
    ) -> Bars:
        self._answer()
        if code not in ("510300", "159915"):
            raise UnknownSymbol(code)
        first, nan = date(2024, 6, 10), float("nan")
        rows = [
            (first + timedelta(days=offset), nan, nan, nan, self.close_price + offset, 1e6)
            for offset in range(5)
        ]
        return Bars.from_rows(code, rows, adjust=adjust, source="live: test").between(start, end)

    def intraday(self, code: str) -> Intraday:
        self._answer()
        if code not in ("510300", "159915"):
            raise UnknownSymbol(code)
        point = IntradayPoint("2024-06-14T09:31:00+08:00", self.close_price, self.close_price, 1e4)
        return Intraday(code, "2024-06-14", (point,), "live: test", point.time)


    def distributions(self, year: int) -> YearDistributions:
        self._answer()
        self.distribution_years.append(year)
        events = [
            Distribution("510300", "dividend", date(year, 6, 12), date(year, 6, 11), date(year, 6, 17), 0.05),
            Distribution("159915", "split", date(year, 2, 6), split_ratio=2.0, split_type="份额分拆"),
        ]
        return YearDistributions.of(year, events, source="live: test", as_of=f"{year}-12-31T16:00:00+08:00")


class FakeClock:
    # Wednesday 2023-11-15, 10:00 in Shanghai: A-share trading hours, so quotes keep their TTL.
    def __init__(self, now: float = 1_700_013_600.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def live_provider() -> ScriptedProvider:
    return ScriptedProvider()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def market_settings(tmp_path: Path) -> MarketDataSettings:
    """Caches and imports under tmp_path; one attempt per call and no back-off after a failure
    unless a test asks for them."""
    return MarketDataSettings(
        cache_dir=tmp_path / "cache", data_dir=tmp_path / "data", retry_attempts=1, failure_backoff_s=0
    )


@pytest.fixture
def imports_database(tmp_path: Path) -> Iterator[Database]:
    """A migrated SQLite database for MarketData's CSV imports."""
    database = Database(f"sqlite:///{tmp_path / 'etftool.db'}")
    database.migrate()
    yield database
    database.dispose()
