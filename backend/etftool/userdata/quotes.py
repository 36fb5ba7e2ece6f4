"""Quotes for user-data views: one batch call for all codes, and a reason for each missing one."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from etftool.marketdata import MarketDataError, Quote, QuoteBatch
from etftool.userdata.errors import RuleViolation


class QuoteSource(Protocol):
    """What user data needs from etftool.marketdata.MarketData."""

    def quotes(self, codes: Sequence[str]) -> QuoteBatch: ...


@dataclass(frozen=True)
class QuoteLookup:
    quotes: dict[str, Quote] = field(default_factory=dict)  # only quotes that have a price
    missing: dict[str, str] = field(default_factory=dict)  # code -> why there is no price
    unknown: frozenset[str] = frozenset()  # codes no data source knows (a subset of missing)


def fetch_quotes(source: QuoteSource, codes: Sequence[str]) -> QuoteLookup:
    """Never raises: a failing source leaves every code missing with the source's error."""
    wanted = list(dict.fromkeys(codes))
    if not wanted:
        return QuoteLookup()
    try:
        batch = source.quotes(wanted)
    except MarketDataError as error:
        return QuoteLookup(missing={code: f"quote unavailable: {error}" for code in wanted})
    quotes: dict[str, Quote] = {}
    missing: dict[str, str] = {}
    for code in wanted:
        quote = batch.quotes.get(code)
        if quote is not None and quote.price is not None:
            quotes[code] = quote
        elif quote is not None:
            missing[code] = f"the latest quote for {code} has no price"
        elif code in batch.failed:
            missing[code] = f"quote unavailable: {batch.failed[code]}"
        else:
            missing[code] = f"no data source knows {code}"
    return QuoteLookup(quotes, missing, frozenset(batch.unknown) & missing.keys())


def fetch_known_quote(source: QuoteSource, code: str, location: Sequence[str | int]) -> QuoteLookup:
    """The quote of a code a user is adding; raises RuleViolation at `location` when no
    data source knows the code. A source that fails is no reason to refuse it."""
    lookup = fetch_quotes(source, [code])
    if code in lookup.unknown:
        raise RuleViolation(location, lookup.missing[code], "unknown_code")
    return lookup
