"""A stand-in for East Money and THS on loopback: an HTTPS proxy that answers from fixtures.

Clients reach it the way they reach any proxy: with HTTPS_PROXY=http://127.0.0.1:PORT they
send `CONNECT host:443`; the stand-in says yes, terminates TLS with a certificate for the
upstream hosts (made by certs.py; clients trust its CA through REQUESTS_CA_BUNDLE), reads the
HTTP request and answers from the fixture whose URL (scheme, host and path) equals the
request's and whose `match` parameters all appear in its query with the same values (the
fixture naming the most parameters wins). No fixture → 404 with a JSON body naming the
request. Fixture format: fixtures/README.md.

Fault modes: `hang` completes TLS and never answers, `garbage` answers 200 with a body that
is not JSON, `error` answers HTTP 502.

    python3 standin.py --port 8899 --fixtures DIR --cert FILE --key FILE [--mode MODE]

Standard library only, so that it also runs with the image's Python 3.11.
"""

from __future__ import annotations

import argparse
import json
import ssl
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

MODES = ("fixtures", "hang", "garbage", "error")
FIXTURES = Path(__file__).parent / "fixtures"


@dataclass(frozen=True)
class Fixture:
    url: str  # scheme://host/path, no query
    match: dict[str, str]
    status: int
    content_type: str
    body: str
    name: str = ""  # the file it came from

    @classmethod
    def load(cls, path: Path) -> Fixture:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            url=data["url"],
            match={key: str(value) for key, value in data.get("match", {}).items()},
            status=int(data.get("status", 200)),
            content_type=data.get("content_type", "application/json"),
            body=data["body"],
            name=path.name,
        )

    def answers(self, url: str, query: dict[str, str]) -> bool:
        return self.url == url and all(query.get(key) == value for key, value in self.match.items())


def load_fixtures(directory: Path) -> list[Fixture]:
    return [Fixture.load(path) for path in sorted(directory.glob("*.json"))]


@dataclass
class Exchange:
    """One request the stand-in saw, and the fixture that answered it (None: none did)."""

    url: str
    query: dict[str, str]
    fixture: str | None = field(default=None)


class StandIn(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        fixtures: Iterable[Fixture],
        certfile: Path,
        keyfile: Path,
        *,
        port: int = 0,
        mode: str = "fixtures",
    ) -> None:
        super().__init__(("127.0.0.1", port), _ProxyHandler)
        self.fixtures = list(fixtures)
        self.mode = mode  # may be changed while running
        self.exchanges: list[Exchange] = []
        self.released = threading.Event()  # ends hanging answers when the server stops
        self._tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._tls.load_cert_chain(str(certfile), str(keyfile))

    @property
    def proxy_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def requests_to(self, path_part: str) -> list[Exchange]:
        return [exchange for exchange in self.exchanges if path_part in exchange.url]

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, name="upstream-standin", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self.released.set()
        self.shutdown()
        self.server_close()

    def answer(self, url: str, query: dict[str, str]) -> Fixture | None:
        candidates = [fixture for fixture in self.fixtures if fixture.answers(url, query)]
        candidates.sort(key=lambda fixture: len(fixture.match), reverse=True)
        return candidates[0] if candidates else None

    def wrap(self, connection: Any) -> ssl.SSLSocket:
        return self._tls.wrap_socket(connection, server_side=True)


class _ProxyHandler(BaseHTTPRequestHandler):
    server: StandIn
    protocol_version = "HTTP/1.1"
    _tunnel_host = ""

    def do_CONNECT(self) -> None:  # (http.server's naming)
        host, _, port = self.path.partition(":")
        self.send_response(200, "Connection Established")
        self.end_headers()
        self.wfile.flush()
        # Go on reading requests from the same socket, now through TLS.
        self.connection = self.server.wrap(self.connection)
        self.rfile = self.connection.makefile("rb", self.rbufsize)  # type: ignore[assignment]
        self.wfile = self.connection.makefile("wb", 0)  # type: ignore[assignment]
        self._tunnel_host = host if port in ("", "443") else f"{host}:{port}"
        self.close_connection = False

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.scheme:  # a plain-HTTP proxy request names the whole URL
            url = f"{parts.scheme}://{parts.netloc}{parts.path}"
        else:
            url = f"https://{self._tunnel_host}{parts.path}"
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        exchange = Exchange(url, query)
        self.server.exchanges.append(exchange)
        mode = self.server.mode
        if mode == "hang":
            self.server.released.wait()
            self.close_connection = True
            return
        if mode == "garbage":
            self._send(200, "text/html; charset=utf-8", "<html><body>Service busy 请稍后再试</body></html>")
            return
        if mode == "error":
            self._send(502, "text/plain; charset=utf-8", "502 Bad Gateway")
            return
        fixture = self.server.answer(url, query)
        if fixture is None:
            body = json.dumps({"error": "no fixture for this request", "url": url, "query": query})
            self._send(404, "application/json", body)
            return
        exchange.fixture = fixture.name
        self._send(fixture.status, fixture.content_type, fixture.body)

    def _send(self, status: int, content_type: str, body: str) -> None:
        payload = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:  # (http.server's name)
        pass  # the exchanges list is the record; tests print it when they need it


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, default=8899)
    parser.add_argument("--fixtures", type=Path, default=FIXTURES)
    parser.add_argument(
        "--cert", type=Path, required=True, help="PEM certificate chain for the upstream hosts"
    )
    parser.add_argument("--key", type=Path, required=True, help="its PEM private key")
    parser.add_argument("--mode", choices=MODES, default="fixtures")
    arguments = parser.parse_args(argv)
    server = StandIn(
        load_fixtures(arguments.fixtures),
        arguments.cert,
        arguments.key,
        port=arguments.port,
        mode=arguments.mode,
    )
    print(
        f"stand-in upstream on {server.proxy_url}, mode {server.mode}, {len(server.fixtures)} fixtures",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.released.set()
        server.server_close()


if __name__ == "__main__":
    main()
