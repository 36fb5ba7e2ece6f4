"""MarketData: the one object API routes talk to for ETF lists, quotes, history and status.

Codes are routed by who lists them: CSV imports first (the user's own data), then the
bundled sample, then the live provider when DATA_SOURCE is auto or akshare, for the codes in
its (cached) list only.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import partial

from etftool.db import Database
from etftool.marketdata.akshare_provider import AkshareProvider
from etftool.marketdata.base import Adjust, Bars, EtfInfo, Intraday, PriceProvider, Quote
from etftool.marketdata.categories import Category
from etftool.marketdata.codes import a_share_exchange, normalize_code
from etftool.marketdata.csv_provider import CsvProvider
from etftool.marketdata.distributions import Distribution, Distributions
from etftool.marketdata.errors import UnknownSymbol, UpstreamError
from etftool.marketdata.live_process import ChildProcessProvider
from etftool.marketdata.market_status import CHINA_TZ, MarketStatus, SessionState, market_status
from etftool.marketdata.resilience import GuardedProvider
from etftool.marketdata.results import EtfListing, MarketDataStatus, ProviderStatus, QuoteBatch
from etftool.marketdata.sample import SampleProvider
from etftool.marketdata.search import EtfSearchIndex
from etftool.marketdata.settings import LIVE_DATA_SOURCES, MarketDataSettings
from etftool.marketdata.trading_year import trading_days_per_year

LocalProvider = CsvProvider | SampleProvider
_SESSION_IN_PROGRESS = (
    SessionState.CALL_AUCTION,
    SessionState.PRE_OPEN,
    SessionState.OPEN,
    SessionState.LUNCH_BREAK,
)


class MarketData:
    def __init__(
        self,
        settings: MarketDataSettings,
        database: Database,
        *,
        live: PriceProvider | None = None,
        sample: SampleProvider | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """`database` keeps CSV imports (its schema migrated before first use); `live` is the
        network provider (None = offline); `clock` and `sleep` are for tests."""
        self.settings = settings
        self.csv = CsvProvider(database)
        # Storing a CSV history is the CSV provider's alone: its arguments, its errors
        # (InvalidData with the line, ValueError for a bad code).
        self.import_csv = self.csv.import_csv
        self.sample = sample or SampleProvider()
        self._locals: tuple[LocalProvider, ...] = (self.csv, self.sample)
        self._live = GuardedProvider(live, settings, clock=clock, sleep=sleep) if live else None
        self._clock = clock
        self._search_index: tuple[int, EtfSearchIndex] | None = None

    @classmethod
    def from_settings(cls, settings: MarketDataSettings, database: Database) -> MarketData:
        """The production wiring: akshare, in a child process that exits when idle
        (live_process.py), for DATA_SOURCE auto or akshare."""
        if settings.data_source not in LIVE_DATA_SOURCES:
            return cls(settings, database)
        # One table fetch answers list and quotes for no longer than a quote stays fresh.
        akshare = partial(AkshareProvider, spot_reuse_s=min(30.0, settings.quotes_ttl_s))
        idle_s, setup = settings.live_process_idle_s, settings.live_process_setup
        live = ChildProcessProvider(AkshareProvider.name, akshare, idle_s=idle_s, setup=setup)
        return cls(settings, database, live=live)

    def warm_up(self) -> None:
        """Fetches the live list in the background: the first page then neither waits for
        it (East Money pages it, ~15 s) nor, without internet, for its failure."""
        if self._live is not None:
            warm_up = threading.Thread(target=_warm_up, args=(self._live,), name="marketdata-warm-up")
            warm_up.daemon = True
            warm_up.start()

    def list_etfs(self) -> EtfListing:
        """Every code any provider serves. A failing live source without a cached list does
        not fail the call: its name and error appear in `unavailable` instead."""
        owned: set[str] = set()
        parts: list[tuple[str, list[EtfInfo]]] = []
        for provider in self._locals:
            items = [item for item in provider.list_etfs() if item.code not in owned]
            owned.update(item.code for item in items)
            parts.append((provider.name, items))
        stale = False
        unavailable: dict[str, str] = {}
        if self._live is not None:
            try:
                listing = self._live.list_etfs()
            except UpstreamError as error:
                unavailable[self._live.name] = error.detail
            else:
                stale = listing.stale
                parts.append((self._live.name, [item for item in listing.items if item.code not in owned]))
        default_first = sorted(parts, key=lambda part: part[0] != self._default_provider_name())
        items = [item for _, part_items in default_first for item in part_items]
        return EtfListing(
            items=items,
            source=", ".join(name for name, part_items in default_first if part_items),
            as_of=max((item.as_of for item in items), default=""),
            stale=stale,
            unavailable=unavailable,
        )

    def search(self, query: str, limit: int = 20, category: Category | None = None) -> EtfListing:
        """Best matches first (see EtfSearchIndex), with the listing's provenance."""
        listing = self.list_etfs()
        fingerprint = hash(tuple((item.code, item.name) for item in listing.items))
        if self._search_index is None or self._search_index[0] != fingerprint:
            known = None if self._search_index is None else self._search_index[1].initials
            self._search_index = (fingerprint, EtfSearchIndex(listing.items, known))
        matches = self._search_index[1].search(query, limit, category)
        return EtfListing(matches, listing.source, listing.as_of, listing.stale, listing.unavailable)

    def quotes(self, codes: Sequence[str]) -> QuoteBatch:
        wanted = list(dict.fromkeys(normalize_code(code) for code in codes))
        found: dict[str, Quote] = {}
        unknown: list[str] = []
        failed: dict[str, str] = {}
        remote: list[str] = []
        for code in wanted:
            owner = self._local_owner(code)
            if owner is not None:
                found.update(owner.quotes([code]))
            elif self._live is not None and a_share_exchange(code) is not None:
                remote.append(code)
            else:  # (no SSE/SZSE code needs the live list to be known unknown)
                unknown.append(code)
        if remote and self._live is not None:
            try:
                listed = self._live_codes()
            except UpstreamError as error:
                failed.update((code, error.detail) for code in remote)
                remote = []
            else:
                unknown += [code for code in remote if code not in listed]
                remote = [code for code in remote if code in listed]
        if remote and self._live is not None:
            batch = self._live.quotes(remote)
            found.update(batch.quotes)
            unknown += batch.unknown
            failed.update(batch.failed)
        return QuoteBatch({code: found[code] for code in wanted if code in found}, unknown, failed)

    def quote(self, code: str) -> Quote:
        symbol = normalize_code(code)
        batch = self.quotes([symbol])
        if symbol in batch.quotes:
            return batch.quotes[symbol]
        if symbol in batch.failed:
            provider = self._live.name if self._live is not None else "marketdata"
            raise UpstreamError(provider, batch.failed[symbol])
        raise UnknownSymbol(symbol)

    def history(
        self, code: str, start: date | None = None, end: date | None = None, adjust: Adjust = "qfq"
    ) -> Bars:
        """Daily bars, both ends inclusive. `Bars.adjust` says what the prices are: offline
        series exist in one adjustment only."""
        symbol = normalize_code(code)
        owner = self._local_owner(symbol)
        if owner is not None:
            return owner.history(symbol, start, end, adjust)
        return self._listed_live(symbol).history(symbol, adjust).between(start, end)

    def intraday(self, code: str) -> Intraday:
        """Minute prices of the latest session. CSV imports and the sample have daily closes
        only: for their codes the answer has no points and names the provider."""
        symbol = normalize_code(code)
        owner = self._local_owner(symbol)
        if owner is not None:
            item = next(item for item in owner.list_etfs() if item.code == symbol)
            return Intraday(symbol, "", (), item.source, item.as_of)
        return self._listed_live(symbol).intraday(symbol)

    def distributions(self, code: str) -> Distributions:
        """Dividends and splits of a code, from the year its history starts (at most
        `distribution_years` back) to this one. CSV imports and the sample carry none: for
        their codes the answer is empty and names the provider. A year the source cannot give
        and no cache holds fails the whole answer, as a list with a gap would mislead."""
        symbol = normalize_code(code)
        owner = self._local_owner(symbol)
        if owner is not None:
            item = next(item for item in owner.list_etfs() if item.code == symbol)
            return Distributions(symbol, (), None, None, item.source, item.as_of)
        live = self._listed_live(symbol)
        first_year, last_year = self._distribution_years(symbol)
        events: list[Distribution] = []
        sources: dict[str, None] = {}  # ordered, without repeats
        stale = False
        as_of = ""
        for year in range(last_year, first_year - 1, -1):  # this year first: its table changes
            table = live.distributions(year)
            events += table.by_code.get(symbol, ())
            sources[table.source] = None
            stale = stale or table.stale
            as_of = max(as_of, table.as_of)
        events.sort(key=lambda event: (event.ex_date, event.kind))
        source = ", ".join(sources)
        return Distributions(symbol, tuple(events), first_year, last_year, source, as_of, stale)

    def _distribution_years(self, symbol: str) -> tuple[int, int]:
        """The calendar years to search: from the first bar's (when the history is to be had)
        but no more than `distribution_years`, up to this year in China."""
        this_year = datetime.fromtimestamp(self._clock(), CHINA_TZ).year
        earliest = this_year - self.settings.distribution_years + 1
        try:
            bars = self.history(symbol)
        except UpstreamError:
            return earliest, this_year
        first_bar_year = int(str(bars.dates[0])[:4]) if len(bars) else this_year
        return max(earliest, min(first_bar_year, this_year)), this_year

    def imports(self) -> list[EtfInfo]:
        """The CSV imports, by code."""
        return sorted(self.csv.list_etfs(), key=lambda info: info.code)

    def remove_import(self, code: str) -> None:
        """Raises UnknownSymbol when no import has the code."""
        self.csv.remove(code)

    def move_imported_files_into_database(self) -> None:
        """Once, after the schema is migrated: imports that versions before the database kept
        in DATA_DIR (see CsvProvider.move_files_into_database)."""
        self.csv.move_files_into_database(self.settings.data_dir)

    def market_status(self, code: str, at: datetime | None = None) -> MarketStatus:
        """Trading session of the market that lists the code (A-share for live codes)."""
        return market_status(self._market_of(normalize_code(code)), at)

    def live_bar_date(self, bars: Bars, at: datetime | None = None) -> date | None:
        """The date of the last bar when that session is still trading: until the close its
        prices are the latest trades, and the bar changes with every refresh."""
        if not len(bars):
            return None
        status = self.market_status(bars.code, at)
        if status.state not in _SESSION_IN_PROGRESS or bars.as_of != status.local_time[:10]:
            return None
        return date.fromisoformat(bars.as_of)

    def trading_days_per_year(self, code: str) -> int:
        """The annualisation factor of the market that lists the code (see trading_year.py)."""
        return trading_days_per_year(self._market_of(normalize_code(code)))

    def info(self, code: str) -> EtfInfo:
        """The code's listing entry. Sample and CSV codes never wait for the live list, and a
        code no exchange could list is unknown without it; only an A-share code missing while
        the live list is unavailable is an UpstreamError."""
        symbol = normalize_code(code)
        owner = self._local_owner(symbol)
        if owner is not None:
            return next(item for item in owner.list_etfs() if item.code == symbol)
        if self._live is None or a_share_exchange(symbol) is None:
            raise UnknownSymbol(symbol)
        for item in self._live.list_etfs().items:
            if item.code == symbol:
                return item
        raise UnknownSymbol(symbol)

    def _market_of(self, symbol: str) -> str:
        owner = self._local_owner(symbol)
        if owner is not None:
            return next(item.market for item in owner.list_etfs() if item.code == symbol)
        if self._live is not None:
            return "CN"  # the only live source, akshare, serves A-share funds
        raise UnknownSymbol(symbol)

    def status(self) -> MarketDataStatus:
        providers = [
            ProviderStatus(
                name=provider.name,
                live=False,
                default=provider.name == self._default_provider_name(),
                healthy=True,
                breaker_state=None,
                last_success_at=None,
                last_failure_at=None,
                last_error=None,
                cache=None,
            )
            for provider in self._locals
        ]
        if self._live is not None:
            providers.insert(0, self._live.status(default=self._default_provider_name() == self._live.name))
        return MarketDataStatus(self.settings.data_source, self._default_provider_name(), providers)

    def close(self) -> None:
        if self._live is not None:
            self._live.close()

    def _default_provider_name(self) -> str:
        """The live provider when there is one, except that 'auto' turns to the sample while the
        live source fails; else the offline provider DATA_SOURCE names."""
        if self._live is None:
            return self.settings.data_source
        if self.settings.data_source == "auto" and not self._live.answering():
            return self.sample.name
        return self._live.name

    def _listed_live(self, code: str) -> GuardedProvider:
        """The live provider, when its list has the code. Checking the (cached) list first
        keeps made-up codes away from the per-code endpoints, so they never count as
        failures of the source and cannot open its circuit for everyone."""
        if self._live is None or a_share_exchange(code) is None or code not in self._live_codes():
            raise UnknownSymbol(code)
        return self._live

    def _live_codes(self) -> frozenset[str]:
        """Codes in the live list; UpstreamError when there is neither a list nor a cached one."""
        assert self._live is not None
        return frozenset(item.code for item in self._live.list_etfs().items)

    def _local_owner(self, code: str) -> LocalProvider | None:
        for provider in self._locals:
            if code in provider.codes():
                return provider
        return None


def _warm_up(live: GuardedProvider) -> None:
    try:
        live.list_etfs()
    except UpstreamError as error:  # the provider's status keeps it for /datasources
        logging.getLogger(__name__).info("live ETF list not available yet: %s", error.detail)
