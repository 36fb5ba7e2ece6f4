"""A trigger is announced on the notification channels once across processes: the process that
records it claims it, and a trigger whose recorder stopped before announcing it is taken over
by one later check once its claim has outlived any announcement."""

import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import select

from etftool.db import Database
from etftool.userdata import alerts, channels, schemas
from etftool.userdata.alert_monitor import AlertMonitor
from etftool.userdata.channel_dispatch import ANNOUNCE_CLAIM_AGE, ChannelDispatcher
from etftool.userdata.channel_sender import ChannelSender
from etftool.userdata.models import AlertTrigger
from etftool.userdata.outbound import OutboundPolicy
from etftool.userdata.settings import NotifySettings
from etftool.userdata.webhooks import WebhookNotifier

# isort: split
# (`tests` counts as first- or third-party depending on which files the linter is given.)
from tests.userdata.fixtures import FakeQuotes

POLICY = OutboundPolicy(resolve=lambda _host, _port: [ipaddress.ip_address("93.184.215.14")])
WECOM = {"kind": "wecom", "webhook_url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6"}


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


def set_up(database: Database, fake_quotes: FakeQuotes) -> None:
    """A WeCom channel and a one-shot alert whose condition the quote meets."""
    with database.writing() as session:
        channel = {"name": "team", "config": WECOM}
        channels.create_channel(session, schemas.ChannelCreate.model_validate(channel), POLICY)
        alert = {"code": "AAA", "condition": "price_above", "threshold": 1.0}
        alerts.create_alert(session, schemas.AlertCreate.model_validate(alert), POLICY)
    fake_quotes.set("AAA", 2.0)


def monitor(
    database: Database, fake_quotes: FakeQuotes, clock: Clock, sent: list[httpx.Request] | None
) -> AlertMonitor:
    """A process's monitor; with `sent` None, one that stops before it announces anything."""
    dispatcher = None
    if sent is not None:
        received = sent

        def wecom(request: httpx.Request) -> httpx.Response:
            received.append(request)
            return httpx.Response(200, json={"errcode": 0, "errmsg": "ok"})

        transport = httpx.MockTransport(wecom)
        sender = ChannelSender(
            timeout_s=5.0, attempts=1, retry_wait_s=0.0, policy=POLICY, transport=transport
        )
        settings = NotifySettings(language="en", public_base_url="https://etf.example.com")
        dispatcher = ChannelDispatcher(database, sender, settings, clock=clock)
    notifier = WebhookNotifier(timeout_s=1.0, attempts=1, retry_wait_s=0.0)
    return AlertMonitor(database, fake_quotes, notifier, interval_s=60, clock=clock, channels=dispatcher)


def claims(database: Database) -> list[datetime | None]:
    with database.reading() as session:
        return list(session.scalars(select(AlertTrigger.announce_claimed_at)))


def test_a_trigger_its_recorder_left_unannounced_is_announced_once_when_its_claim_has_aged(
    database: Database, fake_quotes: FakeQuotes
) -> None:
    set_up(database, fake_quotes)
    clock = Clock(datetime(2024, 6, 3, 2, 0, tzinfo=UTC))
    assert len(monitor(database, fake_quotes, clock, sent=None).check()) == 1
    assert claims(database) == [clock.now]

    sent: list[httpx.Request] = []
    others = [monitor(database, fake_quotes, clock, sent) for _ in range(2)]
    clock.now += ANNOUNCE_CLAIM_AGE - timedelta(seconds=1)
    for other in others:
        other.check()
    assert sent == []  # its recorder may still be announcing it

    clock.now += timedelta(seconds=2)
    for other in others:
        other.check()
        other.check()
    assert len(sent) == 1
    assert "AAA" in sent[0].content.decode()
    assert claims(database) == [None]


def test_a_trigger_announced_by_its_recorder_is_not_announced_again(
    database: Database, fake_quotes: FakeQuotes
) -> None:
    set_up(database, fake_quotes)
    clock = Clock(datetime(2024, 6, 3, 2, 0, tzinfo=UTC))
    sent: list[httpx.Request] = []
    recorder = monitor(database, fake_quotes, clock, sent)

    assert len(recorder.check()) == 1
    assert len(sent) == 1 and claims(database) == [None]
    clock.now += ANNOUNCE_CLAIM_AGE * 2
    recorder.check()
    monitor(database, fake_quotes, clock, sent).check()
    assert len(sent) == 1
