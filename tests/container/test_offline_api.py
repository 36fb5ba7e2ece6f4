"""With no network at all, the image answers every analysis request from its sample data."""

from collections.abc import Iterator

import pytest

from container.containers import OfflineContainer, built_image_id, docker, offline_container


@pytest.fixture(scope="module")
def offline() -> Iterator[OfflineContainer]:
    with offline_container(built_image_id()) as container:
        yield container


def test_the_container_really_has_no_network(offline: OfflineContainer) -> None:
    interfaces = docker("exec", offline.name, "ls", "/sys/class/net").stdout.split()
    assert interfaces == ["lo"]


def test_search_quote_and_history(offline: OfflineContainer) -> None:
    status, search = offline.request("GET", "/api/v1/etfs/search?q=usmv")
    assert status == 200 and search["results"][0]["code"] == "USMV"
    status, quote = offline.request("GET", "/api/v1/etfs/USMV")
    assert status == 200 and quote["quote"]["price"] > 0
    assert quote["source"].startswith("sample") and quote["as_of"] == "2022-12-28"
    status, history = offline.request("GET", "/api/v1/etfs/USMV/history?period=1y&interval=weekly")
    assert status == 200 and 50 <= len(history["bars"]) <= 54


def test_metrics_indicators_compare_and_backtest(offline: OfflineContainer) -> None:
    status, metrics = offline.request("GET", "/api/v1/etfs/SPX/metrics?period=5y")
    assert status == 200 and metrics["max_drawdown"]["value"] < 0
    status, indicators = offline.request("GET", "/api/v1/etfs/SPX/indicators?names=macd,kdj&period=3m")
    assert status == 200 and len(indicators["series"]["macd.dif"]) == len(indicators["dates"]) > 50
    status, comparison = offline.request("GET", "/api/v1/compare?codes=MTUM,VLUE&period=3y")
    assert status == 200 and comparison["correlation"][0][0] == 1
    status, backtest = offline.request(
        "POST",
        "/api/v1/backtests/dca",
        {"code": "QUAL", "start": "2018-01-01", "end": "2022-12-28", "amount": 500, "interval": "weekly"},
    )
    assert status == 200 and backtest["invested"] == 500 * backtest["buys"] and backtest["buys"] > 250


def test_errors_are_answered_in_words_not_500(offline: OfflineContainer) -> None:
    # Not an A-share code, so no source could know it (510300 is the live source's: 503 here).
    status, body = offline.request("GET", "/api/v1/etfs/QQQQ/metrics")
    assert status == 404 and "QQQQ" in body["detail"]
