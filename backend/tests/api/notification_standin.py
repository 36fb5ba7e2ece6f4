"""A stand-in push service on 127.0.0.1 that records every request as it arrived and
answers as told, so tests can check requests against the services' documentation."""

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # names in lower case
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class ServiceStandIn:
    def __init__(self) -> None:
        self.received: list[Received] = []
        self.status = 200
        self.answer: Any = {}
        self.delay_s = 0.0
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                parts = urlsplit(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                stand_in.received.append(
                    Received(
                        method="POST",
                        path=parts.path,
                        query={key: values[-1] for key, values in parse_qs(parts.query).items()},
                        headers={name.lower(): value for name, value in self.headers.items()},
                        body=body,
                    )
                )
                time.sleep(stand_in.delay_s)
                answer = json.dumps(stand_in.answer).encode()
                self.send_response(stand_in.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def answers(self, status: int, answer: Any, delay_s: float = 0.0) -> "ServiceStandIn":
        self.status, self.answer, self.delay_s = status, answer, delay_s
        return self

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
