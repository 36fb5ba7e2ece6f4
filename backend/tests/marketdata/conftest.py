"""Stand-ins for live sources, offered as fixtures: recorded akshare responses, a scriptable
provider and a clock."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from etftool.marketdata.base import Adjust, Bars, EtfInfo, Quote
from etftool.marketdata.errors import UnknownSymbol
from etftool.marketdata.settings import MarketDataSettings

FIXTURES = Path(__file__).parent / "fixtures"


class RecordedAkshare:
    """Answers like the akshare module from fixture files; names in `failing` raise like a
    dropped connection (akshare surfaces requests' ConnectionError, an OSError)."""

    def __init__(self, failing: Iterable[str] = ()) -> None:
        self.failing = set(failing)
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def _answer(self, function: str, **arguments: Any) -> None:
        self.calls.append((function, arguments))
        if function in self.failing:
            raise ConnectionError(f"('Connection aborted.', RemoteDisconnected()) in {function}")

    def called(self, function: str) -> list[dict[str, Any]]:
        return [arguments for name, arguments in self.calls if name == function]

    def fund_etf_spot_em(self) -> pd.DataFrame:
        self._answer("fund_etf_spot_em")
        frame = pd.read_csv(FIXTURES / "fund_etf_spot_em.csv", dtype={"代码": str, "数据日期": str})
        frame["数据日期"] = pd.to_datetime(frame["数据日期"], format="%Y%m%d", errors="coerce")
        frame["更新时间"] = (
            pd.to_datetime(frame["更新时间"], unit="s", errors="coerce")
            .dt.tz_localize("UTC")
            .dt.tz_convert("Asia/Shanghai")
        )
        return frame

    def fund_etf_category_sina(self, symbol: str = "LOF基金") -> pd.DataFrame:
        self._answer("fund_etf_category_sina", symbol=symbol)
        return pd.read_csv(FIXTURES / "fund_etf_category_sina.csv", dtype={"代码": str})

    def fund_etf_hist_em(
        self,
        symbol: str = "159707",
        period: str = "daily",
        start_date: str = "19700101",
        end_date: str = "20500101",
        adjust: str = "",
    ) -> pd.DataFrame:
        self._answer(
            "fund_etf_hist_em",
            symbol=symbol,
            period=period,
            start_date=start_date,
            end_date=end_date,
            adjust=adjust,
        )
        path = FIXTURES / f"fund_etf_hist_em_{symbol}.csv"
        if not path.exists():
            return pd.DataFrame()  # what akshare returns for a code East Money does not know
        frame = pd.read_csv(path, dtype={"日期": str})
        day = pd.to_datetime(frame["日期"])
        keep = (day >= pd.Timestamp(start_date)) & (day <= pd.Timestamp(end_date))
        return frame[keep].reset_index(drop=True)

    def fund_etf_hist_sina(self, symbol: str = "sz159996") -> pd.DataFrame:
        self._answer("fund_etf_hist_sina", symbol=symbol)
        path = FIXTURES / f"fund_etf_hist_sina_{symbol}.csv"
        if not path.exists():
            return pd.DataFrame()
        frame = pd.read_csv(path)
        frame["date"] = pd.to_datetime(frame["date"]).dt.date
        return frame


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


class FakeClock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def recorded_akshare() -> type[RecordedAkshare]:
    """Call it to get a stand-in akshare module, e.g. recorded_akshare(failing={"fund_etf_spot_em"})."""
    return RecordedAkshare


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
