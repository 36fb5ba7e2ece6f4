"""A live provider behind a disk cache, a circuit breaker, retries and a per-attempt timeout.

Fresh cached values are served without calling the source: younger than their kind's TTL,
or, for quotes and intraday prices, fetched since the market last settled while it stays
closed. Otherwise the source is called; if it fails, times out or its circuit is open, the
expired cached value is served marked stale, and only when nothing is cached does the caller
get an UpstreamError.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, TypeVar

import pybreaker
import tenacity

from etftool.marketdata.base import Adjust, Bars, EtfInfo, Intraday, PriceProvider, Quote
from etftool.marketdata.cache import TimedCache
from etftool.marketdata.distributions import YearDistributions
from etftool.marketdata.errors import UnknownSymbol, UpstreamError
from etftool.marketdata.market_status import CHINA_TZ, a_share_settled_since
from etftool.marketdata.results import EtfListing, ProviderStatus, QuoteBatch
from etftool.marketdata.settings import MarketDataSettings

T = TypeVar("T")


@dataclass
class _KeyLock:
    lock: threading.Lock = field(default_factory=threading.Lock)
    users: int = 0  # holding it or waiting for it


class GuardedProvider:
    def __init__(
        self,
        provider: PriceProvider,
        settings: MarketDataSettings,
        *,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.provider = provider
        self.name = provider.name
        self._settings = settings
        self._clock = clock
        self._cache = TimedCache(
            settings.cache_dir / provider.name,
            retention_s=settings.stale_retention_s,
            size_limit_bytes=settings.cache_size_limit_bytes,
            clock=clock,
        )
        self._breaker = pybreaker.CircuitBreaker(
            fail_max=settings.breaker_fail_max,
            reset_timeout=settings.breaker_reset_timeout_s,
            # An unknown code is a valid answer, not a sign of a failing source.
            exclude=[UnknownSymbol],
            throw_new_error_on_trip=False,
            name=provider.name,
        )
        self._retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(settings.retry_attempts),
            wait=tenacity.wait_exponential(multiplier=settings.retry_wait_s),
            retry=tenacity.retry_if_exception(_is_transient),
            reraise=True,
            sleep=sleep,
        )
        self._executor = ThreadPoolExecutor(
            max_workers=settings.live_workers, thread_name_prefix=f"marketdata-{provider.name}"
        )
        # Only keys with a call in progress or waiting: clients choose the codes asked for.
        self._key_locks: dict[str, _KeyLock] = {}
        self._key_locks_guard = threading.Lock()
        self._quotes_lock = threading.Lock()
        self._health_lock = threading.Lock()
        self._last_success_at: float | None = None
        self._last_failure_at: float | None = None
        self._last_error: str | None = None
        self._failed_calls: dict[str, tuple[float, str]] = {}  # key -> (when, why)

    def list_etfs(self) -> EtfListing:
        items: list[EtfInfo]
        items, stale = self._cached_call(
            "etfs",
            self._settings.etf_list_ttl_s,
            self.provider.list_etfs,
            timeout_s=self._settings.live_list_timeout_s,
        )
        return EtfListing(
            items=items,
            source=self.name,
            as_of=max((item.as_of for item in items), default=""),
            stale=stale,
        )

    def history(self, code: str, adjust: Adjust) -> Bars:
        """The whole history of a code; callers cut out the dates they need."""
        bars: Bars
        bars, stale = self._cached_call(
            f"history:{code}:{adjust}",
            self._settings.history_ttl_s,
            lambda: self.provider.history(code, None, None, adjust),
        )
        return replace(bars, stale=True) if stale else bars

    def intraday(self, code: str) -> Intraday:
        minutes: Intraday
        ttl_s = self._until_trading(self._settings.intraday_ttl_s)
        minutes, stale = self._cached_call(f"intraday:{code}", ttl_s, lambda: self.provider.intraday(code))
        return replace(minutes, stale=True) if stale else minutes

    def distributions(self, year: int) -> YearDistributions:
        """One year's table of every fund; a past year's is kept far longer than this one's."""
        this_year = datetime.fromtimestamp(self._clock(), CHINA_TZ).year
        settings = self._settings
        ttl_s = settings.past_distributions_ttl_s if year < this_year else settings.distributions_ttl_s
        key = f"distributions:{year}"

        def fetch_and_keep() -> YearDistributions:
            # Stored here too, so that a fetch that outlasts the caller's time-out (tens of
            # pages from far away) still spares the next caller the whole fetch.
            fetched = self.provider.distributions(year)
            self._cache.store(key, fetched)
            return fetched

        table: YearDistributions
        table, stale = self._cached_call(
            key, ttl_s, fetch_and_keep, timeout_s=self._settings.live_distributions_timeout_s
        )
        return replace(table, stale=True) if stale else table

    def quotes(self, codes: Sequence[str]) -> QuoteBatch:
        """Quotes younger than quotes_ttl_s come from the cache and never wait for the source,
        not even while a list refresh is fetching the paged table. The others wait for one
        fetch, with the list's time-out since it is the same table (the akshare provider
        shares a fetch that overlaps with a list refresh), and fall back to their expired
        quotes marked stale when it fails. While the market is closed, a quote fetched after
        it settled stays fresh until the next session: the alert monitor's checks through
        the night then leave the source, and the live data process, alone."""
        found: dict[str, Quote] = {}
        unknown: list[str] = []
        failed: dict[str, str] = {}
        # One batch at a time: a second request waiting here then finds the first one's quotes.
        with self._quotes_lock:
            expired: dict[str, Quote] = {}
            missing: list[str] = []
            ttl_s = self._until_trading(self._settings.quotes_ttl_s)
            for code in codes:
                cached = self._cache.lookup(f"quote:{code}", ttl_s)
                if cached is not None and cached.fresh:
                    found[code] = cached.value
                    continue
                missing.append(code)
                if cached is not None:
                    expired[code] = cached.value
            if missing:
                try:
                    fetched = self._call_unless_backing_off(
                        "quotes", self.provider.quotes, missing, timeout_s=self._settings.live_list_timeout_s
                    )
                except Exception as error:
                    detail = self._describe(error)
                    for code in missing:
                        if code in expired:
                            self._cache.count_stale_served()
                            found[code] = replace(expired[code], stale=True)
                        else:
                            failed[code] = detail
                else:
                    for code in missing:
                        if code in fetched:
                            self._cache.store(f"quote:{code}", fetched[code])
                            found[code] = fetched[code]
                        else:
                            unknown.append(code)
        return QuoteBatch({code: found[code] for code in codes if code in found}, unknown, failed)

    def _until_trading(self, ttl_s: float) -> float:
        """ttl_s, or longer while the market is closed: long enough for a value fetched after
        the last session settled to stay fresh until the next one begins."""
        if not self._settings.keep_quotes_after_close:
            return ttl_s
        now = self._clock()
        settled = a_share_settled_since(datetime.fromtimestamp(now, UTC))
        return ttl_s if settled is None else max(ttl_s, now - settled.timestamp())

    def answering(self) -> bool:
        """False while the circuit is open or the last call failed; True before any call."""
        with self._health_lock:
            last_success, last_failure = self._last_success_at, self._last_failure_at
        failing = last_failure is not None and (last_success is None or last_failure > last_success)
        return self._breaker.current_state == pybreaker.STATE_CLOSED and not failing

    def status(self, *, default: bool) -> ProviderStatus:
        with self._health_lock:
            last_success, last_failure = self._last_success_at, self._last_failure_at
            last_error = self._last_error
        return ProviderStatus(
            name=self.name,
            live=True,
            default=default,
            healthy=self.answering(),
            breaker_state=self._breaker.current_state,
            last_success_at=_iso(last_success),
            last_failure_at=_iso(last_failure),
            last_error=last_error,
            cache=self._cache.stats(),
        )

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._cache.close()
        close_provider = getattr(self.provider, "close", None)  # e.g. a child process to stop
        if close_provider is not None:
            close_provider()

    def _cached_call(
        self, key: str, ttl_s: float, fetch: Callable[[], Any], *, timeout_s: float | None = None
    ) -> tuple[Any, bool]:
        """(value, stale). The per-key lock makes concurrent misses share one upstream call."""
        with self._key_lock(key):
            cached = self._cache.lookup(key, ttl_s)
            if cached is not None and cached.fresh:
                return cached.value, False
            try:
                value = self._call_unless_backing_off(key, fetch, timeout_s=timeout_s)
            except UnknownSymbol:
                raise
            except Exception as error:
                if cached is not None:
                    self._cache.count_stale_served()
                    return cached.value, True
                if isinstance(error, UpstreamError):
                    raise
                raise UpstreamError(self.name, self._describe(error)) from error
            self._cache.store(key, value)
            return value, False

    def _call_unless_backing_off(
        self, key: str, fetch: Callable[..., T], *args: Any, timeout_s: float | None = None
    ) -> T:
        """`_call`, except that a call that failed less than failure_backoff_s ago fails again
        at once with that failure: an unreachable source costs one wait, not one per request."""
        with self._health_lock:
            failed = self._failed_calls.get(key)
        if failed is not None and self._clock() - failed[0] < self._settings.failure_backoff_s:
            backoff = self._settings.failure_backoff_s
            raise UpstreamError(self.name, f"{failed[1]} (not retried for {backoff:g} s)")
        try:
            result = self._call(fetch, *args, timeout_s=timeout_s)
        except UnknownSymbol:
            raise
        except Exception as error:
            now = self._clock()
            with self._health_lock:
                # Failures past their back-off are forgotten, so the table stays as small as it.
                backoff = self._settings.failure_backoff_s
                for old in [old for old, (when, _) in self._failed_calls.items() if now - when >= backoff]:
                    del self._failed_calls[old]
                self._failed_calls[key] = (now, self._describe(error))
            raise
        with self._health_lock:
            self._failed_calls.pop(key, None)
        return result

    def _call(self, fetch: Callable[..., T], *args: Any, timeout_s: float | None = None) -> T:
        """One guarded upstream call: breaker around retries around a timed attempt
        (`timeout_s` per attempt, live_timeout_s unless given)."""
        limit = self._settings.live_timeout_s if timeout_s is None else timeout_s
        try:
            result: T = self._breaker.call(self._retrying.copy(), self._with_timeout, limit, fetch, *args)
        except UnknownSymbol:
            self._record(None)
            raise
        except pybreaker.CircuitBreakerError:
            raise  # the source was not asked, so its health record stays as it was
        except Exception as error:
            self._record(error)
            raise
        self._record(None)
        return result

    def _with_timeout(self, timeout_s: float, fetch: Callable[..., T], *args: Any) -> T:
        future = self._executor.submit(fetch, *args)
        try:
            return future.result(timeout=timeout_s)
        except FutureTimeout:
            if future.done():
                raise  # the call itself timed out, e.g. a socket time-out inside akshare
            # A running thread cannot be stopped; it finishes in the background, and the
            # bounded pool keeps hung calls from piling up without limit.
            future.cancel()
            raise UpstreamError(self.name, f"no answer within {timeout_s:g} s") from None

    @contextmanager
    def _key_lock(self, key: str) -> Iterator[None]:
        with self._key_locks_guard:
            entry = self._key_locks.setdefault(key, _KeyLock())
            entry.users += 1
        try:
            with entry.lock:
                yield
        finally:
            with self._key_locks_guard:
                entry.users -= 1
                if entry.users == 0:
                    del self._key_locks[key]

    def _record(self, error: Exception | None) -> None:
        with self._health_lock:
            if error is None:
                self._last_success_at = self._clock()
            else:
                self._last_failure_at = self._clock()
                self._last_error = self._describe(error)

    def _describe(self, error: Exception) -> str:
        if isinstance(error, pybreaker.CircuitBreakerError):
            return (
                f"circuit open after {self._settings.breaker_fail_max} failed calls; "
                f"next trial call after {self._settings.breaker_reset_timeout_s:g} s"
            )
        if isinstance(error, UpstreamError):
            return error.detail
        return f"{type(error).__name__}: {error}"


def _is_transient(error: BaseException) -> bool:
    if isinstance(error, UpstreamError):
        return error.transient
    return isinstance(error, OSError)


def _iso(timestamp: float | None) -> str | None:
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds")
