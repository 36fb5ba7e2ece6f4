"""With no network at all, the image answers every analysis request from its sample data."""

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from container.containers import built_image_id, docker


class OfflineContainer:
    """A container on `--network none`, so requests go through nginx from inside it."""

    def __init__(self, image: str) -> None:
        self.name = f"etftool-offline-{uuid.uuid4().hex[:10]}"
        docker("run", "-d", "--network", "none", "--name", self.name, image)

    def request(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
        command = [
            "exec",
            self.name,
            "curl",
            "-sS",
            "-o",
            "/dev/stdout",
            "-w",
            "\n%{http_code}",
            "-X",
            method,
        ]
        if body is not None:
            command += ["-H", "Content-Type: application/json", "--data", json.dumps(body)]
        result = docker(*command, f"http://127.0.0.1:3000{path}", check=False)
        payload, _, status = result.stdout.rpartition("\n")
        return int(status or 0), json.loads(payload) if payload.startswith(("{", "[")) else payload

    def wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.request("GET", "/api/health")[0] == 200:
                return
            time.sleep(0.5)
        raise TimeoutError(docker("logs", self.name, check=False).stdout)

    def remove(self) -> None:
        docker("rm", "-f", "-v", self.name, check=False)


@pytest.fixture(scope="module")
def offline() -> Iterator[OfflineContainer]:
    container = OfflineContainer(built_image_id())
    try:
        container.wait_until_ready()
        yield container
    finally:
        container.remove()


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
    status, body = offline.request("GET", "/api/v1/etfs/510300/metrics")
    assert status == 404 and "510300" in body["detail"]
