"""Webhooks may not reach the server's own network (SSRF), name no port-level detail in their
errors, and end within their time-out however the target answers. The targets here are real
HTTP servers on loopback."""

import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

# isort: split
# (`tests` counts as first- or third-party depending on which files the linter is given.)
from tests.userdata import fixtures
from tests.userdata.fixtures import API_PREFIX, FakeQuotes, StartApi, error_fields

# Every case runs on SQLite and on PostgreSQL (see tests/userdata/fixtures.py).
postgres_server = fixtures.postgres_server
database_url = fixtures.database_url
start_api = fixtures.start_api

ALERTS = f"{API_PREFIX}/alerts"
PUBLIC = ipaddress.ip_address("93.184.215.14")
LOOPBACK = ipaddress.ip_address("127.0.0.1")


class RawServer:
    """A TCP server on 127.0.0.1 whose connections `serve` handles; counts connections."""

    def __init__(self, serve: Callable[[socket.socket], None]) -> None:
        self.connections = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._serve = serve
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._handle, args=(connection,), daemon=True).start()

    def _handle(self, connection: socket.socket) -> None:
        with connection:
            try:
                connection.recv(65536)  # the request (small enough for one read)
                self._serve(connection)
            except OSError:
                pass  # the client hung up, as it should

    def close(self) -> None:
        self._listener.close()


@pytest.fixture
def quotes() -> FakeQuotes:
    quotes = FakeQuotes()
    quotes.set("AAA", 14.0, 13.5)
    return quotes


def answer(status: str) -> Callable[[socket.socket], None]:
    return lambda connection: connection.sendall(
        f"HTTP/1.1 {status}\r\nContent-Length: 0\r\nLocation: http://10.0.0.1/\r\n\r\n".encode()
    )


@pytest.fixture
def server_factory() -> Iterator[Callable[[Callable[[socket.socket], None]], RawServer]]:
    servers: list[RawServer] = []

    def make(serve: Callable[[socket.socket], None]) -> RawServer:
        servers.append(RawServer(serve))
        return servers[-1]

    yield make
    for server in servers:
        server.close()


def trigger_and_record(client: TestClient) -> tuple[dict[str, Any], float]:
    started = time.monotonic()
    assert client.post(f"{ALERTS}/check").status_code == 200
    took = time.monotonic() - started
    return client.get(f"{ALERTS}/triggered").json()["items"][0], took


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/api/v1/watchlist",
        "http://[::1]:3000/",
        "http://0.0.0.0:22/",
        "http://2130706433/",  # 127.0.0.1 as one number
        "http://0x7f.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://192.168.1.1/admin",
        "http://10.0.0.1/",
        "http://[fd00::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://224.0.0.1/",
        "http://localhost:8000/",
    ],
)
def test_webhooks_to_the_servers_own_network_are_refused_when_saved(
    start_api: StartApi, quotes: FakeQuotes, url: str
) -> None:
    client = start_api(quotes=quotes)
    base = {"code": "AAA", "condition": "price_above", "threshold": 13}

    created = client.post(ALERTS, json={**base, "webhook_url": url})

    assert created.status_code == 422, created.text
    assert error_fields(created) == ["body.webhook_url"]
    assert "WEBHOOK_ALLOWED_NETWORKS" in created.json()["detail"][0]["msg"]
    alert = client.post(ALERTS, json=base).json()
    changed = client.patch(f"{ALERTS}/{alert['id']}", json={"webhook_url": url})
    assert changed.status_code == 422
    document = client.get(f"{API_PREFIX}/export").json()
    document["alerts"][0]["webhook_url"] = url
    imported = client.post(f"{API_PREFIX}/import", json=document)
    assert imported.status_code == 422
    assert error_fields(imported) == ["body.alerts.0.webhook_url"]
    assert client.get(ALERTS).json()["items"][0]["webhook_url"] is None


def test_a_name_rebound_to_loopback_after_saving_is_refused_at_delivery(
    start_api: StartApi, quotes: FakeQuotes, server_factory: Any
) -> None:
    server = server_factory(answer("204 No Content"))
    answers = iter([[PUBLIC]])  # the first lookup (when saved) is public, later ones loopback
    client = start_api(quotes=quotes, webhook_resolver=lambda _host, _port: next(answers, [LOOPBACK]))
    create = {"code": "AAA", "condition": "price_above", "threshold": 13}
    url = f"http://rebind.example:{server.port}/hook"
    assert client.post(ALERTS, json={**create, "webhook_url": url}).status_code == 201

    record, _ = trigger_and_record(client)

    assert (record["webhook_status"], record["webhook_error"]) == ("failed", "refused by policy")
    assert record["webhook_attempts"] == 1  # a refusal is not retried
    assert server.connections == 0


