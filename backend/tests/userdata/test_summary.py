"""The daily summary after the close: when it is due (China's trading calendar, SUMMARY_TIME,
once a day across processes), what it says, and its requests to real channel kinds."""

import asyncio
import ipaddress
import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from etftool.db import Database
from etftool.db.types import utc_now
from etftool.marketdata import QuoteBatch
from etftool.userdata import alerts, channels, holdings, schemas, watchlist
from etftool.userdata.alert_monitor import AlertMonitor
from etftool.userdata.channel_dispatch import ANNOUNCE_CLAIM_AGE, ChannelDispatcher
from etftool.userdata.channel_sender import ChannelSender
from etftool.userdata.models import SummaryRun
from etftool.userdata.notify_messages import SUMMARY_LINES_LISTED, AlertNotice, summary_message
from etftool.userdata.outbound import OutboundPolicy
from etftool.userdata.settings import NotifyLanguage, NotifySettings
from etftool.userdata.summary import DailySummaryJob
from etftool.userdata.webhooks import WebhookNotifier

# isort: split
# (`tests` counts as first- or third-party depending on which files the linter is given.)
from tests.userdata.fixtures import FakeQuotes

CHINA = timezone(timedelta(hours=8))
FRIDAY = date(2024, 6, 28)  # a trading day
POLICY = OutboundPolicy(resolve=lambda _host, _port: [ipaddress.ip_address("93.184.215.14")])
TELEGRAM = {"kind": "telegram", "bot_token": "123456:ABC-DEF_ghi", "chat_id": "-1001234567890"}
WECOM = {"kind": "wecom", "webhook_url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6"}
TELEGRAM_OK = {"ok": True}
WECOM_OK = {"errcode": 0, "errmsg": "ok"}


def china(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), CHINA).astimezone(UTC)


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Services:
    """Stands in for Telegram and WeCom; records every request."""

    received: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.received.append(request)
        return httpx.Response(200, json=TELEGRAM_OK if request.url.host == "api.telegram.org" else WECOM_OK)

    def bodies(self) -> list[Any]:
        return [json.loads(request.content) for request in self.received]


def settings(language: NotifyLanguage = "en") -> NotifySettings:
    return NotifySettings(language=language, public_base_url="https://etf.example.com")


def dispatcher(
    database: Database,
    services: Services,
    language: NotifyLanguage = "en",
    clock: Callable[[], datetime] = utc_now,
) -> ChannelDispatcher:
    """Sends to `services`."""
    sender = ChannelSender(
        timeout_s=5.0, attempts=1, retry_wait_s=0.0, policy=POLICY, transport=httpx.MockTransport(services)
    )
    return ChannelDispatcher(database, sender, settings(language), clock=clock)


def job(
    database: Database,
    quotes: Any,
    services: Services,
    clock: Clock,
    language: NotifyLanguage = "en",
) -> DailySummaryJob:
    return DailySummaryJob(
        database, quotes, dispatcher(database, services, language), settings(language), clock=clock
    )


def add_channel(
    database: Database,
    config: dict[str, Any],
    *,
    summary: bool,
    enabled: bool = True,
    language: NotifyLanguage | None = None,
) -> int:
    with database.writing() as session:
        data = {
            "name": config["kind"],
            "config": config,
            "summary": summary,
            "enabled": enabled,
            "language": language,
        }
        return channels.create_channel(session, schemas.ChannelCreate.model_validate(data), POLICY).id


def recorded_days(database: Database) -> list[str]:
    with database.reading() as session:
        return [str(day) for day in session.execute(text("SELECT day FROM summary_runs")).scalars()]


@pytest.fixture
def quotes() -> FakeQuotes:
    quotes = FakeQuotes()
    quotes.set("AAA", 14.0, 13.5)  # +3.70 %
    quotes.set("BBB", 2.5, 2.55)  # -1.96 %
    quotes.set("CCC", 1.2, 1.2, stale=True)
    return quotes


