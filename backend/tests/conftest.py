"""Shared fixtures for the backend tests."""

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from upstream.certs import CertFiles, make_certs
from upstream.standin import FIXTURES, StandIn, load_fixtures

from etftool.core.config import Settings
from etftool.main import create_app
from etftool.marketdata.akshare_modules import akshare_module

# akshare is a pinned wheel outside the lockfile (3rdparty/python/BUILD): pure Python, so it
# imports straight from the zip, as the image has it unpacked in site-packages.
sys.path.extend(str(wheel) for wheel in Path("3rdparty/python").glob("akshare-*.whl"))

_NO_WAITING_IN_CHILDREN = """
from types import SimpleNamespace

from etftool.marketdata.akshare_modules import akshare_module

for module in ("utils.request", "utils.func"):
    akshare_module(module).time = SimpleNamespace(sleep=lambda _seconds: None)
"""

# The name TestClient sends as Host; the API answers only names it knows (ALLOWED_HOSTS).
os.environ.setdefault("ALLOWED_HOSTS", "testserver")


@pytest.fixture
def settings(tmp_path) -> Settings:  # type: ignore[no-untyped-def]
    """Offline (DATA_SOURCE=sample): the API tests must not reach for the network."""
    return Settings(
        data_dir=tmp_path / "data", cache_dir=tmp_path / "cache", environment="test", data_source="sample"
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def upstream_certs(tmp_path_factory: pytest.TempPathFactory) -> CertFiles:
    return make_certs(tmp_path_factory.mktemp("upstream-certs"))


@pytest.fixture
def upstream(
    upstream_certs: CertFiles, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[StandIn]:
    """The stand-in East Money and THS, with requests (and so akshare) pointed at it, in this
    process and in the live provider's child processes. Tests change `.fixtures` or `.mode` to
    script the sources."""
    server = StandIn(load_fixtures(FIXTURES), upstream_certs.cert, upstream_certs.key)
    server.start()
    for name in ("HTTPS_PROXY", "https_proxy"):
        monkeypatch.setenv(name, server.proxy_url)
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(upstream_certs.ca))
    # akshare pauses between list pages and between its own retries; no need to wait here.
    no_waiting = SimpleNamespace(sleep=lambda _seconds: None)
    for module in ("utils.request", "utils.func"):
        monkeypatch.setattr(akshare_module(module), "time", no_waiting)
    # The child processes (etftool.marketdata.live_process) inherit the environment: the same
    # is done there by a sitecustomize module on their PYTHONPATH.
    site = tmp_path_factory.mktemp("live-process-site")
    (site / "sitecustomize.py").write_text(_NO_WAITING_IN_CHILDREN)
    monkeypatch.setenv("PYTHONPATH", str(site))
    yield server
    server.stop()
