"""ASGI middleware: the request id in logs and responses, request telemetry by route, CORS,
and the Host and cross-site-write guards (see request_guards).

Both are plain ASGI (no BaseHTTPMiddleware): they add no task or body copy per request.
"""

from __future__ import annotations

import re
import time
import uuid

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from prometheus_client import Counter, Histogram
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from etftool.api.request_guards import CrossSiteWriteGuard, HostGuard, header
from etftool.core.config import Settings
from etftool.core.logging import request_id

REQUEST_ID_HEADER = "X-Request-ID"
# nginx's $request_id is 32 hex digits; other callers' ids are kept when they look sane.
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
UNMATCHED_ROUTE = "<unmatched>"

HTTP_REQUESTS = Counter(
    "etftool_http_requests_total", "HTTP requests answered by the API", ["method", "route", "status"]
)
HTTP_LATENCY = Histogram(
    "etftool_http_request_duration_seconds",
    "Time from the request's arrival to the end of its response",
    ["method", "route"],
)


class _HttpMiddleware:
    """Passes lifespan and websocket events straight on; `handle` sees HTTP requests."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self.handle(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError


class RequestIdMiddleware(_HttpMiddleware):
    """Takes the id from X-Request-ID (nginx sets it) or makes one, exposes it to logging
    while the request runs, and returns it in the response's X-Request-ID header."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        incoming = header(scope, b"x-request-id")
        current = incoming if incoming and _VALID_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = request_id.set(current)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = current
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id.reset(token)


class TelemetryMiddleware(_HttpMiddleware):
    """Counts requests and their latency by route template (`/api/v1/etfs/{code}`), so the
    number of series stays bounded whatever paths clients ask for."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        status = 500  # what the client gets when the app fails before it answers

        async def send_with_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_with_status)
        finally:
            route = _route_template(scope)
            method = scope["method"]
            HTTP_REQUESTS.labels(method, route, str(status)).inc()
            HTTP_LATENCY.labels(method, route).observe(time.perf_counter() - started)


def _route_template(scope: Scope) -> str:
    route = scope.get("route")  # FastAPI's routes put themselves here when they match
    if route is not None:
        return str(route.path)
    # Plain Starlette routes (the OpenAPI schema, the docs page) have fixed paths.
    if "endpoint" in scope and not scope.get("path_params"):
        return str(scope["path"])
    return UNMATCHED_ROUTE


def install(app: FastAPI, settings: Settings) -> None:
    """Adds the middleware and CORS."""
    app.add_middleware(TelemetryMiddleware)
    if settings.cors_origins:
        # Without it, browsers keep the API same-origin: no CORS headers, no cross-site reads.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-API-Key", REQUEST_ID_HEADER],
            expose_headers=[REQUEST_ID_HEADER],
            max_age=600,
        )
    app.add_middleware(CrossSiteWriteGuard, trusted_origins=settings.cors_origins)
    app.add_middleware(HostGuard, allowed_hosts=settings.allowed_hosts)
    app.add_middleware(RequestIdMiddleware)
