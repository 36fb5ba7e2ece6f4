"""Fund distributions: cash dividends (分红) and unit splits (拆分折算) per code.

Live sources publish them per year for all funds at once (East Money's 分红送配 tables), so a
provider answers a whole year (`YearDistributions`) and the service picks one code's events
out of the years its history spans (`Distributions`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

DistributionKind = Literal["dividend", "split"]


@dataclass(frozen=True)
class Distribution:
    code: str
    kind: DistributionKind
    ex_date: date  # 除息日 of a dividend; 拆分折算日 (the day units change) of a split
    record_date: date | None = None  # 权益登记日: holders on this day receive the dividend
    pay_date: date | None = None  # 分红发放日: the cash reaches holders
    cash_per_share: float | None = None  # dividend per fund unit, in the fund's currency
    split_ratio: float | None = None  # units after the split per unit before it
    split_type: str | None = None  # the source's words for a split, e.g. 份额分拆, 份额折算


@dataclass(frozen=True, eq=False)
class YearDistributions:
    """Every fund's distributions of one year, as one source publishes them."""

    year: int
    by_code: dict[str, tuple[Distribution, ...]]
    source: str
    as_of: str  # ISO datetime of the fetch
    stale: bool = False

    @classmethod
    def of(cls, year: int, events: Iterable[Distribution], *, source: str, as_of: str) -> YearDistributions:
        by_code: dict[str, list[Distribution]] = {}
        for event in events:
            by_code.setdefault(event.code, []).append(event)
        return cls(year, {code: tuple(found) for code, found in by_code.items()}, source, as_of)


@dataclass(frozen=True)
class Distributions:
    """One code's distributions in ascending ex-date order."""

    code: str
    events: tuple[Distribution, ...]
    first_year: int | None  # the years searched, both inclusive; None when no source has any
    last_year: int | None
    source: str
    as_of: str
    stale: bool = False  # some years come from an expired cache because their source failed
