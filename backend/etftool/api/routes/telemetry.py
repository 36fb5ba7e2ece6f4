"""Telemetry: Prometheus metrics at GET /metrics on the API's own address (127.0.0.1:8000 in the image).

nginx passes /metrics and /api/metrics from the public port on with the X-ETFTool-Public
header, and they are answered only when METRICS_PUBLIC=true. With several uvicorn workers
(WEB_CONCURRENCY) prometheus-client's multi-process mode sums the counters of all workers;
the market-data figures are those of the worker that answers.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import REGISTRY, CollectorRegistry, Counter, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from etftool.core.config import Settings
from etftool.marketdata import MarketData, UpstreamError

PUBLIC_HEADER = "x-etftool-public"

PROVIDER_ERRORS = Counter(
    "etftool_provider_errors_total",
    "Requests that failed because a data source failed with nothing cached to stand in",
    ["provider"],
)

router = APIRouter(include_in_schema=False)


class MarketDataCollector(Collector):
    """Reads the providers' health and cache counts at scrape time."""

    def __init__(self, market_data: MarketData) -> None:
        self._market_data = market_data

    def collect(self) -> Iterator[Metric]:
        by = ["provider"]
        up = GaugeMetricFamily(
            "etftool_provider_up", "1 when the last call succeeded and the circuit is closed", labels=by
        )
        hits = CounterMetricFamily("etftool_cache_hits", "Fresh cached values served", labels=by)
        misses = CounterMetricFamily("etftool_cache_misses", "Lookups that had to ask the source", labels=by)
        stale = CounterMetricFamily(
            "etftool_cache_stale_served", "Expired values served as the source failed", labels=by
        )
        entries = GaugeMetricFamily("etftool_cache_entries", "Values in the provider's disk cache", labels=by)
        size = GaugeMetricFamily("etftool_cache_size_bytes", "Size of the provider's disk cache", labels=by)
        for provider in self._market_data.status().providers:
            up.add_metric([provider.name], 1 if provider.healthy else 0)
            if provider.cache is not None:
                hits.add_metric([provider.name], provider.cache.hits)
                misses.add_metric([provider.name], provider.cache.misses)
                stale.add_metric([provider.name], provider.cache.stale_served)
                # A cache whose index cannot be read has no size series rather than a false one.
                if provider.cache.entries is not None:
                    entries.add_metric([provider.name], provider.cache.entries)
                if provider.cache.size_bytes is not None:
                    size.add_metric([provider.name], provider.cache.size_bytes)
        yield from (up, hits, misses, stale, entries, size)


@router.get("/metrics")
def metrics(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    if request.headers.get(PUBLIC_HEADER) and not settings.metrics_public:
        return JSONResponse({"detail": "Not Found"}, status_code=404)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        workers = CollectorRegistry()
        MultiProcessCollector(workers)  # type: ignore[no-untyped-call]
        body = generate_latest(workers)
    else:
        body = generate_latest(REGISTRY)
    market_data: MarketData | None = getattr(request.app.state, "market_data", None)
    if market_data is not None:
        local = CollectorRegistry()
        local.register(MarketDataCollector(market_data))
        body += generate_latest(local)
    return Response(body, media_type=CONTENT_TYPE_LATEST)


def count_provider_errors(app: FastAPI) -> None:
    """Counts the UpstreamErrors that reach the app's handler for them. Call it after the
    handlers are installed and before the first request."""
    handler = app.exception_handlers.get(UpstreamError)
    if handler is None:
        return

    async def counted(request: Request, error: Exception) -> Any:
        if isinstance(error, UpstreamError):
            PROVIDER_ERRORS.labels(error.provider).inc()
        response = handler(request, error)
        return await response if inspect.isawaitable(response) else response

    app.exception_handlers[UpstreamError] = counted
