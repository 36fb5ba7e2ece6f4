"""Guards against the browser as a confused deputy, whatever the API_KEY setting:

- HostGuard: a page on another site can make the browser talk to this server under the
  site's own name (DNS rebinding) and read the answers. Only Host names this server is
  known by are answered; IP literals always are, since a rebound name is never one.
- CrossSiteWriteGuard: a page on another site can make the browser send writes here
  (plain form posts and `no-cors` fetches need no CORS permission). Writes that the
  browser marks as coming from another site or origin are refused.

Clients that are not browsers (curl, scripts) send neither Origin nor Sec-Fetch-Site and
are not affected by the second guard.
"""

from __future__ import annotations

import ipaddress
import json
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from etftool.api.security import WRITE_METHODS

# Health checks carry no user data, and probes often send whatever Host they like.
_UNGUARDED_PATHS = frozenset({"/health", "/api/health"})
ANY_HOST = "*"


def own_host_names() -> set[str]:
    """The names this machine answers to by default: localhost and its own host names."""
    names = {"localhost", socket.gethostname(), socket.getfqdn()}
    return {name.lower().rstrip(".") for name in names if name}


class HostGuard:
    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str]) -> None:
        self.app = app
        configured = {host.lower().rstrip(".") for host in allowed_hosts}
        self._allow_any = ANY_HOST in configured
        self._allowed = frozenset(configured | own_host_names())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in _UNGUARDED_PATHS:
            await self.app(scope, receive, send)
            return
        host = header(scope, b"host") or ""
        name = host_name(host)
        if self._allow_any or not name or _is_ip_literal(name) or name in self._allowed:
            await self.app(scope, receive, send)
            return
        await _refuse(
            send,
            400,
            f"this server does not answer to the host name {name!r}: add it to ALLOWED_HOSTS "
            "(comma-separated) if that is how you reach it",
        )


class CrossSiteWriteGuard:
    def __init__(self, app: ASGIApp, trusted_origins: Iterable[str]) -> None:
        self.app = app
        self._trusted = frozenset(origin.rstrip("/").lower() for origin in trusted_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in WRITE_METHODS:
            await self.app(scope, receive, send)
            return
        reason = self._refusal(scope)
        if reason is None:
            await self.app(scope, receive, send)
            return
        await _refuse(
            send,
            403,
            f"cross-site write refused: {reason}. Changes must come from this app's own pages or a "
            "client that is not a browser; to allow another site, add its origin to CORS_ORIGINS",
        )

    def _refusal(self, scope: Scope) -> str | None:
        origin = header(scope, b"origin")
        if origin is not None and origin.rstrip("/").lower() in self._trusted:
            return None
        fetch_site = (header(scope, b"sec-fetch-site") or "").lower()
        if fetch_site in ("cross-site", "same-site"):
            return f"the browser says it comes from a {fetch_site} page"
        if origin is None:
            return None
        origin_name = host_name(urlsplit(origin).netloc) if origin != "null" else ""
        own_name = host_name(header(scope, b"host") or "")
        if not origin_name or origin_name != own_name:
            return f"it comes from the page origin {origin!r}, not from this server"
        return None


def host_name(host: str) -> str:
    """'Example.org:3000' -> 'example.org', '[::1]:3000' -> '::1'."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else ""
    return host.rsplit(":", 1)[0].rstrip(".") if host.count(":") == 1 else host.rstrip(".")


def _is_ip_literal(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def header(scope: Scope, name: bytes) -> str | None:
    """The first value of a request header (`name` in lower case), or None."""
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


async def _refuse(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
