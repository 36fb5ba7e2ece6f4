"""The default image carries the live A-share source (akshare) without a JavaScript engine.
With no network, DATA_SOURCE=auto (the default) serves the embedded sample and says so, and a
live-only code is an upstream error naming akshare, never a 500."""

from collections.abc import Iterator

import pytest

from container.containers import OfflineContainer, built_image_id, docker, offline_container


@pytest.fixture(scope="module")
def offline() -> Iterator[OfflineContainer]:
    with offline_container(built_image_id()) as container:
        yield container


def test_akshare_etf_modules_import_without_a_javascript_engine(offline: OfflineContainer) -> None:
    script = (
        "import importlib.util as u\n"
        "from etftool.marketdata.akshare_modules import akshare_module\n"
        "em = akshare_module('fund.fund_etf_em')\n"
        "from akshare._version import __version__\n"
        "print(__version__, callable(em.fund_etf_spot_em), u.find_spec('py_mini_racer') is None)\n"
    )
    result = docker("exec", offline.name, "/app/venv/bin/python", "-c", script, check=False)
    assert result.returncode == 0, result.stderr
    version, callable_, no_engine = result.stdout.split()
    assert version.startswith("1.19.") and callable_ == "True" and no_engine == "True", result.stdout


def test_without_network_the_sample_is_served_and_the_status_says_so(offline: OfflineContainer) -> None:
    status, body = offline.request("GET", "/api/v1/datasources")
    assert status == 200 and body["configured"] == "auto", body
    status, found = offline.request("GET", "/api/v1/etfs/search?q=MTUM")
    assert status == 200 and [result["code"] for result in found["results"]][:1] == ["MTUM"], found
    status, body = offline.request("GET", "/api/v1/datasources")
    providers = {provider["name"]: provider for provider in body["providers"]}
    assert body["active"] == "sample" and providers["akshare"]["healthy"] is False, body
    assert providers["sample"]["default"] is True, body


def test_without_network_a_live_code_is_an_upstream_error_naming_akshare(offline: OfflineContainer) -> None:
    status, body = offline.request("GET", "/api/v1/etfs/510300")
    assert status in (502, 503, 504), (status, body)
    assert isinstance(body, dict) and "akshare" in str(body["detail"]), body
    assert "not installed" not in str(body["detail"]), body
