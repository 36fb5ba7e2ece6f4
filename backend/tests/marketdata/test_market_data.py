from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import pytest
from upstream.standin import StandIn

from etftool.db import Database
from etftool.marketdata import MarketData, MarketDataSettings, SessionState, UnknownSymbol, UpstreamError
from etftool.marketdata.akshare_provider import EM_ETF_QUOTES_SOURCE, AkshareProvider
from etftool.marketdata.market_status import CHINA_TZ
from tests.marketdata.upstream_data import fixture_body

if TYPE_CHECKING:
    from tests.marketdata.conftest import FakeClock, ScriptedProvider


@pytest.fixture
def offline(market_settings: MarketDataSettings, imports_database: Database) -> Iterator[MarketData]:
    service = MarketData(market_settings, imports_database)
    yield service
    service.close()


@pytest.fixture
def with_live(
    market_settings: MarketDataSettings,
    live_provider: ScriptedProvider,
    clock: FakeClock,
    imports_database: Database
) -> Iterator[MarketData]:
    service = MarketData(
        replace(market_settings, data_source="akshare"), imports_database, live=live_provider, clock=clock
    )
    yield service
    service.close()


def test_offline_serves_the_sample_and_knows_nothing_else(offline: MarketData) -> None:
    listing = offline.list_etfs()
    assert [item.code for item in listing.items] == ["MTUM", "QUAL", "SIZE", "USMV", "VLUE", "SPX"]
    assert (listing.source, listing.as_of, listing.stale) == ("sample", "2022-12-28", False)
    assert listing.unavailable == {}
    assert offline.history("vlue", start=date(2022, 12, 28)).close.tolist() == [88.473]
    with pytest.raises(UnknownSymbol):
        offline.history("510300")
    with pytest.raises(UnknownSymbol):
        offline.quote("510300")
    batch = offline.quotes(["SPX", "510300", "spx"])
    assert list(batch.quotes) == ["SPX"] and batch.unknown == ["510300"]
    assert batch.quotes["SPX"].price == 3783.22


def test_csv_import_is_served_and_takes_precedence(
    with_live: MarketData, live_provider: ScriptedProvider
) -> None:
    content = "日期,收盘\n2024-06-14,3.333\n"
    info = with_live.import_csv(content, "my-510300.csv", code="510300", name="我的沪深300")
    assert info.source == "csv: my-510300.csv"
    quote = with_live.quote("sh510300")
    assert (quote.price, quote.source) == (3.333, "csv: my-510300.csv")
    assert with_live.history("510300").source == "csv: my-510300.csv"
    assert live_provider.calls == 0
    listed = {item.code: item for item in with_live.list_etfs().items}
    assert listed["510300"].name == "我的沪深300"
    with_live.remove_import("510300")
    assert with_live.quote("510300").source == "live: test"


def test_live_codes_go_to_the_live_provider_with_the_range_cut_locally(
    with_live: MarketData, live_provider: ScriptedProvider
) -> None:
    bars = with_live.history("159915", start=date(2024, 6, 11), end=date(2024, 6, 12))
    assert bars.close.tolist() == [11.0, 12.0]
    with_live.history("159915", start=date(2024, 6, 13))
    # The list (which says the code exists) and the whole history, each fetched once and cached.
    assert live_provider.calls == 2


def test_listing_merges_providers_default_first(with_live: MarketData) -> None:
    listing = with_live.list_etfs()
    assert [item.code for item in listing.items][:3] == ["510300", "159915", "MTUM"]
    assert listing.source == "live, sample"
    assert listing.as_of == "2024-06-14"


def test_listing_survives_a_dead_live_source_without_cache(
    with_live: MarketData, live_provider: ScriptedProvider
) -> None:
    live_provider.failure = UpstreamError("live", "connection refused")
    listing = with_live.list_etfs()
    assert [item.code for item in listing.items] == ["MTUM", "QUAL", "SIZE", "USMV", "VLUE", "SPX"]
    assert listing.unavailable == {"live": "connection refused"}
    with pytest.raises(UpstreamError, match="connection refused"):
        with_live.quote("510300")


