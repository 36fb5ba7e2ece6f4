"""Dividends and splits through akshare's real fund_fh_em and fund_cf_em, answered by the
loopback stand-in from hand-made fixtures in East Money's own response shape."""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

import pytest
from upstream.standin import StandIn

from etftool.marketdata.akshare_modules import akshare_module
from etftool.marketdata.akshare_provider import EM_DISTRIBUTIONS_SOURCE, AkshareProvider
from etftool.marketdata.errors import UpstreamError
from etftool.marketdata.market_status import CHINA_TZ
from tests.marketdata.upstream_data import fixture_table

FETCHED_AT = datetime(2024, 12, 31, 16, 0, tzinfo=CHINA_TZ)


def day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


@pytest.fixture
def provider() -> AkshareProvider:
    return AkshareProvider(now=lambda: FETCHED_AT)


def test_a_year_holds_every_pages_dividends_by_code(upstream: StandIn, provider: AkshareProvider) -> None:
    rows = fixture_table("em_fund_fh_2024_page1.json", "jjfh_data")
    rows += fixture_table("em_fund_fh_2024_page2.json", "jjfh_data")
    table = provider.distributions(2024)
    assert (table.year, table.source, table.as_of) == (2024, EM_DISTRIBUTIONS_SOURCE, FETCHED_AT.isoformat())
    for code in ("510300", "159919", "161725"):
        expected = [
            (day(ex), day(record), day(pay), float(cash))
            for row_code, _name, record, ex, cash, pay, _ in rows
            if row_code == code
        ]
        dividends = [event for event in table.by_code[code] if event.kind == "dividend"]
        assert [
            (event.ex_date, event.record_date, event.pay_date, event.cash_per_share) for event in dividends
        ] == expected
    assert len(table.by_code["510300"]) == 2  # one row on each page
    pages = sorted(exchange.query["page"] for exchange in upstream.requests_to("funddataIndex"))
    assert pages == ["1", "1", "2"]  # dividends: pages 1 and 2; splits: one page


def test_a_dividend_without_ex_date_falls_back_to_its_record_date(
    upstream: StandIn, provider: AkshareProvider
) -> None:
    rows = fixture_table("em_fund_fh_2024_page2.json", "jjfh_data")
    row = next(row for row in rows if row[0] == "515080" and not row[3])
    events = provider.distributions(2024).by_code["515080"]
    event = next(event for event in events if event.cash_per_share == float(row[4]))
    assert (event.ex_date, event.record_date) == (date.fromisoformat(row[2]), date.fromisoformat(row[2]))


def test_splits_carry_their_ratio_and_type(upstream: StandIn, provider: AkshareProvider) -> None:
    table = provider.distributions(2024)
    for code, _name, split_day, split_type, ratio, _ in fixture_table("em_fund_cf_2024.json", "jjcf_data"):
        (split,) = table.by_code[code]
        assert (split.kind, split.ex_date, split.split_type, split.split_ratio) == (
            "split",
            date.fromisoformat(split_day),
            split_type,
            float(ratio),
        )
        assert (split.cash_per_share, split.pay_date) == (None, None)


def test_a_year_without_rows_is_empty_not_an_error(upstream: StandIn, provider: AkshareProvider) -> None:
    assert fixture_table("em_fund_fh_any_year.json", "jjfh_data") == []
    table = provider.distributions(2023)  # answered by the fixtures that match any year
    assert (table.year, table.by_code) == (2023, {})
    # akshare fails on the empty dividend page; the provider then reads the page once itself.
    assert [exchange.query["dt"] for exchange in upstream.requests_to("funddataIndex")] == ["8", "8", "9"]


def test_a_renamed_column_is_logged_by_name_and_fails_the_call(
    upstream: StandIn,
    provider: AkshareProvider,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    module = akshare_module("fund.fund_fhsp_em")
    original = module.fund_fh_em

    def renamed(**arguments: Any) -> Any:  # as if akshare renamed 分红 in a new release
        return original(**arguments).rename(columns={"分红": "每份分红"})

    monkeypatch.setattr(module, "fund_fh_em", renamed)
    logger = "etftool.marketdata.akshare_provider"
    with caplog.at_level(logging.WARNING, logger=logger), pytest.raises(UpstreamError) as raised:
        provider.distributions(2024)
    assert "分红" in raised.value.detail and "fund_fh_em" in raised.value.detail
    assert any("fund_fh_em" in line and "no column 分红" in line for line in caplog.messages)


@pytest.mark.parametrize("mode", ["garbage", "error"])
def test_garbage_or_errors_are_upstream_errors_naming_the_function(
    upstream: StandIn, provider: AkshareProvider, mode: str
) -> None:
    upstream.mode = mode
    with pytest.raises(UpstreamError, match="fund_fh_em"):
        provider.distributions(2024)
