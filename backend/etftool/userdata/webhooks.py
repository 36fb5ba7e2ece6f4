"""Webhook delivery: a JSON POST per triggered alert, retried on network errors and on
429 and 5xx answers. A failure is returned, never raised, so that it is recorded and alert
checks carry on.

Each attempt connects only where the outbound policy allows (see outbound.py) and ends
within `timeout_s` in total, however slowly the target answers. The answer's body is never
read: only its status counts, so a huge reply costs nothing.
"""

import time
from dataclasses import dataclass
from typing import Any

import httpx
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from etftool.userdata.outbound import OutboundPolicy, describe_failure, policy_transport

MAX_RETRY_WAIT_S = 30


@dataclass(frozen=True)
class Delivery:
    delivered: bool
    attempts: int
    error: str | None = None  # a failure class such as "timeout" or "refused by policy"


class WebhookNotifier:
    def __init__(
        self,
        *,
        timeout_s: float,
        attempts: int,
        retry_wait_s: float,
        policy: OutboundPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        """`transport` replaces the network (and so the policy's connect-time check), for tests."""
        self._timeout_s = timeout_s
        self._attempts = attempts
        self._retry_wait_s = retry_wait_s
        self._policy = policy or OutboundPolicy()
        self._transport = transport
        self._ssl_context = httpx.create_ssl_context()

    @property
    def longest_delivery_s(self) -> float:
        """The most a `deliver` call can take: every attempt to its deadline, and the waits."""
        waits = sum(min(self._retry_wait_s * 2.0**n, MAX_RETRY_WAIT_S) for n in range(self._attempts - 1))
        return self._attempts * self._timeout_s + waits

    def deliver(self, url: str, payload: dict[str, Any]) -> Delivery:
        retrying = Retrying(
            stop=stop_after_attempt(self._attempts),
            wait=wait_exponential(multiplier=self._retry_wait_s, max=MAX_RETRY_WAIT_S),
            retry=retry_if_exception(_is_transient),
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    self._post(url, payload)
        except Exception as error:  # whatever goes wrong is recorded on the trigger instead
            return Delivery(False, retrying.statistics["attempt_number"], describe_failure(error))
        return Delivery(True, retrying.statistics["attempt_number"])

    def _post(self, url: str, payload: dict[str, Any]) -> None:
        deadline = time.monotonic() + self._timeout_s
        transport = self._transport or policy_transport(self._policy, self._ssl_context, deadline)
        # A client per attempt: its connections end with it, and so does the deadline.
        with (
            httpx.Client(transport=transport, timeout=self._timeout_s, follow_redirects=False) as client,
            client.stream("POST", url, json=payload) as response,
        ):
            response.raise_for_status()

    def close(self) -> None:
        """Nothing is kept open between deliveries."""


def _is_transient(error: BaseException) -> bool:
    if isinstance(error, httpx.HTTPStatusError):
        return error.response.status_code == 429 or error.response.status_code >= 500
    return isinstance(error, httpx.TransportError)