def test_the_summary_goes_out_once_at_or_after_summary_time_on_a_trading_day(
    database: Database, database_url: str, quotes: FakeQuotes
) -> None:
    services = Services()
    clock = Clock(china(FRIDAY, 15, 29))
    add_channel(database, TELEGRAM, summary=True)
    summary = job(database, quotes, services, clock)

    assert summary.send_if_due() is False
    assert services.received == [] and recorded_days(database) == []

    clock.now = china(FRIDAY, 15, 30)
    assert summary.send_if_due() is True
    for minutes in (1, 60, 500):  # until 23:50
        clock.now = china(FRIDAY, 15, 30) + timedelta(minutes=minutes)
        assert summary.send_if_due() is False
    restarted = Database(database_url)
    assert job(restarted, quotes, services, clock).send_if_due() is False
    restarted.dispose()

    assert len(services.received) == 1
    assert recorded_days(database) == ["2024-06-28"]


def test_a_day_taken_by_a_process_that_stopped_before_sending_is_sent_once_by_a_later_check(
    database: Database, quotes: FakeQuotes
) -> None:
    services = Services()
    taken_at = china(FRIDAY, 15, 30)
    add_channel(database, TELEGRAM, summary=True)
    with database.writing() as session:  # what a process killed mid-way leaves behind
        session.add(SummaryRun(day=FRIDAY, claimed_at=taken_at, sent_at=None))
    clock = Clock(taken_at + ANNOUNCE_CLAIM_AGE - timedelta(seconds=1))
    summary = job(database, quotes, services, clock)

    assert summary.send_if_due() is False  # the claim may still be sending
    clock.now = taken_at + ANNOUNCE_CLAIM_AGE + timedelta(seconds=1)
    assert summary.send_if_due() is True
    clock.now += timedelta(minutes=30)
    assert summary.send_if_due() is False

    assert len(services.received) == 1
    with database.reading() as session:
        run = session.get(SummaryRun, FRIDAY)
        assert run is not None and run.sent_at is not None


class Meeting:
    """Holds each caller until the other has come: both processes have found the day free."""

    def __init__(self, quotes: FakeQuotes, meeting: threading.Barrier) -> None:
        self._quotes = quotes
        self._meeting = meeting

    def quotes(self, codes: Sequence[str]) -> QuoteBatch:
        self._meeting.wait(timeout=30)
        return self._quotes.quotes(codes)


def test_of_two_processes_finding_the_day_free_at_once_only_one_sends(
    database: Database, database_url: str, quotes: FakeQuotes
) -> None:
    services = Services()
    clock = Clock(china(FRIDAY, 16))
    add_channel(database, WECOM, summary=True)
    with database.writing() as session:
        watchlist.add_entry(session, "AAA", "", "")
    meeting = threading.Barrier(2)
    databases = [Database(database_url) for _ in range(2)]
    jobs = [job(own, Meeting(quotes, meeting), services, clock) for own in databases]
    sent: list[bool] = []

    threads = [threading.Thread(target=lambda each=each: sent.append(each.send_if_due())) for each in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(sent) == [False, True]
    assert len(services.received) == 1
    for own in databases:
        own.dispose()


def test_the_periodic_check_sends_the_summary_once_when_due(database: Database, quotes: FakeQuotes) -> None:
    services = Services()
    clock = Clock(china(FRIDAY, 15, 31))
    add_channel(database, WECOM, summary=True)
    monitor = AlertMonitor(
        database,
        quotes,
        WebhookNotifier(timeout_s=1.0, attempts=1, retry_wait_s=0.0),
        interval_s=0.01,
        clock=clock,
        summary=job(database, quotes, services, clock),
    )

    async def run_until_sent_and_a_few_checks_more() -> None:
        monitor.start()
        while not services.received:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.1)
        await monitor.stop()

    asyncio.run(asyncio.wait_for(run_until_sent_and_a_few_checks_more(), timeout=20))

    assert len(services.received) == 1


@pytest.mark.parametrize(
    "moment",
    [
        china(date(2024, 10, 1), 16),  # National Day, a Tuesday
        china(date(2024, 6, 29), 16),  # Saturday
        china(date(2024, 9, 29), 16),  # a Sunday offices work (调休); the exchanges do not
        china(date(2024, 7, 1), 0, 10),  # a trading Monday: a missed Friday is not sent late
    ],
)
def test_nothing_is_sent_on_days_without_trading_nor_for_a_day_gone_by(
    database: Database, quotes: FakeQuotes, moment: datetime
) -> None:
    services = Services()
    add_channel(database, TELEGRAM, summary=True)

    assert job(database, quotes, services, Clock(moment)).send_if_due() is False

    assert services.received == [] and recorded_days(database) == []


