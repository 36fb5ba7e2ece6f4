"""Which addresses webhooks may reach, and connections that keep to it.

A webhook URL is chosen by whoever can create alerts, and the server calls it: without a
policy that makes the server a proxy into its own network (the router, the NAS, cloud
metadata at 169.254.169.254) and, through the recorded errors, a port scanner. Targets on
loopback, link-local, private, shared, unspecified, multicast or otherwise non-public
addresses are refused unless their network is listed in WEBHOOK_ALLOWED_NETWORKS.

A name is checked when the alert is saved and again at every delivery, where the
connection goes to the address that was checked: a name that resolves to a public address
at one moment and to 127.0.0.1 the next (DNS rebinding) cannot slip through.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import ssl
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpcore  # pants: no-infer-dep (httpx's transport, locked as its dependency)
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[IPAddress]]

DEFAULT_PORTS = {"http": 80, "https": 443}

# httpx logs every request's URL at INFO, and webhook and channel URLs carry their tokens
# (Telegram's is in the path): those lines are dropped.
logging.getLogger("httpx").setLevel(logging.WARNING)


class RefusedByPolicy(Exception):
    """The target resolves to no address webhooks may reach."""


def system_resolve(host: str, port: int) -> list[IPAddress]:
    """Every address of `host`; raises OSError when it does not resolve."""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    # A scoped IPv6 address ("fe80::1%eth0") carries its interface after the '%'.
    return list(dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in found))


def parse_networks(values: Iterable[str]) -> tuple[IPNetwork, ...]:
    """'192.168.1.20' or '192.168.1.0/24' or 'fd00::/8'; raises ValueError naming a bad one."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise ValueError(f"{value!r} is not an IP address or network") from None
    return tuple(networks)


@dataclass(frozen=True)
class OutboundPolicy:
    allowed_networks: tuple[IPNetwork, ...] = ()
    resolve: Resolver = field(default=system_resolve)

    def permits(self, address: IPAddress) -> bool:
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
        if any(address in network for network in self.allowed_networks):
            return True
        return address.is_global and not address.is_multicast

    def refusal(self, url: str) -> str | None:
        """Why a webhook may not call `url`, or None. A name that does not resolve now is
        accepted: deliveries check it again."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        try:
            addresses = self.resolve(host, parts.port or DEFAULT_PORTS.get(parts.scheme, 443))
        except (OSError, UnicodeError):
            return None
        refused = [address for address in addresses if not self.permits(address)]
        if not refused:
            return None
        return (
            f"webhooks may not call {host}: it is {_kind(refused[0])} address ({refused[0]}); to allow "
            "targets on your own network, list them in WEBHOOK_ALLOWED_NETWORKS"
        )

    def connectable(self, host: str, port: int) -> list[IPAddress]:
        """The permitted addresses of `host`; raises RefusedByPolicy when there are none."""
        try:
            addresses = self.resolve(host, port)
        except (OSError, UnicodeError) as error:
            raise httpcore.ConnectError(f"cannot resolve {host}") from error
        permitted = [address for address in addresses if self.permits(address)]
        if not permitted:
            raise RefusedByPolicy(host)
        return permitted


def _kind(address: IPAddress) -> str:
    for kind, flag in (
        ("an unspecified", address.is_unspecified),
        ("a loopback", address.is_loopback),
        ("a link-local", address.is_link_local),
        ("a multicast", address.is_multicast),
        ("a private", address.is_private),
    ):
        if flag:
            return kind
    return "a non-public"


def policy_transport(
    policy: OutboundPolicy, ssl_context: ssl.SSLContext, deadline: float
) -> httpx.BaseTransport:
    """An httpx transport that connects only to addresses `policy` permits and gives up on
    any read or write once `deadline` (time.monotonic()) has passed, however the peer
    trickles its bytes. Proxies from the environment are not used: they would connect
    on our behalf to whatever the name means to them."""
    transport = httpx.HTTPTransport(verify=ssl_context, trust_env=False)
    # httpx takes no network backend; its pool is the httpcore pool built the same way.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=ssl_context, network_backend=_PolicyBackend(policy, deadline)
    )
    return transport


class _PolicyBackend(httpcore.SyncBackend):
    def __init__(self, policy: OutboundPolicy, deadline: float) -> None:
        self._policy = policy
        self._deadline = deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        last_error: Exception | None = None
        for address in self._policy.connectable(host, port):
            try:
                stream = super().connect_tcp(
                    str(address), port, _within(timeout, self._deadline), local_address, socket_options
                )
            except httpcore.ConnectError as error:
                last_error = error
                continue
            return _DeadlineStream(stream, self._deadline)
        assert last_error is not None
        raise last_error


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, deadline: float) -> None:
        self._stream = stream
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _within(timeout, self._deadline, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _within(timeout, self._deadline, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        tls = self._stream.start_tls(ssl_context, server_hostname, _within(timeout, self._deadline))
        return _DeadlineStream(tls, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


def _within(
    timeout: float | None, deadline: float, expired: type[Exception] = httpcore.ConnectTimeout
) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise expired("the delivery's deadline has passed")
    return remaining if timeout is None else min(timeout, remaining)


def describe_failure(error: BaseException) -> str:
    """A failure class for the record, without what would map the network behind the
    target (refused port, reset, TLS detail, exact status)."""
    if isinstance(error, RefusedByPolicy):
        return "refused by policy"
    if isinstance(error, httpx.HTTPStatusError):
        return f"HTTP {error.response.status_code // 100}xx"
    if isinstance(error, httpx.TimeoutException):
        return "timeout"
    if isinstance(error, httpx.TransportError):
        return "connection failed"
    return "delivery failed"