def test_allowed_networks_may_be_called_and_errors_name_only_a_class(
    start_api: StartApi, quotes: FakeQuotes, server_factory: Any
) -> None:
    client = start_api(quotes=quotes, webhook_allowed_networks=("127.0.0.0/8",), webhook_attempts=1)
    for status, error in (("204 No Content", None), ("302 Found", "HTTP 3xx"), ("500 Oops", "HTTP 5xx")):
        server = server_factory(answer(status))
        body = {"code": "AAA", "condition": "price_above", "threshold": 13}
        url = f"http://localhost:{server.port}/hook"
        alert = client.post(ALERTS, json={**body, "webhook_url": url}).json()

        record, _ = trigger_and_record(client)

        assert record["alert_id"] == alert["id"]
        assert record["webhook_error"] == error, status
        assert server.connections == 1  # redirects are not followed
        client.delete(f"{ALERTS}/{alert['id']}")


def test_a_trickling_target_is_cut_at_the_time_out(
    start_api: StartApi, quotes: FakeQuotes, server_factory: Any
) -> None:
    """A byte every 0.2 s keeps every read within a 1 s time-out; the attempt still ends."""

    def trickle(connection: socket.socket) -> None:
        for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 200:
            connection.sendall(bytes([byte]))
            time.sleep(0.2)

    server = server_factory(trickle)
    client = start_api(
        quotes=quotes, webhook_allowed_networks=("127.0.0.1",), webhook_timeout_s=1.0, webhook_attempts=1
    )
    body = {"code": "AAA", "condition": "price_above", "threshold": 13}
    client.post(ALERTS, json={**body, "webhook_url": f"http://127.0.0.1:{server.port}/"})

    record, took = trigger_and_record(client)

    assert record["webhook_error"] == "timeout"
    assert took < 2.0, took


def test_a_huge_answer_is_not_read(start_api: StartApi, quotes: FakeQuotes, server_factory: Any) -> None:
    sent = [0]

    def flood(connection: socket.socket) -> None:
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 209715200\r\n\r\n")
        chunk = b"x" * 1_048_576
        while sent[0] < 209_715_200:
            connection.sendall(chunk)
            sent[0] += len(chunk)

    server = server_factory(flood)
    client = start_api(quotes=quotes, webhook_allowed_networks=("127.0.0.1",), webhook_timeout_s=5.0)
    body = {"code": "AAA", "condition": "price_above", "threshold": 13}
    client.post(ALERTS, json={**body, "webhook_url": f"http://127.0.0.1:{server.port}/"})

    record, took = trigger_and_record(client)

    assert (record["webhook_status"], record["webhook_error"]) == ("delivered", None)
    assert took < 2.0, took
    time.sleep(0.2)
    assert sent[0] < 32 * 1_048_576  # what socket buffers took before the client hung up


def test_one_slow_target_does_not_hold_up_the_others(
    start_api: StartApi, quotes: FakeQuotes, server_factory: Any
) -> None:
    """Four hooks that each take their whole 1 s time-out are sent side by side, not in turn."""

    def stall(connection: socket.socket) -> None:
        time.sleep(3)

    server = server_factory(stall)
    client = start_api(
        quotes=quotes, webhook_allowed_networks=("127.0.0.1",), webhook_timeout_s=1.0, webhook_attempts=1
    )
    body = {"code": "AAA", "condition": "price_above", "threshold": 13}
    for number in range(4):
        hook = f"http://127.0.0.1:{server.port}/hook/{number}"
        assert client.post(ALERTS, json={**body, "webhook_url": hook}).status_code == 201

    started = time.monotonic()
    assert client.post(f"{ALERTS}/check").status_code == 200
    took = time.monotonic() - started

    records = client.get(f"{ALERTS}/triggered").json()["items"]
    assert [record["webhook_error"] for record in records] == ["timeout"] * 4
    assert took < 2.5, took
