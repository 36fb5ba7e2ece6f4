from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import pytest

from etftool.marketdata.errors import UnknownSymbol, UpstreamError
from etftool.marketdata.resilience import GuardedProvider
from etftool.marketdata.settings import MarketDataSettings

if TYPE_CHECKING:
    from tests.marketdata.conftest import FakeClock, ScriptedProvider

MakeGuard = Callable[..., GuardedProvider]


@pytest.fixture
def guard(
    live_provider: ScriptedProvider, market_settings: MarketDataSettings, clock: FakeClock
) -> Iterator[GuardedProvider]:
    guarded = GuardedProvider(live_provider, market_settings, clock=clock)
    yield guarded
    guarded.close()


@pytest.fixture
def make_guard(
    live_provider: ScriptedProvider, market_settings: MarketDataSettings, clock: FakeClock
) -> Iterator[MakeGuard]:
    """Builds a guard with changed settings and no real back-off sleeps; releases blocked calls."""
    made: list[GuardedProvider] = []

    def make(**changes: Any) -> GuardedProvider:
        settings = replace(market_settings, **changes)
        made.append(GuardedProvider(live_provider, settings, clock=clock, sleep=no_sleep))
        return made[-1]

    yield make
    if live_provider.release is not None:
        live_provider.release.set()
    for guarded in made:
        guarded.close()


def no_sleep(_: float) -> None:
    pass


def test_fresh_history_comes_from_the_cache_until_its_ttl(
    guard: GuardedProvider, live_provider: ScriptedProvider, clock: FakeClock
) -> None:
    assert guard.history("510300", "qfq").close[-1] == 14.0
    live_provider.close_price = 20.0
    clock.advance(4 * 3600 - 1)
    assert guard.history("510300", "qfq").close[-1] == 14.0
    assert live_provider.calls == 1
    clock.advance(1)
    refreshed = guard.history("510300", "qfq")
    assert refreshed.close[-1] == 24.0 and not refreshed.stale
    assert live_provider.calls == 2


def test_each_kind_has_its_own_ttl(
    guard: GuardedProvider, live_provider: ScriptedProvider, clock: FakeClock
) -> None:
    guard.list_etfs()
    guard.quotes(["510300"])
    clock.advance(61)
    guard.list_etfs()  # 24 h TTL: still fresh
    guard.quotes(["510300"])  # 60 s TTL: asked again
    assert live_provider.calls == 3


def shanghai(year: int, month: int, day: int, hour: int, minute: int) -> float:
    return datetime(year, month, day, hour, minute, tzinfo=timezone(timedelta(hours=8))).timestamp()


def test_a_quote_fetched_after_the_close_stays_fresh_until_the_next_auction(
    guard: GuardedProvider, live_provider: ScriptedProvider, clock: FakeClock
) -> None:
    clock.now = shanghai(2023, 11, 17, 14, 50)  # Friday, trading
    guard.quotes(["510300"])
    clock.now = shanghai(2023, 11, 17, 15, 20)
    live_provider.close_price = 11.0
    assert guard.quotes(["510300"]).quotes["510300"].price == 11.0  # fetched before the close settled
    live_provider.close_price = 12.0
    clock.now = shanghai(2023, 11, 20, 9, 14)  # Monday, a minute before the auction
    batch = guard.quotes(["510300"])
    assert batch.quotes["510300"].price == 11.0 and not batch.quotes["510300"].stale
    assert live_provider.calls == 2
    clock.now = shanghai(2023, 11, 20, 9, 15)
    assert guard.quotes(["510300"]).quotes["510300"].price == 12.0
    assert live_provider.calls == 3


def test_intraday_prices_fetched_on_a_weekend_stay_fresh_through_it(
    guard: GuardedProvider, live_provider: ScriptedProvider, clock: FakeClock
) -> None:
    clock.now = shanghai(2023, 11, 18, 10, 0)  # Saturday
    guard.intraday("510300")
    clock.now = shanghai(2023, 11, 19, 22, 0)
    assert guard.intraday("510300").points[0].price == 10.0
    assert live_provider.calls == 1


def test_quotes_can_expire_with_their_ttl_at_all_hours(
    make_guard: MakeGuard, live_provider: ScriptedProvider, clock: FakeClock
) -> None:
    guard = make_guard(keep_quotes_after_close=False)
    clock.now = shanghai(2023, 11, 18, 10, 0)  # Saturday
    guard.quotes(["510300"])
    clock.advance(61)
    guard.quotes(["510300"])
    assert live_provider.calls == 2


