"""Stand-in push services and an SMTP server (plain, STARTTLS or TLS) on 127.0.0.1 that record
every request as it arrived and answer as told, so tests can check requests against the
services' documentation."""

import base64
import json
import socketserver
import ssl
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

import trustme


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


@dataclass(frozen=True)
class Mail:
    login: tuple[str, str] | None  # (user, password) from AUTH PLAIN
    sender: str
    recipients: list[str]
    data: bytes


SmtpSecurity = Literal["none", "starttls", "ssl"]


class SmtpStandIn:
    """An ESMTP server on 127.0.0.1 offering AUTH PLAIN; records each mail, and each
    connection's commands in `sessions` as (verb, whether it came over TLS).

    `security` "none" speaks plain text only. "starttls" offers STARTTLS and "ssl" speaks TLS
    from the start, both with `certificate`; either way AUTH and MAIL are refused until the
    connection is encrypted. `auth_reply` set to e.g. "535 5.7.8 Authentication failed"
    refuses every login."""

    def __init__(self, security: SmtpSecurity = "none", certificate: trustme.LeafCert | None = None) -> None:
        self.mails: list[Mail] = []
        self.sessions: list[list[tuple[str, bool]]] = []
        self.auth_reply = "235 2.7.0 Authentication successful"
        tls: ssl.SSLContext | None = None
        if security != "none":
            assert certificate is not None, f"{security} needs a certificate"
            tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            certificate.configure_cert(tls)
        stand_in = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.connection.sendall(line.encode() + b"\r\n")

            def encrypt(self) -> bool:
                """False when the client gives up on the handshake (e.g. it does not trust
                the certificate)."""
                assert tls is not None
                self.rfile.close()
                try:
                    self.connection = tls.wrap_socket(self.connection, server_side=True)
                except OSError:  # ssl.SSLError included
                    return False
                self.rfile = self.connection.makefile("rb")
                return True

            def finish(self) -> None:
                super().finish()
                self.connection.close()  # the TLS socket, which socketserver does not know of

            def handle(self) -> None:
                session: list[tuple[str, bool]] = []
                stand_in.sessions.append(session)
                if security == "ssl" and not self.encrypt():
                    return
                login: tuple[str, str] | None = None
                sender = ""
                recipients: list[str] = []
                self.reply("220 stand-in ESMTP")
                while raw := self.rfile.readline():
                    command = raw.decode().rstrip("\r\n")
                    verb = command.split(" ", 1)[0].upper()
                    encrypted = isinstance(self.connection, ssl.SSLSocket)
                    session.append((verb, encrypted))
                    if verb in ("AUTH", "MAIL") and security != "none" and not encrypted:
                        self.reply("530 5.7.0 Must issue a STARTTLS command first")
                    elif verb == "EHLO":
                        self.reply("250-stand-in")
                        if security == "starttls" and not encrypted:
                            self.reply("250-STARTTLS")
                        self.reply("250 AUTH PLAIN")
                    elif verb == "STARTTLS" and security == "starttls" and not encrypted:
                        self.reply("220 2.0.0 Ready to start TLS")
                        if not self.encrypt():
                            return
                        login, sender, recipients = None, "", []  # RFC 3207: start afresh
                    elif verb == "AUTH":
                        _, user, password = base64.b64decode(command.split()[2]).decode().split("\0")
                        login = (user, password)
                        self.reply(stand_in.auth_reply)
                    elif verb == "MAIL":
                        sender = command.split(":", 1)[1].split()[0].strip("<>")
                        self.reply("250 OK")
                    elif verb == "RCPT":
                        recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                        self.reply("250 OK")
                    elif verb == "DATA":
                        self.reply("354 End data with <CR><LF>.<CR><LF>")
                        data = b""
                        for line in self.rfile:
                            if line == b".\r\n":
                                break
                            data += line
                        stand_in.mails.append(Mail(login, sender, recipients, data))
                        self.reply("250 OK queued")
                    elif verb == "QUIT":
                        self.reply("221 Bye")
                        return
                    else:
                        self.reply("502 Command not implemented")

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
