"""Alerts reach the notification channels from the running image: a price alert on the sample
fires in the periodic check, and stand-in Telegram and WeCom services on the container's
loopback (push_standin.py) each receive exactly one message, in the shape each documents."""

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from container.containers import Container, http_request
from container.push_services import PORT, PUBLIC_URL, received, with_push_services


@pytest.fixture(scope="module")
def container(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Container]:
    with with_push_services(tmp_path_factory.mktemp("push")) as running:
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