def test_only_enabled_channels_that_opt_in_get_it_and_without_them_no_day_is_taken(
    database: Database, quotes: FakeQuotes
) -> None:
    services = Services()
    summary = job(database, quotes, services, Clock(china(FRIDAY, 15, 45)))
    add_channel(database, TELEGRAM, summary=False)
    disabled = add_channel(database, WECOM, summary=True, enabled=False)

    assert summary.send_if_due() is False
    assert recorded_days(database) == []

    opted_in = add_channel(database, WECOM, summary=True)
    assert summary.send_if_due() is True

    assert [request.url.host for request in services.received] == ["qyapi.weixin.qq.com"]
    with database.reading() as session:
        assert [entry.event for entry in channels.list_deliveries(session, opted_in)] == ["summary"]
        assert channels.list_deliveries(session, disabled) == []


def fill(database: Database, quotes: FakeQuotes, clock: Clock) -> None:
    """A watchlist, two holdings and a price alert fired at 14:05 China time."""
    with database.writing() as session:
        for code, name in (("AAA", ""), ("BBB", "B fund"), ("CCC", ""), ("ZZZ", "")):
            watchlist.add_entry(session, code, name, "")
        for code, quantity, price in (("AAA", 1000, 13.0), ("BBB", 200, 2.6)):
            holdings.add_transaction(
                session,
                schemas.TransactionCreate.model_validate(
                    {"code": code, "side": "buy", "date": "2024-06-03", "quantity": quantity, "price": price}
                ),
            )
        alerts.create_alert(
            session,
            schemas.AlertCreate.model_validate({"code": "AAA", "condition": "price_above", "threshold": 13}),
            POLICY,
        )
    clock.now = china(FRIDAY, 14, 5)
    notifier = WebhookNotifier(timeout_s=1.0, attempts=1, retry_wait_s=0.0)
    assert len(AlertMonitor(database, quotes, notifier, interval_s=60, clock=clock).check()) == 1
    clock.now = china(FRIDAY, 15, 30)


# By hand: AAA 1000 × (14 − 13.5) + BBB 200 × (2.5 − 2.55) = 490; 1000 × 14 + 200 × 2.5 = 14 500.
ENGLISH = """ETFTool daily summary: 2024-06-28
Watchlist
AAA test fund (AAA): 14 +3.70%
B fund (BBB): 2.5 -1.96%
CCC test fund (CCC): 1.2 +0.00% (stale)
ZZZ: no quote
Alerts fired today: 1
AAA test fund (AAA): price at or above 13 (14:05)
Holdings' day P/L: +490.00
Market value: 14,500.00
https://etf.example.com"""

CHINESE = """ETFTool 收盘小结：2024-06-28
自选
AAA test fund (AAA): 14 +3.70%
B fund (BBB): 2.5 -1.96%
CCC test fund (CCC): 1.2 +0.00%（非最新）
ZZZ: 无报价
今日触发提醒: 1
AAA test fund (AAA): 价格高于或等于 13 (14:05)
持仓当日盈亏: +490.00
持仓市值: 14,500.00
https://etf.example.com"""


@pytest.mark.parametrize(("language", "expected"), [("en", ENGLISH), ("zh-CN", CHINESE)])
def test_the_summary_lists_the_watchlist_the_days_alerts_and_the_day_pnl(
    database: Database, quotes: FakeQuotes, language: NotifyLanguage, expected: str
) -> None:
    clock = Clock(china(FRIDAY, 9))
    fill(database, quotes, clock)

    message = summary_message(job(database, quotes, Services(), clock).summary(FRIDAY), settings(language))

    assert message.text == expected


def test_yesterdays_alerts_are_not_todays(database: Database, quotes: FakeQuotes) -> None:
    clock = Clock(china(FRIDAY, 9))
    fill(database, quotes, clock)

    monday = job(database, quotes, Services(), clock).summary(date(2024, 7, 1))
    text_of_monday = summary_message(monday, settings()).text

    assert "Alerts fired today: 0" in text_of_monday
    assert "price at or above" not in text_of_monday


