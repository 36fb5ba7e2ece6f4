"""Sends one channel message: retried on network errors and on 429 and 5xx answers (SMTP:
4xx replies), each attempt through the outbound policy (see outbound.py) and within
`timeout_s` in total. Only the first MAX_ANSWER_BYTES of an HTTP answer are read, enough for
a service's error code. A failure is returned, never raised, so that it is logged and other
channels carry on."""

import smtplib
import ssl
import time
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpcore  # pants: no-infer-dep (httpx's transport, locked as its dependency)
import httpx
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from etftool.db.types import utc_now
from etftool.userdata.channel_email import DeadlinePassed, send_email
from etftool.userdata.channel_requests import answer_error
from etftool.userdata.models import ERROR_LENGTH
from etftool.userdata.notify_messages import Message
from etftool.userdata.outbound import OutboundPolicy, describe_failure, policy_transport

MAX_ANSWER_BYTES = 64 * 1024


@dataclass(frozen=True)
class Attempt:
    at: datetime
    latency_ms: int
    error: str | None  # None: delivered


@dataclass(frozen=True)
class Outcome:
    """Every attempt of one delivery, in order; the last one's result is the delivery's."""

    attempts: tuple[Attempt, ...]

    @property
    def delivered(self) -> bool:
        return self.attempts[-1].error is None

    @property
    def error(self) -> str | None:
        return self.attempts[-1].error


class _Refused(Exception):
    """The service answered and did not take the message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Transient(_Refused):
    """A refusal worth another attempt (429, 5xx)."""


class ChannelSender:
    def __init__(
        self,
        *,
        timeout_s: float,
        attempts: int,
        retry_wait_s: float,
        policy: OutboundPolicy,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        """`transport` replaces the network (and so the policy's connect-time check), for tests."""
        self._timeout_s = timeout_s
        self._attempts = attempts
        self._retry_wait_s = retry_wait_s
        self._policy = policy
        self._transport = transport
        self._ssl_context = httpx.create_ssl_context()

    def send(self, kind: str, build: Callable[[], httpx.Request], attempts: int | None = None) -> Outcome:
        """`build` makes each attempt's request (signatures carry the time they were made)."""
        return self._with_retries(lambda: self._http_attempt(kind, build()), attempts)

    def send_email(self, config: Mapping[str, Any], message: Message, attempts: int | None = None) -> Outcome:
        return self._with_retries(lambda: self._email_attempt(config, message), attempts)

    def _with_retries(self, attempt_once: Callable[[], None], attempts: int | None) -> Outcome:
        made: list[Attempt] = []

        def recorded() -> None:
            at, started = utc_now(), time.monotonic()
            error: str | None = None
            try:
                attempt_once()
            except _Refused as refused:
                error = refused.reason
                raise
            except Exception as failure:  # whatever goes wrong is logged for the channel instead
                error = describe_failure(failure)
                raise
            finally:
                made.append(Attempt(at, round((time.monotonic() - started) * 1000), error))

        retrying = Retrying(
            stop=stop_after_attempt(attempts or self._attempts),
            wait=wait_exponential(multiplier=self._retry_wait_s, max=30),
            retry=retry_if_exception_type((_Transient, httpx.TransportError)),
            reraise=True,
        )
        with suppress(Exception):  # each failure is in `made`
            for attempt in retrying:
                with attempt:
                    recorded()
        return Outcome(tuple(made))

    def _http_attempt(self, kind: str, request: httpx.Request) -> None:
        deadline = time.monotonic() + self._timeout_s
        transport = self._transport or policy_transport(self._policy, self._ssl_context, deadline)
        # A client per attempt: its connections end with it, and so does the deadline.
        with httpx.Client(transport=transport, timeout=self._timeout_s, follow_redirects=False) as client:
            response = client.send(request, stream=True)
            try:
                answer = _read_capped(response)
            finally:
                response.close()
        reason = answer_error(kind, response.status_code, answer)
        if reason is not None:
            transient = response.status_code == 429 or response.status_code >= 500
            raise (_Transient if transient else _Refused)(reason)

    def _email_attempt(self, config: Mapping[str, Any], message: Message) -> None:
        """SMTP failures as the server words them; 4xx replies and lost connections are retried."""
        try:
            send_email(
                config, message, policy=self._policy, ssl_context=self._ssl_context, timeout_s=self._timeout_s
            )
        except smtplib.SMTPResponseException as error:
            reply = error.smtp_error
            words = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
            reason = f"SMTP {error.smtp_code}: {words}"[:ERROR_LENGTH]
            raise (_Transient if 400 <= error.smtp_code < 500 else _Refused)(reason) from error
        except smtplib.SMTPRecipientsRefused as error:
            codes = sorted({code for code, _ in error.recipients.values()})
            raise _Refused(f"SMTP: every recipient was refused ({', '.join(map(str, codes))})") from error
        except smtplib.SMTPNotSupportedError as error:
            raise _Refused(f"SMTP: {error}") from error
        except (DeadlinePassed, TimeoutError) as error:
            raise _Transient("timeout") from error
        except ssl.SSLError as error:
            raise _Refused("TLS failed (certificate or protocol)") from error
        except (OSError, httpcore.ConnectError) as error:  # RefusedByPolicy is neither: not retried
            raise _Transient("connection failed") from error


def _read_capped(response: httpx.Response) -> bytes:
    answer = b""
    for chunk in response.iter_bytes():
        answer += chunk
        if len(answer) >= MAX_ANSWER_BYTES:
            break
    return answer[:MAX_ANSWER_BYTES]