def test_search_ranks_over_all_providers(with_live: MarketData) -> None:
    assert [item.code for item in with_live.search("hs300").items] == ["510300"]
    # Both names contain "ETF"; the earlier match (创业板ETF) ranks first.
    assert [item.code for item in with_live.search("ETF", limit=2).items] == ["159915", "510300"]
    assert [item.code for item in with_live.search("min vol").items] == ["USMV"]


def test_market_status_follows_the_listing_market(with_live: MarketData) -> None:
    monday_morning_utc = datetime(2024, 6, 17, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
    assert with_live.market_status("510300", monday_morning_utc).state is SessionState.OPEN
    spx = with_live.market_status("SPX", monday_morning_utc)  # 22:00 the evening before in New York
    assert (spx.market, spx.state) == ("US", SessionState.CLOSED)


def test_status_lists_every_provider(with_live: MarketData) -> None:
    with_live.quote("510300")
    status = with_live.status()
    assert status.data_source == "akshare"
    assert [provider.name for provider in status.providers] == ["live", "csv", "sample"]
    live = status.providers[0]
    assert live.live and live.healthy and live.breaker_state == "closed"
    assert live.cache is not None and live.cache.misses == 2  # the list and the quote
    assert status.providers[2].cache is None and status.providers[2].healthy


def test_from_settings_wires_akshare(
    market_settings: MarketDataSettings, upstream: StandIn, imports_database: Database
) -> None:
    service = MarketData.from_settings(replace(market_settings, data_source="akshare"), imports_database)
    try:
        quote = service.quote("510300")
        listed = {row["f12"]: row for row in fixture_body("em_fund_etf_spot.json")["data"]["diff"]}
        assert (quote.price, quote.source) == (listed["510300"]["f2"], EM_ETF_QUOTES_SOURCE)
        assert service.status().providers[0].name == "akshare"
    finally:
        service.close()


def test_unknown_codes_never_reach_the_source_nor_open_its_circuit(
    market_settings: MarketDataSettings, upstream: StandIn, imports_database: Database
) -> None:
    settings = replace(market_settings, data_source="akshare", breaker_fail_max=2)
    service = MarketData.from_settings(settings, imports_database)
    try:
        made_up = ["999001", "159999", "510999", "588999", "512999", "SZ159998"]
        for code in made_up:
            for call in (service.history, service.quote, service.intraday):
                with pytest.raises(UnknownSymbol):
                    call(code)
        assert service.quotes(made_up).unknown == [code[-6:] for code in made_up]
        assert upstream.requests_to("/kline/") == [] and upstream.requests_to("/trends2/") == []
        live = service.status().providers[0]
        assert live.breaker_state == "closed" and live.healthy
        assert len(service.history("510300")) > 0  # a real code still works
    finally:
        service.close()


def test_a_failing_source_is_answered_from_the_cache_marked_stale(
    market_settings: MarketDataSettings, upstream: StandIn, clock: FakeClock, imports_database: Database
) -> None:
    service = MarketData(
        replace(market_settings, data_source="akshare"), imports_database, live=AkshareProvider(), clock=clock
    )
    try:
        fresh = service.history("510300")
        clock.advance(5 * 3600)
        upstream.mode = "garbage"
        stale = service.history("510300")
        assert stale.stale and stale.close.tolist() == fresh.close.tolist()
        with pytest.raises(UpstreamError, match="fund_etf_hist_em"):
            service.history("159915")  # nothing cached
    finally:
        service.close()


def test_intraday_of_offline_codes_is_empty_and_names_their_source(offline: MarketData) -> None:
    minutes = offline.intraday("MTUM")
    assert minutes.points == () and minutes.date == ""
    assert minutes.source == offline.list_etfs().items[0].source


def test_live_intraday_is_cached(with_live: MarketData, live_provider: ScriptedProvider) -> None:
    first = with_live.intraday("510300")
    assert with_live.intraday("510300") == first
    assert live_provider.calls == 2  # the list and the minutes, once each


def test_annualisation_follows_the_market(with_live: MarketData) -> None:
    assert with_live.trading_days_per_year("MTUM") == 252
    assert 240 <= with_live.trading_days_per_year("510300") <= 246


def test_from_settings_stays_offline_for_sample(
    market_settings: MarketDataSettings, imports_database: Database
) -> None:
    service = MarketData.from_settings(replace(market_settings, data_source="sample"), imports_database)
    assert [provider.live for provider in service.status().providers] == [False, False]


def test_auto_is_the_default_and_wires_the_live_source(
    market_settings: MarketDataSettings, imports_database: Database
) -> None:
    assert MarketDataSettings().data_source == "auto"
    service = MarketData.from_settings(market_settings, imports_database)
    try:
        status = service.status()
        assert (status.data_source, status.active) == ("auto", "akshare")
        assert (status.providers[0].name, status.providers[0].live) == ("akshare", True)
    finally:
        service.close()


def test_auto_turns_to_the_sample_while_the_live_source_fails(
    market_settings: MarketDataSettings,
    live_provider: ScriptedProvider,
    clock: FakeClock,
    imports_database: Database
) -> None:
    service = MarketData(market_settings, imports_database, live=live_provider, clock=clock)
    try:
        assert service.list_etfs().items[0].source == "live: test"
        assert service.status().active == "live"
        live_provider.failure = ConnectionError("unreachable")
        clock.advance(market_settings.etf_list_ttl_s + 1)
        with pytest.raises(UpstreamError):
            service.quote("159915")  # never cached, so the failure is the answer
        status = service.status()
        assert status.active == "sample"
        assert [(provider.name, provider.default) for provider in status.providers][:1] == [("live", False)]
        listing = service.list_etfs()
        assert listing.items[0].source != "live: test" and listing.stale  # sample first, live kept stale
        live_provider.failure = None
        clock.advance(market_settings.breaker_reset_timeout_s + 1)
        service.quote("510300")
        assert service.status().active == "live"
    finally:
        service.close()


def test_akshare_stays_the_default_while_it_fails(
    market_settings: MarketDataSettings, live_provider: ScriptedProvider, imports_database: Database
) -> None:
    live_provider.failure = ConnectionError("unreachable")
    service = MarketData(
        replace(market_settings, data_source="akshare"), imports_database, live=live_provider
    )
    try:
        assert "live" in service.list_etfs().unavailable
        assert service.status().active == "live"
    finally:
        service.close()


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="data_source must be one of auto, akshare, sample, csv"):
        MarketDataSettings(data_source="yahoo")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="quotes_ttl_s must be positive"):
        MarketDataSettings(quotes_ttl_s=0)


