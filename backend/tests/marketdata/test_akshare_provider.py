"""The akshare provider through the real akshare functions, answered by the loopback stand-in
from hand-made fixtures in the sources' own HTTP shapes (tests/upstream/fixtures)."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pytest
from upstream.standin import StandIn

from etftool.marketdata.akshare_provider import (
    EM_BAR_QUOTES_SOURCE,
    EM_ETF_QUOTES_SOURCE,
    EM_HISTORY_SOURCE,
    EM_INTRADAY_SOURCE,
    EM_LOF_QUOTES_SOURCE,
    THS_LIST_SOURCE,
    AkshareProvider,
)
from etftool.marketdata.errors import UnknownSymbol, UpstreamError
from etftool.marketdata.market_status import CHINA_TZ
from tests.marketdata.upstream_data import fixture_body

ETF_ROWS = {row["f12"]: row for row in fixture_body("em_fund_etf_spot.json")["data"]["diff"]}
LOF_ROWS = {row["f12"]: row for row in fixture_body("em_fund_lof_spot.json")["data"]["diff"]}
FETCHED_AT = datetime(2024, 6, 14, 16, 0, tzinfo=CHINA_TZ)


@pytest.fixture
def provider() -> AkshareProvider:
    return AkshareProvider(now=lambda: FETCHED_AT)


def without(upstream: StandIn, *names: str) -> None:
    upstream.fixtures = [fixture for fixture in upstream.fixtures if fixture.name not in names]


def klines(name: str) -> list[list[str]]:
    return [line.split(",") for line in fixture_body(name)["data"]["klines"]]


def test_list_is_every_etf_and_lof_from_east_money(upstream: StandIn, provider: AkshareProvider) -> None:
    listed = {item.code: item for item in provider.list_etfs()}
    assert set(listed) == set(ETF_ROWS) | set(LOF_ROWS)
    for code, row in ETF_ROWS.items():
        assert (listed[code].name, listed[code].kind, listed[code].source) == (
            row["f14"],
            "etf",
            EM_ETF_QUOTES_SOURCE,
        )
    assert {listed[code].kind for code in LOF_ROWS} == {"lof"}
    assert (listed["510300"].exchange, listed["159915"].exchange, listed["501018"].exchange) == (
        "SSE",
        "SZSE",
        "SSE",
    )
    assert listed["510300"].as_of == "2024-06-14T15:00:00+08:00"  # f124, the quote time
    assert listed["161725"].as_of == FETCHED_AT.isoformat()  # the LOF table has no quote time
    assert [exchange.fixture for exchange in upstream.exchanges] == [
        "em_fund_etf_spot.json",
        "em_fund_lof_spot.json",
    ]


def test_etf_quote_carries_iopv_premium_shares_and_size(upstream: StandIn, provider: AkshareProvider) -> None:
    row = ETF_ROWS["510300"]
    quote = provider.quotes(["sh510300", "999999"])["510300"]
    assert (quote.price, quote.prev_close, quote.open, quote.high, quote.low) == (
        row["f2"],
        row["f18"],
        row["f17"],
        row["f15"],
        row["f16"],
    )
    assert quote.volume == row["f5"] * 100  # East Money counts lots of 100 units
    assert quote.amount == row["f6"]
    assert (quote.iopv, quote.shares, quote.fund_size) == (row["f441"], row["f38"], row["f20"])
    assert quote.premium_pct == pytest.approx((row["f2"] / row["f441"] - 1) * 100)
    assert (quote.shares_change_5d, quote.shares_change_20d) == (None, None)
    assert quote.source == EM_ETF_QUOTES_SOURCE


def test_lof_quote_has_no_iopv(upstream: StandIn, provider: AkshareProvider) -> None:
    row = LOF_ROWS["161725"]
    quote = provider.quotes(["161725"])["161725"]
    assert (quote.price, quote.volume, quote.fund_size) == (row["f2"], row["f5"] * 100, row["f20"])
    assert (quote.iopv, quote.premium_pct, quote.shares) == (None, None, None)
    assert quote.source == EM_LOF_QUOTES_SOURCE


def test_suspended_fund_with_dashes_has_no_price(upstream: StandIn, provider: AkshareProvider) -> None:
    suspended = next(code for code, row in ETF_ROWS.items() if row["f2"] == "-")
    quote = provider.quotes([suspended])[suspended]
    assert (quote.price, quote.volume, quote.iopv, quote.premium_pct) == (None, None, None, None)
    assert quote.prev_close == ETF_ROWS[suspended]["f18"]
    assert quote.as_of == FETCHED_AT.isoformat()


def test_list_and_quotes_share_one_fetch(upstream: StandIn, provider: AkshareProvider) -> None:
    provider.list_etfs()
    provider.quotes(["510300"])
    assert len(upstream.requests_to("/clist/get")) == 2  # one ETF page, one LOF page


def test_list_falls_back_to_ths_without_prices(upstream: StandIn, provider: AkshareProvider) -> None:
    without(upstream, "em_fund_etf_spot.json")
    listed = {item.code: item for item in provider.list_etfs()}
    ths = fixture_body("ths_fund_etf_list.json")["data"]["data"]
    assert set(ths) <= set(listed)
    assert listed["510300"].name == ths["510300"]["name"]
    assert listed["510300"].source == THS_LIST_SOURCE
    assert listed["161725"].kind == "lof"


def test_quotes_fall_back_to_the_last_daily_bars(upstream: StandIn, provider: AkshareProvider) -> None:
    without(upstream, "em_fund_lof_spot.json")
    bars = klines("em_kline_510300_none.json")
    quote = provider.quotes(["510300"])["510300"]
    assert (quote.price, quote.prev_close) == (float(bars[-1][2]), float(bars[-2][2]))
    assert quote.as_of == bars[-1][0]
    assert quote.source == EM_BAR_QUOTES_SOURCE


def test_list_fails_naming_every_source_when_all_fail(upstream: StandIn, provider: AkshareProvider) -> None:
    upstream.mode = "error"
    with pytest.raises(UpstreamError) as raised:
        provider.list_etfs()
    assert raised.value.provider == "akshare"
    for function in ("fund_etf_spot_em", "fund_lof_spot_em", "fund_etf_category_ths"):
        assert function in raised.value.detail


@pytest.mark.parametrize(
    ("adjust", "fixture"),
    [
        ("qfq", "em_kline_510300_qfq.json"),
        ("hfq", "em_kline_510300_hfq.json"),
        ("none", "em_kline_510300_none.json"),
    ],
)
def test_history_in_each_adjustment(
    upstream: StandIn, provider: AkshareProvider, adjust: Any, fixture: str
) -> None:
    expected = klines(fixture)
    bars = provider.history("510300", adjust=adjust)
    assert [str(day) for day in bars.dates] == [row[0] for row in expected]
    assert bars.open.tolist() == [float(row[1]) for row in expected]
    assert bars.close.tolist() == [float(row[2]) for row in expected]
    assert bars.high.tolist() == [float(row[3]) for row in expected]
    assert bars.low.tolist() == [float(row[4]) for row in expected]
    assert bars.volume.tolist() == [float(row[5]) * 100 for row in expected]
    assert (bars.adjust, bars.source) == (adjust, EM_HISTORY_SOURCE)
    assert [exchange.fixture for exchange in upstream.exchanges] == [fixture]


def test_history_is_cut_to_the_dates_asked(upstream: StandIn, provider: AkshareProvider) -> None:
    bars = provider.history("510300", start=date(2024, 6, 12), end=date(2024, 6, 13))
    assert [str(day) for day in bars.dates] == ["2024-06-12", "2024-06-13"]


def test_lof_history_comes_from_the_same_endpoint(upstream: StandIn, provider: AkshareProvider) -> None:
    bars = provider.history("161725")
    assert bars.close.tolist() == [float(row[2]) for row in klines("em_kline_161725_qfq.json")]
    assert upstream.exchanges[0].query["secid"] == "0.161725"


def test_history_of_a_non_a_share_code_asks_nobody(upstream: StandIn, provider: AkshareProvider) -> None:
    with pytest.raises(UnknownSymbol):
        provider.history("MTUM")
    assert upstream.exchanges == []


def test_intraday_is_the_latest_session_in_china_time(upstream: StandIn, provider: AkshareProvider) -> None:
    trends = [line.split(",") for line in fixture_body("em_trends2_510300.json")["data"]["trends"]]
    latest = max(row[0][:10] for row in trends)
    session = [row for row in trends if row[0].startswith(latest)]
    assert len(session) < len(trends)  # the fixture holds the previous session's end too
    minutes = provider.intraday("510300")
    assert (minutes.code, minutes.date, minutes.source) == ("510300", latest, EM_INTRADAY_SOURCE)
    assert [point.time for point in minutes.points] == [
        datetime.fromisoformat(row[0]).replace(tzinfo=CHINA_TZ).isoformat() for row in session
    ]
    assert [point.price for point in minutes.points] == [float(row[2]) for row in session]
    assert [point.avg_price for point in minutes.points] == [float(row[7]) for row in session]
    assert [point.volume for point in minutes.points] == [float(row[5]) * 100 for row in session]
    assert minutes.as_of == minutes.points[-1].time


def test_a_renamed_column_is_logged_by_name_and_fails_the_call(
    upstream: StandIn, provider: AkshareProvider, caplog: pytest.LogCaptureFixture
) -> None:
    renamed = next(fixture for fixture in upstream.fixtures if fixture.name == "em_fund_etf_spot.json")
    body = renamed.body.replace('"f441":', '"f441x":')  # East Money renames the IOPV field
    upstream.fixtures = [
        replace(renamed, body=body) if fixture is renamed else fixture for fixture in upstream.fixtures
    ]
    without(upstream, "ths_fund_etf_list.json")
    logger = "etftool.marketdata.akshare_provider"
    with caplog.at_level(logging.WARNING, logger=logger), pytest.raises(UpstreamError) as raised:
        provider.list_etfs()
    assert "IOPV实时估值" in raised.value.detail
    assert any("fund_etf_spot_em" in line and "IOPV实时估值" in line for line in caplog.messages)


@pytest.mark.parametrize("mode", ["garbage", "error"])
def test_garbage_or_errors_are_upstream_errors(
    upstream: StandIn, provider: AkshareProvider, mode: str
) -> None:
    upstream.mode = mode
    with pytest.raises(UpstreamError, match="fund_etf_hist_em") as raised:
        provider.history("510300")
    assert raised.value.transient  # requests' errors are worth another try


def test_missing_akshare_is_reported_not_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "akshare", None)  # makes any akshare import fail
    with pytest.raises(UpstreamError) as raised:
        AkshareProvider().history("510300")
    assert raised.value.provider == "akshare"
    assert raised.value.detail.startswith("akshare is not installed")
    assert not raised.value.transient


def run_fresh(probe: str) -> Any:
    """What `probe` prints as JSON, run in a fresh interpreter with this one's import path."""
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run(
        [sys.executable, "-c", probe], env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_the_loader_skips_akshares_package_init() -> None:
    loaded = run_fresh(
        "import json, sys\n"
        "from etftool.marketdata.akshare_modules import akshare_module\n"
        "module = akshare_module('fund.fund_etf_em')\n"
        "print(json.dumps([hasattr(module, 'fund_etf_spot_em'),"
        " hasattr(sys.modules['akshare'], '__version__'),"
        " 'py_mini_racer' in sys.modules, 'akshare.stock' in sys.modules]))"
    )
    # The module is there; akshare's __init__ (which sets __version__ and imports every
    # area, some with a JavaScript engine) never ran.
    assert loaded == [True, False, False, False]


def test_importing_marketdata_does_not_import_pandas() -> None:
    assert (
        run_fresh("import json, sys, etftool.marketdata; print(json.dumps('pandas' in sys.modules))") is False
    )