def test_stale_history_is_served_when_the_source_fails(
    guard: GuardedProvider, live_provider: ScriptedProvider, clock: FakeClock
) -> None:
    guard.history("510300", "qfq")
    clock.advance(5 * 3600)
    live_provider.failure = UpstreamError("live", "HTTP 502 from upstream")
    bars = guard.history("510300", "qfq")
    assert bars.stale
    assert bars.close[-1] == 14.0 and bars.as_of == "2024-06-14"
    status = guard.status(default=True)
    assert not status.healthy
    assert status.last_error == "HTTP 502 from upstream"
    assert status.cache is not None and status.cache.stale_served == 1


def test_failure_without_a_cached_value_raises(
    guard: GuardedProvider, live_provider: ScriptedProvider
) -> None:
    live_provider.failure = ValueError("unexpected payload")
    with pytest.raises(UpstreamError, match="live: ValueError: unexpected payload"):
        guard.history("510300", "qfq")


def test_open_breaker_skips_the_source_and_serves_stale(
    make_guard: MakeGuard, live_provider: ScriptedProvider, clock: FakeClock
) -> None:
    guard = make_guard(breaker_fail_max=2, breaker_reset_timeout_s=600)
    guard.list_etfs()
    clock.advance(25 * 3600)
    live_provider.failure = UpstreamError("live", "down")
    assert guard.list_etfs().stale
    assert guard.status(default=True).breaker_state == "closed"
    assert guard.list_etfs().stale  # the second failure in a row opens the circuit
    assert guard.status(default=True).breaker_state == "open"
    calls = live_provider.calls
    live_provider.failure = None
    listing = guard.list_etfs()
    assert listing.stale and [item.code for item in listing.items] == ["510300", "159915"]
    assert live_provider.calls == calls  # not asked while the circuit is open
    with pytest.raises(UpstreamError, match="circuit open after 2 failed calls"):
        guard.history("510300", "qfq")  # nothing cached for this one


def test_circuit_closes_again_after_a_successful_trial(
    make_guard: MakeGuard, live_provider: ScriptedProvider
) -> None:
    guard = make_guard(breaker_fail_max=1, breaker_reset_timeout_s=0.05)
    live_provider.failure = UpstreamError("live", "down")
    with pytest.raises(UpstreamError):
        guard.list_etfs()
    assert guard.status(default=True).breaker_state == "open"
    live_provider.failure = None
    time.sleep(0.1)
    assert not guard.list_etfs().stale
    status = guard.status(default=True)
    assert status.breaker_state == "closed" and status.healthy


def test_hanging_source_times_out_and_stale_value_is_served(
    make_guard: MakeGuard, live_provider: ScriptedProvider, clock: FakeClock
) -> None:
    guard = make_guard(live_timeout_s=0.2)
    guard.history("510300", "qfq")
    clock.advance(5 * 3600)
    live_provider.release = threading.Event()  # every call now blocks until released
    started = time.monotonic()
    bars = guard.history("510300", "qfq")
    assert time.monotonic() - started < 2
    assert bars.stale
    with pytest.raises(UpstreamError, match=r"no answer within 0\.2 s"):
        guard.history("159915", "qfq")
    assert guard.status(default=True).last_error == "no answer within 0.2 s"


def test_transient_failures_are_retried_with_backoff(
    live_provider: ScriptedProvider, market_settings: MarketDataSettings, clock: FakeClock
) -> None:
    waits: list[float] = []
    live_provider.failures = [UpstreamError("live", "reset", transient=True), ConnectionResetError("reset")]
    settings = replace(market_settings, retry_attempts=3, retry_wait_s=0.5)
    guard = GuardedProvider(live_provider, settings, clock=clock, sleep=waits.append)
    try:
        assert not guard.history("510300", "qfq").stale
    finally:
        guard.close()
    assert live_provider.calls == 3
    assert waits == [0.5, 1.0]


def test_permanent_failures_are_not_retried(make_guard: MakeGuard, live_provider: ScriptedProvider) -> None:
    guard = make_guard(retry_attempts=3)
    live_provider.failure = UpstreamError("live", "akshare is not installed")
    with pytest.raises(UpstreamError, match="akshare is not installed"):
        guard.history("510300", "qfq")
    assert live_provider.calls == 1