def test_a_long_watchlist_is_cut_short_with_a_count(database: Database) -> None:
    quotes = FakeQuotes()
    codes = [f"F{number:02d}" for number in range(SUMMARY_LINES_LISTED + 5)]
    with database.writing() as session:
        for code in codes:
            quotes.set(code, 1.0, 1.0)
            watchlist.add_entry(session, code, "", "")

    summary = job(database, quotes, Services(), Clock(china(FRIDAY, 16))).summary(FRIDAY)
    lines = summary_message(summary, settings()).text.split("\n")

    assert lines[2] == "F00 test fund (F00): 1 +0.00%"
    assert lines[31] == "F29 test fund (F29): 1 +0.00%"
    assert lines[32] == "and 5 more"
    assert "F30" not in "\n".join(lines)


def test_telegram_and_wecom_get_the_summary_in_their_own_forms(
    database: Database, quotes: FakeQuotes
) -> None:
    services = Services()
    clock = Clock(china(FRIDAY, 9))
    fill(database, quotes, clock)
    telegram = add_channel(database, TELEGRAM, summary=True)
    wecom = add_channel(database, WECOM, summary=True)

    assert job(database, quotes, services, clock).send_if_due() is True

    by_host = {request.url.host: request for request in services.received}
    assert by_host["api.telegram.org"].url.path == "/bot123456:ABC-DEF_ghi/sendMessage"
    telegram_text = json.loads(by_host["api.telegram.org"].content)["text"]
    assert telegram_text.startswith("<b>ETFTool daily summary: 2024-06-28</b>\nWatchlist\n")
    assert "AAA test fund (AAA): 14 +3.70%\n" in telegram_text
    assert "Holdings&#x27; day P/L: +490.00\n" in telegram_text
    assert telegram_text.endswith('<a href="https://etf.example.com">Open in ETFTool</a>')
    wecom_body = json.loads(by_host["qyapi.weixin.qq.com"].content)
    assert wecom_body["msgtype"] == "markdown"
    markdown = wecom_body["markdown"]["content"]
    assert markdown.startswith("### ETFTool daily summary: 2024-06-28\nWatchlist\n")
    assert "- **AAA test fund (AAA)**: price at or above 13 (14:05)" in markdown
    assert "- **Market value**: 14,500.00" in markdown
    with database.reading() as session:
        for channel_id in (telegram, wecom):
            (entry,) = channels.list_deliveries(session, channel_id)
            assert (entry.event, entry.delivered, entry.trigger_id) == ("summary", True, None)


def test_each_channel_gets_its_messages_in_its_own_language(database: Database, quotes: FakeQuotes) -> None:
    """The server's language (English here) is the default of channels that name none."""
    services = Services()
    clock = Clock(china(FRIDAY, 16))
    fill(database, quotes, clock)
    telegram = add_channel(database, TELEGRAM, summary=True, language="zh-CN")
    add_channel(database, WECOM, summary=True)
    notice = AlertNotice(
        trigger_id=1,
        alert_id=1,
        code="AAA",
        name="AAA test fund",
        condition="price_above",
        threshold=13,
        price=14,
        change_pct=3.7,
        triggered_at=clock(),
    )

    dispatcher(database, services).announce([notice])
    job(database, quotes, services, clock).send_if_due()
    dispatcher(database, services).send_test(telegram)

    def texts(host: str) -> list[str]:
        bodies = [json.loads(request.content) for request in services.received if request.url.host == host]
        return [body["text"] if "text" in body else body["markdown"]["content"] for body in bodies]

    to_telegram, to_wecom = texts("api.telegram.org"), texts("qyapi.weixin.qq.com")
    assert [text.split("\n")[0] for text in to_telegram] == [
        "<b>ETFTool 提醒：AAA test fund (AAA)</b>",
        "<b>ETFTool 收盘小结：2024-06-28</b>",
        "<b>ETFTool 测试消息</b>",
    ], to_telegram
    assert [text.split("\n")[0] for text in to_wecom] == [
        "### ETFTool alert: AAA test fund (AAA)",
        "### ETFTool daily summary: 2024-06-28",
    ], to_wecom
