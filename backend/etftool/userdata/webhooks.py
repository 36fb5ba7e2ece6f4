"""Webhook delivery: a JSON POST per triggered alert, retried on network errors and on
429 and 5xx answers. A failure is returned, never raised, so that it is recorded and alert
checks carry on."""

from dataclasses import dataclass
from typing import Any

import httpx
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from etftool.userdata.models import ERROR_LENGTH


@dataclass(frozen=True)
class Delivery:
    delivered: bool
    attempts: int
    error: str | None = None


class WebhookNotifier:
    def __init__(
        self,
        *,
        timeout_s: float,
        attempts: int,
        retry_wait_s: float,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        """`transport` replaces the network, for tests."""
        self._attempts = attempts
        self._retry_wait_s = retry_wait_s
        self._client = httpx.Client(timeout=timeout_s, transport=transport, follow_redirects=False)

    def deliver(self, url: str, payload: dict[str, Any]) -> Delivery:
        retrying = Retrying(
            stop=stop_after_attempt(self._attempts),
            wait=wait_exponential(multiplier=self._retry_wait_s, max=30),
            retry=retry_if_exception(_is_transient),
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    self._client.post(url, json=payload).raise_for_status()
        except Exception as error:  # whatever goes wrong is recorded on the trigger instead
            return Delivery(False, retrying.statistics["attempt_number"], _describe(error)[:ERROR_LENGTH])
        return Delivery(True, retrying.statistics["attempt_number"])

    def close(self) -> None:
        self._client.close()


def _is_transient(error: BaseException) -> bool:
    if isinstance(error, httpx.HTTPStatusError):
        return error.response.status_code == 429 or error.response.status_code >= 500
    return isinstance(error, httpx.TransportError)


def _describe(error: Exception) -> str:
    if isinstance(error, httpx.HTTPStatusError):
        return f"HTTP {error.response.status_code} {error.response.reason_phrase}".strip()
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