def test_unknown_symbol_is_an_answer_not_a_failure(make_guard: MakeGuard) -> None:
    guard = make_guard(breaker_fail_max=1)
    with pytest.raises(UnknownSymbol):
        guard.history("000000", "qfq")
    status = guard.status(default=True)
    assert status.breaker_state == "closed" and status.healthy


def test_quote_batch_mixes_fresh_stale_unknown_and_failed(
    guard: GuardedProvider, live_provider: ScriptedProvider, clock: FakeClock
) -> None:
    guard.quotes(["510300"])
    clock.advance(120)
    live_provider.failure = UpstreamError("live", "throttled")
    batch = guard.quotes(["510300", "159915"])
    assert batch.quotes["510300"].stale and batch.quotes["510300"].price == 10.0
    assert batch.failed == {"159915": "throttled"}
    live_provider.failure = None
    clock.advance(120)
    batch = guard.quotes(["159915", "999999", "510300"])
    assert list(batch.quotes) == ["159915", "510300"]
    assert not any(quote.stale for quote in batch.quotes.values())
    assert batch.unknown == ["999999"]


def test_status_reports_cache_and_health(guard: GuardedProvider) -> None:
    guard.history("510300", "qfq")
    guard.history("510300", "qfq")
    status = guard.status(default=False)
    assert (status.name, status.live, status.default, status.healthy) == ("live", True, False, True)
    assert status.last_success_at == "2023-11-15T02:00:00+00:00"
    assert status.last_failure_at is None
    assert status.cache is not None
    assert (status.cache.hits, status.cache.misses, status.cache.entries) == (1, 1, 1)


def test_a_failed_call_is_not_repeated_within_the_back_off(
    make_guard: MakeGuard, live_provider: ScriptedProvider, clock: FakeClock
) -> None:
    guard = make_guard(failure_backoff_s=30)
    live_provider.failure = ConnectionError("unreachable")
    for _ in range(3):
        with pytest.raises(UpstreamError, match="unreachable"):
            guard.list_etfs()
    assert live_provider.calls == 1  # one wait for an unreachable source, not one per request
    with pytest.raises(UpstreamError):
        guard.history("510300", "qfq")  # other calls keep their own record
    assert live_provider.calls == 2
    live_provider.failure = None
    clock.advance(31)
    assert [item.code for item in guard.list_etfs().items] == ["510300", "159915"]
    assert live_provider.calls == 3


def test_the_paged_list_has_its_own_longer_time_out(
    make_guard: MakeGuard, live_provider: ScriptedProvider
) -> None:
    guard = make_guard(live_timeout_s=0.1, live_list_timeout_s=5)
    live_provider.release = threading.Event()
    threading.Timer(0.3, live_provider.release.set).start()  # every call takes 0.3 s
    assert [item.code for item in guard.list_etfs().items] == ["510300", "159915"]
    assert guard.quotes(["510300"]).quotes["510300"].price == 10.0
    live_provider.release.clear()
    threading.Timer(0.3, live_provider.release.set).start()
    with pytest.raises(UpstreamError, match=r"no answer within 0\.1 s"):
        guard.history("510300", "qfq")


def test_a_year_of_distributions_that_outlasts_the_time_out_is_kept_for_the_next_caller(
    make_guard: MakeGuard, live_provider: ScriptedProvider
) -> None:
    guard = make_guard(live_distributions_timeout_s=0.1)
    live_provider.release = threading.Event()
    with pytest.raises(UpstreamError, match="no answer within 0.1 s"):
        guard.distributions(2023)
    live_provider.release.set()  # the abandoned fetch finishes in the background
    deadline = time.monotonic() + 5
    while guard.status(default=True).cache.entries == 0:  # type: ignore[union-attr]
        assert time.monotonic() < deadline, "the abandoned fetch never stored its answer"
        time.sleep(0.01)
    table = guard.distributions(2023)
    assert (table.year, table.stale, live_provider.calls) == (2023, False, 1)


def test_the_per_code_lock_table_does_not_grow_with_every_code_asked(
    guard: GuardedProvider, live_provider: ScriptedProvider
) -> None:
    """Clients choose the codes: a lock kept per code ever asked grows without bound."""
    for number in range(200):
        with pytest.raises(UnknownSymbol):  # codes no source knows are the cheapest to send
            guard.history(f"{510000 + number}", "qfq")
    guard.history("510300", "qfq")

    assert len(guard._key_locks) == 0  # only keys with a call in progress have a lock
