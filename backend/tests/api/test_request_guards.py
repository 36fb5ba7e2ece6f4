"""Writes from other sites' pages are refused, and the API answers only Host names it knows,
whether or not API_KEY is set."""

import socket
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from etftool.api.request_guards import host_name
from etftool.core.config import Settings
from etftool.main import create_app

WATCHLIST = "/api/v1/watchlist"
CSV = b"date,open,high,low,close,volume\n2024-01-02,1,1,1,1,100\n2024-01-03,1,1,1,1.1,100\n"


def started(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture(params=["no key", "with key"])
def any_key_client(request: pytest.FixtureRequest, settings: Settings) -> Iterator[TestClient]:
    """The guards hold whatever the key setting; the key is sent when there is one."""
    if request.param == "no key":
        yield from started(settings)
        return
    for client in started(settings.model_copy(update={"api_key": SecretStr("k" * 16)})):
        client.headers["X-API-Key"] = "k" * 16
        yield client


def test_a_json_route_refuses_a_body_not_declared_json(any_key_client: TestClient) -> None:
    """A no-cors fetch can send text/plain, or a Blob without a type, without asking first."""
    body = b'{"code": "MTUM"}'
    form = "application/x-www-form-urlencoded"
    for headers in ({}, {"Content-Type": "text/plain"}, {"Content-Type": form}):
        response = any_key_client.post(WATCHLIST, content=body, headers=headers)
        assert response.status_code == 415, (headers, response.text)
        assert "application/json" in response.json()["detail"]
    assert any_key_client.get(WATCHLIST).json()["items"] == []
    declared = any_key_client.post(WATCHLIST, content=body, headers={"Content-Type": "application/json"})
    assert declared.status_code == 201


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},  # another port or subdomain of the same site
        {"Origin": "https://elsewhere.example"},
        {"Origin": "null"},  # sandboxed frames, file: pages
        {"Origin": "http://testserver.evil.example", "Sec-Fetch-Site": "cross-site"},
    ],
)
def test_writes_from_other_sites_are_refused(any_key_client: TestClient, headers: dict[str, str]) -> None:
    client = any_key_client
    refused = [
        client.post(WATCHLIST, json={"code": "MTUM"}, headers=headers),
        client.delete(f"{WATCHLIST}/MTUM", headers=headers),
        client.post(
            "/api/v1/etfs/import", data={"code": "510300"}, files={"file": ("p.csv", CSV)}, headers=headers
        ),
    ]
    for response in refused:
        assert response.status_code == 403, response.text
        assert "cross-site write refused" in response.json()["detail"]
    assert client.get(WATCHLIST).json()["items"] == []
    # Reads are not writes: CORS keeps their answers from other sites' scripts.
    assert client.get(WATCHLIST, headers=headers).status_code == 200


def test_writes_from_the_apps_own_pages_and_from_scripts_go_through(any_key_client: TestClient) -> None:
    client = any_key_client
    own_page = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
    assert client.post(WATCHLIST, json={"code": "MTUM"}, headers=own_page).status_code == 201
    typed_by_the_user = {"Sec-Fetch-Site": "none"}
    assert client.post(WATCHLIST, json={"code": "QUAL"}, headers=typed_by_the_user).status_code == 201
    assert client.delete(f"{WATCHLIST}/MTUM").status_code == 204  # curl: no Origin, no Sec-Fetch-*


def test_origins_in_cors_origins_may_write(settings: Settings) -> None:
    trusted = settings.model_copy(update={"cors_origins": ["https://ui.example"]})
    for client in started(trusted):
        headers = {"Origin": "https://ui.example", "Sec-Fetch-Site": "cross-site"}
        assert client.post(WATCHLIST, json={"code": "MTUM"}, headers=headers).status_code == 201
        other = {"Origin": "https://other.example", "Sec-Fetch-Site": "cross-site"}
        assert client.post(WATCHLIST, json={"code": "QUAL"}, headers=other).status_code == 403


def test_unknown_host_names_are_refused_but_ip_addresses_and_own_names_answer(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ALLOWED_HOSTS")
    for client in started(settings.model_copy(update={"allowed_hosts": []})):
        for host in ("rebind.evil.example", "rebind.evil.example:3000", "testserver"):
            response = client.get(WATCHLIST, headers={"Host": host})
            assert response.status_code == 400, host
            assert "ALLOWED_HOSTS" in response.json()["detail"]
        for host in (
            "localhost:3000",
            "127.0.0.1:3000",
            "[::1]:3000",
            "192.168.1.10:3000",
            "[fd00::5]",
            socket.gethostname(),
        ):
            assert client.get(WATCHLIST, headers={"Host": host}).status_code == 200, host
        # Health probes carry no user data, and may send any Host.
        assert client.get("/api/health", headers={"Host": "probe"}).status_code == 200


def test_allowed_hosts_adds_names(settings: Settings) -> None:
    configured = Settings(
        data_dir=settings.data_dir,
        cache_dir=settings.cache_dir,
        data_source="sample",
        allowed_hosts="nas.lan, Etf.Example.",  # type: ignore[arg-type]
    )
    assert configured.allowed_hosts == ["nas.lan", "Etf.Example."]
    for client in started(configured):
        for host in ("nas.lan:3000", "etf.example"):
            assert client.get(WATCHLIST, headers={"Host": host}).status_code == 200, host
        assert client.get(WATCHLIST, headers={"Host": "other.lan"}).status_code == 400
    for client in started(settings.model_copy(update={"allowed_hosts": ["*"]})):
        assert client.get(WATCHLIST, headers={"Host": "other.lan"}).status_code == 200


def test_host_names_are_read_without_port() -> None:
    assert host_name("Example.ORG:3000") == "example.org"
    assert host_name("[::1]:3000") == "::1"
    assert host_name("::1") == "::1"
    assert host_name("nas.lan.") == "nas.lan"