def test_warm_up_fetches_the_live_list_in_the_background(
    market_settings: MarketDataSettings, live_provider: ScriptedProvider, imports_database: Database
) -> None:
    live_provider.failure = ConnectionError("unreachable")
    service = MarketData(market_settings, imports_database, live=live_provider)
    try:
        service.warm_up()
        deadline = time.monotonic() + 10
        while service.status().active != "sample" and time.monotonic() < deadline:
            time.sleep(0.01)
        assert live_provider.calls == 1 and service.status().active == "sample"
    finally:
        service.close()


def test_a_hanging_source_is_a_timely_upstream_error(
    market_settings: MarketDataSettings, upstream: StandIn, imports_database: Database
) -> None:
    settings = replace(market_settings, data_source="akshare", live_timeout_s=0.5)
    service = MarketData.from_settings(settings, imports_database)
    try:
        service.list_etfs()  # the list answers; then the source stops answering
        upstream.mode = "hang"
        with pytest.raises(UpstreamError, match=r"no answer within 0\.5 s"):
            service.history("510300")
    finally:
        service.close()


def test_the_last_bar_is_live_while_its_session_trades(with_live: MarketData) -> None:
    bars = with_live.history("510300")  # the last bar is Friday 2024-06-14
    friday = datetime(2024, 6, 14, tzinfo=CHINA_TZ)
    assert with_live.live_bar_date(bars, friday.replace(hour=10)) == date(2024, 6, 14)
    assert with_live.live_bar_date(bars, friday.replace(hour=12)) == date(2024, 6, 14)  # lunch break
    assert with_live.live_bar_date(bars, friday.replace(hour=15, minute=30)) is None  # closed
    assert with_live.live_bar_date(bars, datetime(2024, 6, 17, 10, tzinfo=CHINA_TZ)) is None  # a later day


