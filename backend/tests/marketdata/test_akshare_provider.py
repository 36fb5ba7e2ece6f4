from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from typing import TYPE_CHECKING

import pytest

from etftool.marketdata.akshare_provider import (
    EM_HISTORY_SOURCE,
    EM_QUOTES_SOURCE,
    SINA_HISTORY_SOURCE,
    SINA_QUOTES_SOURCE,
    AkshareProvider,
)
from etftool.marketdata.errors import UnknownSymbol, UpstreamError
from etftool.marketdata.market_status import CHINA_TZ

if TYPE_CHECKING:
    from tests.marketdata.conftest import RecordedAkshare


def test_list_from_east_money(recorded_akshare: type[RecordedAkshare]) -> None:
    akshare = recorded_akshare()
    listed = {item.code: item for item in AkshareProvider(akshare).list_etfs()}
    assert list(listed) == ["510300", "159915", "512880", "588000"]
    assert listed["510300"].name == "沪深300ETF"
    assert (listed["510300"].exchange, listed["159915"].exchange) == ("SSE", "SZSE")
    assert {item.currency for item in listed.values()} == {"CNY"}
    assert listed["510300"].source == EM_QUOTES_SOURCE
    assert listed["510300"].as_of == "2024-06-14T15:00:00+08:00"
    assert [name for name, _ in akshare.calls] == ["fund_etf_spot_em"]


def test_quotes_from_east_money_in_units(recorded_akshare: type[RecordedAkshare]) -> None:
    quotes = AkshareProvider(recorded_akshare()).quotes(["510300", "sz159915", "999999"])
    assert set(quotes) == {"510300", "159915"}
    quote = quotes["510300"]
    prices = (quote.price, quote.prev_close, quote.open, quote.high, quote.low)
    assert prices == (3.612, 3.6, 3.601, 3.625, 3.598)
    assert quote.volume == 512345600  # 5,123,456 lots of 100
    assert quote.amount == 1850000000.0
    assert quote.change == pytest.approx(0.012)
    assert quote.as_of == "2024-06-14T15:00:00+08:00"


def test_suspended_row_without_price_or_time(recorded_akshare: type[RecordedAkshare]) -> None:
    provider = AkshareProvider(recorded_akshare(), now=lambda: datetime(2024, 6, 15, 10, 0, tzinfo=CHINA_TZ))
    quote = provider.quotes(["588000"])["588000"]
    assert (quote.price, quote.prev_close, quote.volume) == (None, 0.752, None)
    assert quote.as_of == "2024-06-15T10:00:00+08:00"  # when it was fetched


def test_quotes_fall_back_to_sina_when_east_money_fails(
    recorded_akshare: type[RecordedAkshare],
) -> None:
    akshare = recorded_akshare(failing={"fund_etf_spot_em"})
    quotes = AkshareProvider(akshare).quotes(["510300", "159915"])
    assert quotes["159915"].price == 1.744
    assert quotes["159915"].volume == 876500000  # Sina's list reports units already
    assert quotes["510300"].source == SINA_QUOTES_SOURCE
    assert akshare.called("fund_etf_category_sina") == [{"symbol": "ETF基金"}]


def test_list_fails_when_both_sources_fail(recorded_akshare: type[RecordedAkshare]) -> None:
    akshare = recorded_akshare(failing={"fund_etf_spot_em", "fund_etf_category_sina"})
    with pytest.raises(UpstreamError) as raised:
        AkshareProvider(akshare).list_etfs()
    assert raised.value.provider == "akshare"
    assert "fund_etf_spot_em: ConnectionError" in raised.value.detail
    assert "fund_etf_category_sina: ConnectionError" in raised.value.detail
    assert raised.value.transient


