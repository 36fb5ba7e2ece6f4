"""The amd64 `-akshare` image: akshare and its native dependencies import, and with no network
DATA_SOURCE=akshare reports the upstream failure (not a missing library, not a 500) while the
rest of the app keeps working."""

from collections.abc import Iterator

import pytest

from container.containers import OfflineContainer, built_image_id, docker

IMAGE = "etftool-akshare"


@pytest.fixture(scope="module")
def offline() -> Iterator[OfflineContainer]:
    container = OfflineContainer(built_image_id(IMAGE), "-e", "DATA_SOURCE=akshare")
    try:
        container.wait_until_ready()
        yield container
    finally:
        container.remove()


def test_akshare_and_its_javascript_engine_import(offline: OfflineContainer) -> None:
    script = "import akshare, py_mini_racer as v8; print(akshare.__version__, v8.MiniRacer().eval('6*7'))"
    result = docker("exec", offline.name, "/app/venv/bin/python", "-c", script, check=False)
    assert result.returncode == 0, result.stderr
    version, answer = result.stdout.split()
    assert version.startswith("1.19.") and answer == "42"


def test_without_network_a_quote_is_an_upstream_error_naming_akshare(offline: OfflineContainer) -> None:
    status, body = offline.request("GET", "/api/v1/etfs/510300")
    assert status in (502, 503, 504), (status, body)
    assert isinstance(body, dict) and "akshare" in str(body["detail"]), body
    assert "not installed" not in str(body["detail"]), body


def test_the_data_source_status_shows_akshare_active(offline: OfflineContainer) -> None:
    status, body = offline.request("GET", "/api/v1/datasources")
    assert status == 200 and body["active"] == "akshare", body
