import json
import logging
import re

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from etftool.api.security import WRITE_METHODS, warn_if_api_key_unset
from etftool.core.config import Settings

# isort: split
# (`tests` counts as first- or third-party depending on which files the linter is given.)
from tests.userdata import fixtures
from tests.userdata.fixtures import API_PREFIX, StartApi

# Every case runs on SQLite and on PostgreSQL (see tests/userdata/fixtures.py).
postgres_server = fixtures.postgres_server
database_url = fixtures.database_url
start_api = fixtures.start_api

KEY = "s3cret-key-0123"


def write_requests(client: TestClient) -> list[tuple[str, str]]:
    """(method, path) of every write route, path parameters filled in."""
    requests = []
    for route in client.app.routes:  # type: ignore[attr-defined]
        if isinstance(route, APIRoute):
            path = re.sub(
                r"\{(\w+)\}", lambda match: "1" if match.group(1).endswith("id") else "MTUM", route.path
            )
            requests += [(method, path) for method in sorted(route.methods & WRITE_METHODS)]
    return requests


def test_every_write_needs_the_key(start_api: StartApi) -> None:
    client = start_api(api_key=KEY)
    requests = write_requests(client)
    assert len(requests) >= 14

    for method, path in requests:
        for headers in (
            {},
            {"X-API-Key": "wrong"},
            {"Authorization": "Bearer wrong"},
            {"Authorization": f"Basic {KEY}"},
        ):
            response = client.request(method, path, json={}, headers=headers)
            assert response.status_code == 401, (method, path, headers)
            assert response.headers["www-authenticate"] == "Bearer"
            assert "X-API-Key" in response.json()["detail"]


@pytest.mark.parametrize("header", [{"Authorization": f"Bearer {KEY}"}, {"X-API-Key": KEY}])
def test_writes_with_the_key_go_through(start_api: StartApi, header: dict[str, str]) -> None:
    client = start_api(api_key=KEY)

    added = client.post(f"{API_PREFIX}/watchlist", json={"code": "MTUM"}, headers=header)
    assert added.status_code == 201
    assert client.delete(f"{API_PREFIX}/watchlist/MTUM", headers=header).status_code == 204
    # A bad body with the key is judged on its merits.
    assert client.post(f"{API_PREFIX}/watchlist", json={}, headers=header).status_code == 422


def test_reads_are_open_unless_api_key_reads(start_api: StartApi) -> None:
    assert start_api(api_key=KEY).get(f"{API_PREFIX}/watchlist").status_code == 200

    guarded = start_api(api_key=KEY, api_key_reads=True)
    for path in ("/watchlist", "/holdings", "/transactions", "/alerts", "/alerts/triggered", "/export"):
        assert guarded.get(f"{API_PREFIX}{path}").status_code == 401, path
        assert guarded.get(f"{API_PREFIX}{path}", headers={"X-API-Key": KEY}).status_code == 200, path


def test_without_a_key_everything_is_open(start_api: StartApi) -> None:
    client = start_api()

    assert client.post(f"{API_PREFIX}/watchlist", json={"code": "MTUM"}).status_code == 201
    assert client.put(f"{API_PREFIX}/watchlist/order", json={"codes": ["MTUM"]}).status_code == 204


def test_an_unset_key_is_warned_about_and_a_set_one_never_logged(
    start_api: StartApi, caplog: pytest.LogCaptureFixture
) -> None:
    logger = logging.getLogger("etftool.test")
    with caplog.at_level(logging.DEBUG):
        warn_if_api_key_unset(Settings(environment="test"), logger)
        assert "API_KEY is not set" in caplog.text
        caplog.clear()

        settings = Settings(environment="test", api_key=KEY)  # type: ignore[arg-type]
        warn_if_api_key_unset(settings, logger)
        logger.info("settings: %s %r", settings, settings)
        client = start_api(api_key=KEY)
        client.post(f"{API_PREFIX}/watchlist", json={"code": "MTUM"}, headers={"X-API-Key": KEY})
        client.post(
            f"{API_PREFIX}/watchlist", json={"code": "QUAL"}, headers={"Authorization": "Bearer nope"}
        )

    assert "API_KEY is not set" not in caplog.text
    assert KEY not in caplog.text


def test_webhook_urls_are_masked_in_reads_without_the_key(start_api: StartApi) -> None:
    """With only writes protected, anyone may read alerts and exports: not the webhook's token."""
    client = start_api(api_key=KEY)
    with_key = {"X-API-Key": KEY}
    hook = "https://user:pw@hooks.example.com:8443/services/T0/B0/s3cret?token=abc"
    alert = {"code": "MTUM", "condition": "price_above", "threshold": 1e6, "webhook_url": hook}
    assert client.post(f"{API_PREFIX}/alerts", json=alert, headers=with_key).status_code == 201

    masked = "https://hooks.example.com:8443/***"
    assert client.get(f"{API_PREFIX}/alerts").json()["items"][0]["webhook_url"] == masked
    document = client.get(f"{API_PREFIX}/export").json()
    assert document["alerts"][0]["webhook_url"] == masked
    assert "s3cret" not in json.dumps(document)

    assert client.get(f"{API_PREFIX}/alerts", headers=with_key).json()["items"][0]["webhook_url"] == hook
    full = client.get(f"{API_PREFIX}/export", headers=with_key).json()
    assert full["alerts"][0]["webhook_url"] == hook
    # A masked document cannot overwrite the real URL with the mask.
    imported = client.post(f"{API_PREFIX}/import", json=document, headers=with_key)
    assert imported.status_code == 422
    assert "export it again with the API key" in imported.json()["detail"][0]["msg"]
    assert client.post(f"{API_PREFIX}/import", json=full, headers=with_key).status_code == 200
