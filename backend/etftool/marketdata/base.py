"""The provider contract: what every market-data source returns and the calls it answers."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from typing import Literal, Protocol, TypedDict

import numpy as np
import numpy.typing as npt

from etftool.marketdata.categories import Category, categorize
from etftool.marketdata.distributions import YearDistributions
from etftool.marketdata.errors import InvalidData

Adjust = Literal["qfq", "hfq", "none"]
"""Price adjustment: qfq = forward-adjusted (前复权), hfq = backward-adjusted (后复权)."""

ADJUSTMENTS: tuple[Adjust, ...] = ("qfq", "hfq", "none")

FloatArray = npt.NDArray[np.float64]
DateArray = npt.NDArray[np.datetime64]

BarRow = tuple[date, float, float, float, float, float]
"""One day: date, open, high, low, close, volume (NaN where the source has no value)."""


@dataclass(frozen=True)
class EtfInfo:
    code: str
    name: str
    market: str  # "CN" (A-share), "US", or "" when unknown
    exchange: str | None  # "SSE", "SZSE", or None where the source does not say
    currency: str  # ISO 4217, "" when unknown
    kind: str  # "etf" or "index"
    source: str
    as_of: str  # ISO date or datetime of the data behind this entry

    @cached_property
    def category(self) -> Category:
        """What the fund invests in, from its name (see categories.py)."""
        return categorize(self.name)


class QuoteFigures(TypedDict):
    """A quote's price, trading and fund figures, by the names the API gives them."""

    price: float | None
    prev_close: float | None
    change: float | None
    change_pct: float | None
    volume: float | None
    amount: float | None
    iopv: float | None
    premium_pct: float | None
    shares: float | None
    fund_size: float | None
    shares_change_5d: float | None
    shares_change_20d: float | None


@dataclass(frozen=True)
class Quote:
    code: str
    name: str
    price: float | None
    prev_close: float | None
    open: float | None
    high: float | None
    low: float | None
    volume: float | None  # shares (fund units)
    amount: float | None  # traded value in the quote currency
    source: str
    as_of: str  # ISO date or datetime of the price
    stale: bool = False
    # Exchange-traded fund data; None where the source does not give it.
    iopv: float | None = None  # indicative NAV per unit (IOPV, 实时估值) published during trading
    shares: float | None = None  # fund units outstanding (最新份额)
    fund_size: float | None = None  # total market value in the quote currency (总市值)
    shares_change_5d: float | None = None  # change of `shares` over 5 trading days
    shares_change_20d: float | None = None

    @property
    def premium_pct(self) -> float | None:
        """Premium (+) or discount (−) of the price over the IOPV, in percent."""
        if self.price is None or not self.iopv:
            return None
        return (self.price / self.iopv - 1) * 100

    @property
    def change(self) -> float | None:
        if self.price is None or self.prev_close is None:
            return None
        return self.price - self.prev_close

    @property
    def change_percent(self) -> float | None:
        change = self.change
        if change is None or not self.prev_close:
            return None
        return change / self.prev_close * 100

    def figures(self) -> QuoteFigures:
        return {
            "price": self.price,
            "prev_close": self.prev_close,
            "change": self.change,
            "change_pct": self.change_percent,
            "volume": self.volume,
            "amount": self.amount,
            "iopv": self.iopv,
            "premium_pct": self.premium_pct,
            "shares": self.shares,
            "fund_size": self.fund_size,
            "shares_change_5d": self.shares_change_5d,
            "shares_change_20d": self.shares_change_20d,
        }


@dataclass(frozen=True, eq=False)
class Bars:
    """Daily bars in ascending date order; one float array per field, NaN where unknown."""

    code: str
    dates: DateArray  # datetime64[D]
    open: FloatArray
    high: FloatArray
    low: FloatArray
    close: FloatArray
    volume: FloatArray  # shares (fund units)
    adjust: Adjust  # what the prices are, which can differ from what was asked for
    source: str
    stale: bool = False

    @classmethod
    def from_rows(cls, code: str, rows: Iterable[BarRow], *, adjust: Adjust, source: str) -> Bars:
        ordered = sorted(rows, key=lambda row: row[0])
        for previous, current in itertools.pairwise(ordered):
            if previous[0] == current[0]:
                raise InvalidData(0, f"duplicate date {current[0].isoformat()}")
        columns = list(zip(*ordered, strict=True)) if ordered else [()] * 6
        return cls(
            code=code,
            dates=np.array(columns[0], dtype="datetime64[D]"),
            open=np.array(columns[1], dtype=np.float64),
            high=np.array(columns[2], dtype=np.float64),
            low=np.array(columns[3], dtype=np.float64),
            close=np.array(columns[4], dtype=np.float64),
            volume=np.array(columns[5], dtype=np.float64),
            adjust=adjust,
            source=source,
        )

    def __len__(self) -> int:
        return len(self.dates)

    @property
    def as_of(self) -> str:
        """ISO date of the last bar ("" when there are none)."""
        return str(self.dates[-1]) if len(self.dates) else ""

    def between(self, start: date | None, end: date | None) -> Bars:
        keep = np.ones(len(self.dates), dtype=bool)
        if start is not None:
            keep &= self.dates >= np.datetime64(start, "D")
        if end is not None:
            keep &= self.dates <= np.datetime64(end, "D")
        if keep.all():
            return self
        return replace(
            self,
            dates=self.dates[keep],
            open=self.open[keep],
            high=self.high[keep],
            low=self.low[keep],
            close=self.close[keep],
            volume=self.volume[keep],
        )

    def latest_quote(self, name: str) -> Quote:
        """The last bar as a quote, for sources that only have daily history."""
        last = len(self.dates) - 1

        def at(values: FloatArray, index: int) -> float | None:
            if index < 0 or math.isnan(values[index]):
                return None
            return float(values[index])

        return Quote(
            code=self.code,
            name=name,
            price=at(self.close, last),
            prev_close=at(self.close, last - 1),
            open=at(self.open, last),
            high=at(self.high, last),
            low=at(self.low, last),
            volume=at(self.volume, last),
            amount=None,
            source=self.source,
            as_of=self.as_of,
            stale=self.stale,
        )


@dataclass(frozen=True)
class IntradayPoint:
    time: str  # ISO datetime in the market's time zone, the end of the minute
    price: float | None
    avg_price: float | None  # volume-weighted average price of the session so far
    volume: float | None  # units traded in this minute


@dataclass(frozen=True)
class Intraday:
    """One session's minute prices (the latest session the source has)."""

    code: str
    date: str  # ISO date of the session, "" when there are no points
    points: tuple[IntradayPoint, ...]
    source: str
    as_of: str  # ISO datetime of the last point, or of the data behind an empty answer
    stale: bool = False


class PriceProvider(Protocol):
    """A source of ETF prices. Implementations raise UnknownSymbol, UpstreamError or InvalidData."""

    name: str

    def list_etfs(self) -> list[EtfInfo]: ...

    def quotes(self, codes: Sequence[str]) -> dict[str, Quote]:
        """Latest quotes for the codes this provider knows; unknown codes are left out."""
        ...

    def history(
        self, code: str, start: date | None = None, end: date | None = None, adjust: Adjust = "qfq"
    ) -> Bars:
        """Daily bars between start and end (both inclusive, None = unbounded)."""
        ...

    def intraday(self, code: str) -> Intraday:
        """Minute prices of the latest session."""
        ...

    def distributions(self, year: int) -> YearDistributions:
        """Every fund's dividends and splits of one calendar year."""
        ...
