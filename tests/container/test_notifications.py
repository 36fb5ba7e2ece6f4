"""Alerts reach the notification channels from the running image: a price alert on the sample
fires in the periodic check, and stand-in Telegram and WeCom services on the container's
loopback (push_standin.py) each receive exactly one message, in the shape each documents."""

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from container.containers import Container, built_image_id, docker, http_request, start_container

PORT = 9100
RECORD = "/tmp/push-requests.jsonl"
PUBLIC_URL = "https://etf.example.com"


@pytest.fixture(scope="module")
def container(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Container]:
    mount = tmp_path_factory.mktemp("push")
    shutil.copy(Path(__file__).with_name("push_standin.py"), mount)
    for path in [mount, *mount.iterdir()]:  # readable by the image's unprivileged user
        path.chmod(0o755 if path.is_dir() else 0o644)
    running = start_container(
        built_image_id(),
        *("-v", f"{mount}:/push:ro"),
        *("-e", "DATA_SOURCE=sample"),
        *("-e", "ALERT_CHECK_INTERVAL_S=1"),
        *("-e", "WEBHOOK_ALLOWED_NETWORKS=127.0.0.0/8"),
        *("-e", f"NOTIFY_TELEGRAM_API_URL=http://127.0.0.1:{PORT}"),
        *("-e", "NOTIFY_LANGUAGE=en"),
        *("-e", f"PUBLIC_BASE_URL={PUBLIC_URL}"),
    )
    try:
        docker("exec", "-d", running.name, "/app/venv/bin/python", "/push/push_standin.py", str(PORT), RECORD)
        yield running
    finally:
        running.remove()


def post(container: Container, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = http_request("POST", container.base_url + path, body)
    assert response.status == 201, response.body
    answer: dict[str, Any] = json.loads(response.body)
    return answer


def received(container: Container) -> list[dict[str, Any]]:
    lines = container.exec("cat", RECORD).stdout.splitlines()
    return [json.loads(line) for line in lines]


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