def test_history_from_east_money(recorded_akshare: type[RecordedAkshare]) -> None:
    akshare = recorded_akshare()
    bars = AkshareProvider(akshare).history("510300", start=date(2024, 6, 12), end=date(2024, 6, 14))
    assert akshare.called("fund_etf_hist_em") == [
        {
            "symbol": "510300",
            "period": "daily",
            "start_date": "20240612",
            "end_date": "20240614",
            "adjust": "qfq",
        }
    ]
    assert [str(day) for day in bars.dates] == ["2024-06-12", "2024-06-13", "2024-06-14"]
    assert bars.close.tolist() == [3.589, 3.600, 3.612]
    assert bars.open.tolist() == [3.582, 3.590, 3.601]
    assert bars.high.tolist() == [3.596, 3.608, 3.625]
    assert bars.low.tolist() == [3.577, 3.585, 3.598]
    assert bars.volume.tolist() == [398000000, 446000000, 512000000]
    assert (bars.adjust, bars.source, bars.as_of) == ("qfq", EM_HISTORY_SOURCE, "2024-06-14")


def test_unadjusted_history_asks_east_money_with_an_empty_adjust(
    recorded_akshare: type[RecordedAkshare],
) -> None:
    akshare = recorded_akshare()
    bars = AkshareProvider(akshare).history("510300", adjust="none")
    assert akshare.called("fund_etf_hist_em")[0]["adjust"] == ""
    assert akshare.called("fund_etf_hist_em")[0]["start_date"] == "19700101"
    assert len(bars) == 5 and bars.adjust == "none"


def test_history_falls_back_to_sina_when_east_money_fails(
    recorded_akshare: type[RecordedAkshare],
) -> None:
    akshare = recorded_akshare(failing={"fund_etf_hist_em"})
    bars = AkshareProvider(akshare).history("169103", start=date(2020, 7, 15))
    assert akshare.called("fund_etf_hist_sina") == [{"symbol": "sz169103"}]
    assert [str(day) for day in bars.dates] == ["2020-07-15", "2020-07-16", "2020-07-17"]
    assert bars.close.tolist() == [1.636, 1.565, 1.566]
    assert bars.volume.tolist() == [18780000, 23854600, 41097300]
    # Sina only has unadjusted prices, and says so whatever was asked for.
    assert (bars.adjust, bars.source) == ("none", SINA_HISTORY_SOURCE)


def test_history_unknown_when_both_sources_have_nothing(
    recorded_akshare: type[RecordedAkshare],
) -> None:
    akshare = recorded_akshare()
    with pytest.raises(UnknownSymbol):
        AkshareProvider(akshare).history("159999")
    assert akshare.called("fund_etf_hist_sina") == [{"symbol": "sz159999"}]


def test_history_of_a_non_a_share_code_asks_nobody(
    recorded_akshare: type[RecordedAkshare],
) -> None:
    akshare = recorded_akshare()
    with pytest.raises(UnknownSymbol):
        AkshareProvider(akshare).history("MTUM")
    assert akshare.calls == []


def test_history_fails_when_both_sources_fail(recorded_akshare: type[RecordedAkshare]) -> None:
    akshare = recorded_akshare(failing={"fund_etf_hist_em", "fund_etf_hist_sina"})
    both = "fund_etf_hist_em: ConnectionError.*fund_etf_hist_sina: ConnectionError"
    with pytest.raises(UpstreamError, match=both):
        AkshareProvider(akshare).history("510300")


def test_missing_akshare_is_reported_not_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "akshare", None)  # makes `import akshare` fail
    with pytest.raises(UpstreamError) as raised:
        AkshareProvider().quotes(["510300"])
    assert raised.value.provider == "akshare"
    assert raised.value.detail.startswith("akshare is not installed")
    assert not raised.value.transient


def test_importing_marketdata_does_not_import_pandas() -> None:
    probe = "import sys, etftool.marketdata; print('pandas' in sys.modules)"
    # A fresh interpreter, since this test process has pandas loaded, with the same imports.
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run(
        [sys.executable, "-c", probe], env=environment, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
