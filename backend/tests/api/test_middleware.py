"""Request ids, request metrics, provider-error counts, the data sources' series, CORS and
/metrics access."""

import json
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from prometheus_client import CollectorRegistry, generate_latest

from etftool.api.routes.telemetry import MarketDataCollector
from etftool.core.config import Settings
from etftool.core.paths import resolve_database_url
from etftool.db import Database
from etftool.main import create_app
from etftool.marketdata import MarketData, MarketDataSettings, UpstreamError


def make_client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def public_client(settings: Settings) -> Iterator[TestClient]:
    yield from make_client(settings.model_copy(update={"metrics_public": True}))


def test_the_request_id_from_nginx_comes_back(client: TestClient) -> None:
    response = client.get("/api/health", headers={"X-Request-ID": "5f0c9a1b2c3d4e5f60718293a4b5c6d7"})
    assert response.headers["X-Request-ID"] == "5f0c9a1b2c3d4e5f60718293a4b5c6d7"


def test_the_request_id_is_seen_by_code_logging_during_the_request(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    app = create_app(settings)

    @app.get("/logs")
    def logs() -> dict[str, str]:
        import logging

        logging.getLogger("etftool.test").warning("inside")
        return {}

    with TestClient(app) as client:
        capsys.readouterr()
        client.get("/logs", headers={"X-Request-ID": "abc123"})
    [line] = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"inside"' in line]
    assert line["request_id"] == "abc123"


@pytest.mark.parametrize("sent", [None, "", "has spaces", "x" * 200, "<script>"])
def test_a_missing_or_odd_request_id_is_replaced(client: TestClient, sent: str | None) -> None:
    headers = {} if sent is None else {"X-Request-ID": sent}
    returned = client.get("/api/health", headers=headers).headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", returned)


def metric(text: str, name: str, **labels: str) -> float:
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith(name + "{"):
            series, value = line.rsplit(" ", 1)
            found = ",".join(sorted(series[len(name) + 1 : -1].split(",")))
            if found == wanted:
                return float(value)
    return 0.0


def test_requests_are_counted_by_route_template(client: TestClient) -> None:
    before = client.get("/metrics").text
    client.get("/api/health")
    client.get("/api/v1/etfs/MTUM")
    client.get("/no/such/path")
    after = client.get("/metrics")
    assert after.status_code == 200
    assert after.headers["content-type"].startswith("text/plain")
    text = after.text
    labels = {"method": "GET", "route": "/api/health", "status": "200"}
    assert metric(text, "etftool_http_requests_total", **labels) == metric(
        before, "etftool_http_requests_total", **labels
    ) + 1
    assert 'route="/api/v1/etfs/{code}"' in text
    assert 'route="<unmatched>",status="404"' in text
    assert "/no/such/path" not in text
    assert 'etftool_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/api/health"}' in text


def test_provider_errors_are_counted(settings: Settings) -> None:
    app = create_app(settings)

    @app.get("/failing")
    def failing() -> None:
        raise UpstreamError("akshare", "connection reset")

    with TestClient(app) as client:
        before = metric(client.get("/metrics").text, "etftool_provider_errors_total", provider="akshare")
        response = client.get("/failing")
        assert response.status_code == 503
        assert "connection reset" in response.json()["detail"]
        after = metric(client.get("/metrics").text, "etftool_provider_errors_total", provider="akshare")
    assert after == before + 1


def scrape(market_data: MarketData) -> str:
    registry = CollectorRegistry()
    registry.register(MarketDataCollector(market_data))
    return generate_latest(registry).decode()


def test_a_cache_that_cannot_be_read_loses_its_size_series_and_keeps_its_counts(settings: Settings) -> None:
    database = Database(resolve_database_url(settings))
    live = MarketDataSettings(data_source="akshare", cache_dir=settings.cache_dir, data_dir=settings.data_dir)
    market_data = MarketData.from_settings(live, database)
    try:
        read = scrape(market_data)
        index = settings.cache_dir / "akshare" / "cache.db"
        index.write_bytes(bytes(index.stat().st_size))  # zeros: no SQLite header, no pages
        damaged = scrape(market_data)
    finally:
        market_data.close()
        database.dispose()

    for text in (read, damaged):
        assert 'etftool_cache_hits_total{provider="akshare"} 0.0' in text
        assert 'etftool_cache_misses_total{provider="akshare"} 0.0' in text
    assert 'etftool_cache_entries{provider="akshare"} 0.0' in read
    assert 'etftool_cache_size_bytes{provider="akshare"}' in read
    assert 'etftool_cache_entries{provider="akshare"}' not in damaged
    assert 'etftool_cache_size_bytes{provider="akshare"}' not in damaged


def test_metrics_from_the_public_port_are_refused_unless_metrics_public(
    client: TestClient, public_client: TestClient
) -> None:
    from_nginx = {"X-ETFTool-Public": "1"}
    refused = client.get("/metrics", headers=from_nginx)
    assert refused.status_code == 404 and refused.json() == {"detail": "Not Found"}
    assert public_client.get("/metrics", headers=from_nginx).status_code == 200
    assert "/metrics" not in client.get("/api/openapi.json").json()["paths"]


def test_cross_origin_reads_get_no_cors_headers_by_default(client: TestClient) -> None:
    response = client.get("/api/health", headers={"Origin": "https://elsewhere.example"})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options(
        "/api/health",
        headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET"},
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_origins_allow_exactly_those_origins(settings: Settings) -> None:
    origins = "https://a.example, https://b.example/"
    allowed = Settings(
        data_dir=settings.data_dir, cache_dir=settings.cache_dir, data_source="sample", cors_origins=origins  # type: ignore[arg-type]
    )
    assert allowed.cors_origins == ["https://a.example", "https://b.example"]
    for client in make_client(allowed):
        ok = client.get("/api/health", headers={"Origin": "https://b.example"})
        assert ok.headers["access-control-allow-origin"] == "https://b.example"
        assert "X-Request-ID" in ok.headers["access-control-expose-headers"]
        other = client.get("/api/health", headers={"Origin": "https://c.example"})
        assert "access-control-allow-origin" not in other.headers
