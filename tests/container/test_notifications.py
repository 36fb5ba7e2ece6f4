"""Alerts reach the notification channels from the running image: a price alert on the sample
fires in the periodic check, and stand-in Telegram and WeCom services on the container's
loopback (push_standin.py) each receive exactly one message, in the shape each documents;
the daily summary goes out once, at its time.

The container's clock is set to the last seconds of an A-share session (a trading day, see
CLOCK), so the summary's time comes within the module's run instead of being waited for."""

import json
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from container.containers import Container, http_request
from container.push_services import PORT, PUBLIC_URL, received, with_push_services

CHINA = ZoneInfo("Asia/Shanghai")
# A Tuesday the exchanges were open, 25 s before the close; the summary is set for the close.
CLOCK = datetime(2025, 6, 10, 14, 59, 35, tzinfo=CHINA)
SUMMARY_AT = datetime(2025, 6, 10, 15, 0, tzinfo=CHINA)


@pytest.fixture(scope="module")
def container(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Container]:
    with with_push_services(
        tmp_path_factory.mktemp("push"), clock=CLOCK, settings={"SUMMARY_TIME": SUMMARY_AT.strftime("%H:%M")}
    ) as running:
        yield running


def post(container: Container, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = http_request("POST", container.base_url + path, body)
    assert response.status == 201, response.body
    answer: dict[str, Any] = json.loads(response.body)
    return answer


def test_a_triggered_alert_reaches_telegram_and_wecom_once_each(container: Container) -> None:
    telegram = post(
        container,
        "/api/v1/notifications/channels",
        {"name": "phone", "config": {"kind": "telegram", "bot_token": "123456:ABC-DEF", "chat_id": "42"}},
    )
    post(
        container,
        "/api/v1/notifications/channels",
        {
            "name": "team",
            "config": {"kind": "wecom", "webhook_url": f"http://127.0.0.1:{PORT}/cgi-bin/webhook/send?key=k1"},
        },
    )
    post(container, "/api/v1/alerts", {"code": "MTUM", "condition": "price_above", "threshold": 1})

    deadline = time.monotonic() + 30
    while len(received(container)) < 2 and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(3)  # three more periodic checks, which must not send it again

    messages = received(container)
    assert sorted(message["path"] for message in messages) == [
        "/bot123456:ABC-DEF/sendMessage",
        "/cgi-bin/webhook/send",
    ], messages
    to_telegram = next(message for message in messages if message["path"].startswith("/bot"))
    assert to_telegram["content_type"].startswith("application/json")
    assert (to_telegram["body"]["chat_id"], to_telegram["body"]["parse_mode"]) == ("42", "HTML")
    assert "MTUM" in to_telegram["body"]["text"] and PUBLIC_URL in to_telegram["body"]["text"]
    to_wecom = next(message for message in messages if message["path"] == "/cgi-bin/webhook/send")
    assert to_wecom["query"] == "key=k1"
    assert to_wecom["body"]["msgtype"] == "markdown"
    assert "MTUM" in to_wecom["body"]["markdown"]["content"]

    log = json.loads(
        http_request(
            "GET", f"{container.base_url}/api/v1/notifications/channels/{telegram['id']}/deliveries"
        ).body
    )
    assert [(entry["event"], entry["delivered"]) for entry in log["items"]] == [("alert", True)], log


def test_a_channel_over_its_hourly_limit_logs_the_alerts_it_holds_back(container: Container) -> None:
    limited = post(
        container,
        "/api/v1/notifications/channels",
        {
            "name": "limited",
            "config": {"kind": "wecom", "webhook_url": f"http://127.0.0.1:{PORT}/cgi-bin/webhook/send?key=k2"},
            "max_alerts_per_hour": 1,
        },
    )
    for code in ("QUAL", "USMV"):
        post(container, "/api/v1/alerts", {"code": code, "condition": "price_above", "threshold": 1})

    deliveries = f"{container.base_url}/api/v1/notifications/channels/{limited['id']}/deliveries"
    deadline = time.monotonic() + 30
    log: list[dict[str, Any]] = []
    while len(log) < 2 and time.monotonic() < deadline:
        time.sleep(0.5)
        log = json.loads(http_request("GET", deliveries).body)["items"]

    assert sorted((entry["delivered"], entry["suppressed"], entry["error"]) for entry in log) == [
        (False, True, "held back: limit of 1 alert messages an hour"),
        (True, False, None),
    ], log
    assert [message["query"] for message in received(container)].count("key=k2") == 1


def test_the_summary_goes_out_once_at_its_time(container: Container) -> None:
    """After the alerts above fired (this module's tests run in order): the day's summary
    lists the watchlist and them, and each opted-in channel gets it exactly once."""
    assert http_request("POST", container.base_url + "/api/v1/watchlist", {"code": "MTUM"}).status == 201
    for name, config in [
        ("phone-summary", {"kind": "telegram", "bot_token": "123456:ABC-DEF", "chat_id": "-1002"}),
        ("team-summary", {"kind": "wecom", "webhook_url": f"http://127.0.0.1:{PORT}/cgi-bin/webhook/send?key=k3"}),
    ]:
        post(container, "/api/v1/notifications/channels", {"name": name, "config": config, "summary": True})

    def summaries() -> list[dict[str, Any]]:
        return [
            message
            for message in received(container)
            if message["query"] == "key=k3" or message["body"].get("chat_id") == "-1002"
        ]

    # Up to the summary's time on the container's clock, and a margin for a slow start.
    deadline = time.monotonic() + max(0.0, (SUMMARY_AT - container_clock(container)).total_seconds()) + 30
    while len(summaries()) < 2 and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(3)  # three more periodic checks, which must not send it again

    sent = summaries()
    assert len(sent) == 2, sent
    for message in sent:
        received_at = datetime.fromtimestamp(message["at"], CHINA)
        assert SUMMARY_AT <= received_at < SUMMARY_AT + timedelta(minutes=2), message
    to_telegram = next(message for message in sent if message["body"].get("chat_id") == "-1002")
    to_wecom = next(message for message in sent if message["query"] == "key=k3")
    for text in (to_telegram["body"]["text"], to_wecom["body"]["markdown"]["content"]):
        assert "2025-06-10" in text, text
        # The watchlist's fund and the three alerts the tests above fired (MTUM, QUAL, USMV).
        assert all(code in text for code in ("MTUM", "QUAL", "USMV")), text


def container_clock(container: Container) -> datetime:
    """The time the container's processes see."""
    seconds = container.exec("/app/venv/bin/python", "-c", "import time; print(time.time())").stdout
    return datetime.fromtimestamp(float(seconds), CHINA)
