import asyncio
import ipaddress
import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from etftool.db import Database
from etftool.marketdata import QuoteBatch
from etftool.userdata import alerts
from etftool.userdata.alert_monitor import CLAIM_MARGIN, AlertMonitor
from etftool.userdata.outbound import OutboundPolicy
from etftool.userdata.schemas import AlertCreate
from etftool.userdata.webhooks import WebhookNotifier

# isort: split
# (`tests` counts as first- or third-party depending on which files the linter is given.)
from tests.userdata.fixtures import FakeQuotes


class BrokenQuotes:
    def __init__(self) -> None:
        self.calls = 0

    def quotes(self, codes: Sequence[str]) -> QuoteBatch:
        self.calls += 1
        raise RuntimeError("provider bug")


def notifier(transport: httpx.BaseTransport | None = None, attempts: int = 3) -> WebhookNotifier:
    return WebhookNotifier(timeout_s=1.0, attempts=attempts, retry_wait_s=0.0, transport=transport)


def add_alert(database: Database, webhook_url: str | None = None) -> None:
    with database.writing() as session:
        alerts.create_alert(
            session,
            AlertCreate.model_validate(
                {"code": "AAA", "condition": "price_above", "threshold": 1.0, "webhook_url": webhook_url}
            ),
            OutboundPolicy(resolve=lambda _host, _port: [ipaddress.ip_address("93.184.215.14")]),
        )


def test_the_periodic_check_survives_failing_checks(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    add_alert(database)
    quotes = BrokenQuotes()
    monitor = AlertMonitor(database, quotes, notifier(), interval_s=0.01)

    async def run_for_a_while() -> None:
        monitor.start()
        while quotes.calls < 3:
            await asyncio.sleep(0.01)
        await monitor.stop()

    with caplog.at_level(logging.ERROR):
        asyncio.run(asyncio.wait_for(run_for_a_while(), timeout=10))

    assert quotes.calls >= 3
    assert "alert check failed; next try in 0.01 s" in caplog.text
    assert "provider bug" in caplog.text


def test_transient_webhook_failures_are_retried(database: Database, fake_quotes: FakeQuotes) -> None:
    answers: list[httpx.Response | httpx.ConnectError] = [
        httpx.ConnectError("refused"),
        httpx.Response(502),
        httpx.Response(200),
    ]

    def flaky(request: httpx.Request) -> httpx.Response:
        answer = answers.pop(0)
        if isinstance(answer, httpx.ConnectError):
            raise answer
        return answer

    add_alert(database, "https://hooks.example.com/x")
    fake_quotes.set("AAA", 2.0)
    monitor = AlertMonitor(database, fake_quotes, notifier(httpx.MockTransport(flaky)), interval_s=60)

    (trigger,) = monitor.check()

    with database.reading() as session:
        (recorded,) = alerts.list_triggers(session)
    assert recorded.id == trigger.id
    assert (recorded.webhook_status, recorded.webhook_attempts, recorded.webhook_error) == (
        "delivered",
        3,
        None,
    )


def test_a_webhook_is_sent_once_however_often_alerts_are_checked(
    database: Database, fake_quotes: FakeQuotes
) -> None:
    sent: list[httpx.Request] = []

    def receive(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200)

    add_alert(database, "https://hooks.example.com/x")
    fake_quotes.set("AAA", 2.0)
    monitor = AlertMonitor(database, fake_quotes, notifier(httpx.MockTransport(receive)), interval_s=60)

    monitor.check()
    monitor.check()
    monitor.deliver_pending()

    assert len(sent) == 1


class ProcessKilled(BaseException):
    """Ends a delivery as a killed process would: nothing after it runs."""


def test_a_delivery_cut_off_mid_way_is_taken_over_once_its_claim_has_outlived_any_delivery(
    database: Database, fake_quotes: FakeQuotes
) -> None:
    sent: list[httpx.Request] = []

    def killed(request: httpx.Request) -> httpx.Response:
        raise ProcessKilled

    def receive(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200)

    add_alert(database, "https://hooks.example.com/x")
    fake_quotes.set("AAA", 2.0)
    claimed_at = datetime(2024, 6, 28, 7, 0, tzinfo=UTC)
    dying = AlertMonitor(
        database, fake_quotes, notifier(httpx.MockTransport(killed)), interval_s=60, clock=lambda: claimed_at
    )
    with pytest.raises(ProcessKilled):
        dying.check()
    longest = notifier().longest_delivery_s

    def monitor_at(seconds_later: float) -> AlertMonitor:
        now = claimed_at + timedelta(seconds=seconds_later)
        return AlertMonitor(
            database, fake_quotes, notifier(httpx.MockTransport(receive)), interval_s=60, clock=lambda: now
        )

    monitor_at(longest).deliver_pending()  # the first process could still be sending
    with database.reading() as session:
        assert [trigger.webhook_status for trigger in alerts.list_triggers(session)] == ["sending"]
    assert sent == []

    monitor_at(longest + CLAIM_MARGIN.total_seconds() + 1).deliver_pending()
    monitor_at(longest + CLAIM_MARGIN.total_seconds() + 2).deliver_pending()

    assert len(sent) == 1
    with database.reading() as session:
        (trigger,) = alerts.list_triggers(session)
    assert (trigger.webhook_status, trigger.webhook_attempts) == ("delivered", 1)


@pytest.mark.parametrize(
    ("attempts", "retry_wait_s", "longest"),
    [(1, 5.0, 1.0), (3, 10.0, 3 * 1.0 + 10 + 20), (4, 10.0, 4 * 1.0 + 10 + 20 + 30)],
)
def test_the_longest_delivery_counts_every_attempt_and_the_capped_waits(
    attempts: int, retry_wait_s: float, longest: float
) -> None:
    notifier = WebhookNotifier(timeout_s=1.0, attempts=attempts, retry_wait_s=retry_wait_s)

    assert notifier.longest_delivery_s == longest