def test_a_code_no_exchange_lists_is_unknown_even_while_the_live_list_fails(
    market_settings: MarketDataSettings, live_provider: ScriptedProvider, imports_database: Database
) -> None:
    live_provider.failure = ConnectionError("unreachable")
    service = MarketData(market_settings, imports_database, live=live_provider)
    try:
        for call in (service.quote, service.history, service.intraday):
            with pytest.raises(UnknownSymbol):
                call("NOPE")
        assert live_provider.calls == 0
        with pytest.raises(UpstreamError):
            service.quote("510300")  # an SSE code: only the live list could say
    finally:
        service.close()


def test_distributions_search_the_years_since_the_first_bar(
    market_settings: MarketDataSettings,
    live_provider: ScriptedProvider,
    clock: FakeClock,
    imports_database: Database
) -> None:
    clock.now = datetime(2026, 3, 1, tzinfo=CHINA_TZ).timestamp()  # the scripted bars start in 2024
    service = MarketData(
        replace(market_settings, data_source="akshare"), imports_database, live=live_provider, clock=clock
    )
    try:
        found = service.distributions("sh510300")
        assert live_provider.distribution_years == [2026, 2025, 2024]
        assert [(event.kind, event.ex_date) for event in found.events] == [
            ("dividend", date(2024, 6, 12)),
            ("dividend", date(2025, 6, 12)),
            ("dividend", date(2026, 6, 12)),
        ]
        assert (found.code, found.first_year, found.last_year, found.stale) == ("510300", 2024, 2026, False)
        assert found.source == "live: test"
        splits = service.distributions("159915").events
        assert {event.kind for event in splits} == {"split"}
        assert live_provider.distribution_years == [2026, 2025, 2024]  # the second code hit the cache
    finally:
        service.close()


def test_distributions_go_no_further_back_than_the_setting(
    market_settings: MarketDataSettings,
    live_provider: ScriptedProvider,
    clock: FakeClock,
    imports_database: Database
) -> None:
    clock.now = datetime(2030, 3, 1, tzinfo=CHINA_TZ).timestamp()
    settings = replace(market_settings, data_source="akshare", distribution_years=2)
    service = MarketData(settings, imports_database, live=live_provider, clock=clock)
    try:
        assert service.distributions("510300").first_year == 2029
        assert live_provider.distribution_years == [2030, 2029]
    finally:
        service.close()


def test_this_years_distributions_expire_sooner_than_past_ones(
    market_settings: MarketDataSettings,
    live_provider: ScriptedProvider,
    clock: FakeClock,
    imports_database: Database
) -> None:
    clock.now = datetime(2025, 3, 1, tzinfo=CHINA_TZ).timestamp()
    service = MarketData(
        replace(market_settings, data_source="akshare"), imports_database, live=live_provider, clock=clock
    )
    try:
        service.distributions("510300")
        live_provider.distribution_years.clear()
        clock.advance(market_settings.distributions_ttl_s + 1)
        service.distributions("510300")
        assert live_provider.distribution_years == [2025]
    finally:
        service.close()


def test_distributions_of_a_failing_source_are_stale_from_the_cache_or_an_upstream_error(
    market_settings: MarketDataSettings,
    live_provider: ScriptedProvider,
    clock: FakeClock,
    imports_database: Database
) -> None:
    service = MarketData(
        replace(market_settings, data_source="akshare"), imports_database, live=live_provider, clock=clock
    )
    try:
        service.list_etfs()
        service.history("510300")
        live_provider.failure = OSError("connection refused")
        with pytest.raises(UpstreamError, match="connection refused"):
            service.distributions("510300")  # nothing cached
        live_provider.failure = None
        fresh = service.distributions("510300")
        clock.advance(market_settings.past_distributions_ttl_s + 1)
        live_provider.failure = OSError("connection refused")
        stale = service.distributions("510300")
        assert stale.stale and stale.events == fresh.events
    finally:
        service.close()


def test_distributions_of_unknown_codes_ask_nobody(
    with_live: MarketData, live_provider: ScriptedProvider
) -> None:
    for code in ("159999", "NOPE"):
        with pytest.raises(UnknownSymbol):
            with_live.distributions(code)
    assert live_provider.distribution_years == []


def test_distributions_of_offline_codes_are_empty_and_name_their_source(offline: MarketData) -> None:
    found = offline.distributions("MTUM")
    assert (found.events, found.first_year, found.last_year) == ((), None, None)
    assert found.source == offline.list_etfs().items[0].source
