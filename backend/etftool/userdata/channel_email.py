"""Email over SMTP (standard library smtplib): STARTTLS, TLS from the start, or plain for a
relay on your own network. The server is reached as webhooks are: only at an address the
outbound policy permits (checked when connecting, so a re-pointed name cannot slip
through), and the whole exchange ends by the deadline however slowly the server answers."""

import smtplib
import socket
import ssl
import threading
import time
from collections.abc import Mapping
from contextlib import suppress
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from etftool.userdata.notify_messages import Message
from etftool.userdata.outbound import OutboundPolicy


class DeadlinePassed(Exception):
    """The server had not finished by the deadline."""


def compose(config: Mapping[str, Any], message: Message) -> EmailMessage:
    mail = EmailMessage()
    mail["Subject"] = message.title
    mail["From"] = config["from_address"]
    mail["To"] = config["to_addresses"]
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid(domain="etftool")
    mail.set_content(message.body_text + "\n")
    return mail


def send_email(
    config: Mapping[str, Any],
    message: Message,
    *,
    policy: OutboundPolicy,
    ssl_context: ssl.SSLContext,
    timeout_s: float,
) -> None:
    """Raises smtplib's errors, OSError, RefusedByPolicy or DeadlinePassed."""
    deadline = time.monotonic() + timeout_s
    smtp: smtplib.SMTP
    if config["security"] == "ssl":
        smtp = _PolicySMTPSSL(policy, config["host"], timeout=timeout_s, context=ssl_context)
    else:
        smtp = _PolicySMTP(policy, config["host"], timeout=timeout_s)
    # A watchdog ends the connection at the deadline: socket time-outs alone are per read,
    # and a server trickling its replies would stretch them without end.
    watchdog = threading.Timer(timeout_s, _cut, args=(smtp,))
    watchdog.start()
    try:
        smtp.connect(config["host"], config["port"])
        smtp.ehlo()
        if config["security"] == "starttls":
            smtp.starttls(context=ssl_context)
            smtp.ehlo()
        if config.get("username"):
            smtp.login(config["username"], config.get("password") or "")
        smtp.send_message(compose(config, message))
        with suppress(smtplib.SMTPException, OSError):
            smtp.quit()
    except (smtplib.SMTPServerDisconnected, OSError) as error:
        if time.monotonic() >= deadline:
            raise DeadlinePassed() from error
        raise
    finally:
        watchdog.cancel()
        smtp.close()


def _cut(smtp: smtplib.SMTP) -> None:
    sock = smtp.sock
    if sock is not None:
        with suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _policy_socket(policy: OutboundPolicy, host: str, port: int, timeout: float) -> socket.socket:
    last_error: OSError | None = None
    for address in policy.connectable(host, port):
        try:
            return socket.create_connection((str(address), port), timeout)
        except OSError as error:
            last_error = error
    assert last_error is not None
    raise last_error


class _PolicySMTP(smtplib.SMTP):
    def __init__(self, policy: OutboundPolicy, host: str, *, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self._policy = policy
        self._host = host  # what STARTTLS checks the certificate against

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        return _policy_socket(self._policy, host, port, timeout)


class _PolicySMTPSSL(smtplib.SMTP_SSL):
    def __init__(self, policy: OutboundPolicy, host: str, *, timeout: float, context: ssl.SSLContext) -> None:
        super().__init__(timeout=timeout, context=context)
        self._policy = policy
        self._host = host

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        # The certificate is checked against the name, not the address connected to.
        return self.context.wrap_socket(
            _policy_socket(self._policy, host, port, timeout), server_hostname=self._host
        )
