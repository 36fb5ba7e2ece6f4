"""Notification channels against stand-in services on loopback: each request is checked
against the format its service documents (path, method, headers, signature, body)."""

import base64
import email
import email.policy
import hashlib
import hmac
import time
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
import trustme
from fastapi.testclient import TestClient

from etftool.userdata.settings import NotifyLanguage, NotifySettings

# isort: split
# (`tests` counts as first- or third-party depending on which files the linter is given.)
from tests.api.notification_standin import Mail, Received, ServiceStandIn, SmtpSecurity, SmtpStandIn
from tests.userdata import fixtures
from tests.userdata.fixtures import API_PREFIX, FakeQuotes, StartApi, error_fields

# Every case runs on SQLite and on PostgreSQL (see tests/userdata/fixtures.py).
postgres_server = fixtures.postgres_server
database_url = fixtures.database_url
start_api = fixtures.start_api

CHANNELS = f"{API_PREFIX}/notifications/channels"
ALERTS = f"{API_PREFIX}/alerts"
PUBLIC_BASE_URL = "https://etf.example.com"
LINK = f"{PUBLIC_BASE_URL}/etf/?code=AAA"
TITLE = "ETFTool alert: AAA test fund (AAA)"


@pytest.fixture
def service() -> Iterator[ServiceStandIn]:
    stand_in = ServiceStandIn()
    yield stand_in
    stand_in.close()


@pytest.fixture
def stand_ins() -> Iterator[Callable[[], ServiceStandIn]]:
    started: list[ServiceStandIn] = []

    def start() -> ServiceStandIn:
        started.append(ServiceStandIn())
        return started[-1]

    yield start
    for stand_in in started:
        stand_in.close()


@pytest.fixture
def quotes() -> FakeQuotes:
    quotes = FakeQuotes()
    quotes.set("AAA", 14.0, 13.5)  # +3.70 % on the day
    return quotes


def notify_settings(base_url: str, language: NotifyLanguage = "en") -> NotifySettings:
    return NotifySettings(
        language=language,
        time_zone="Asia/Shanghai",
        public_base_url=PUBLIC_BASE_URL,
        telegram_api_url=base_url,
        serverchan_api_url=base_url,
        bark_api_url=base_url,
        pushplus_api_url=base_url,
        ntfy_api_url=base_url,
    )


def start(start_api: StartApi, quotes: FakeQuotes, base_url: str, **settings: Any) -> TestClient:
    # The stand-ins listen on loopback, which channels may call only when allowed.
    return start_api(
        quotes=quotes,
        webhook_allowed_networks=("127.0.0.0/8",),
        notify=notify_settings(base_url, settings.pop("language", "en")),
        **settings,
    )


def add_channel(client: TestClient, config: dict[str, Any], **fields: Any) -> dict[str, Any]:
    response = client.post(CHANNELS, json={"name": config["kind"], "config": config, **fields})
    assert response.status_code == 201, response.text
    channel: dict[str, Any] = response.json()
    return channel


def trigger_alert(client: TestClient, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """Its announcements are done on return: a check runs while no other does, and the
    periodic check at start-up may be the one that fires it."""
    created = client.post(
        ALERTS, json={"code": "AAA", "condition": "price_above", "threshold": 13}, headers=headers
    )
    assert created.status_code == 201, created.text
    fired = client.post(f"{ALERTS}/check", headers=headers)
    assert fired.status_code == 200, fired.text
    triggers: list[dict[str, Any]] = (
        fired.json()["items"] or client.get(f"{ALERTS}/triggered").json()["items"]
    )
    assert len(triggers) == 1
    return triggers[0]


def deliveries(client: TestClient, channel_id: int) -> list[dict[str, Any]]:
    response = client.get(f"{CHANNELS}/{channel_id}/deliveries")
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def json_request(received: Received) -> Any:
    assert received.method == "POST"
    assert received.headers["content-type"].startswith("application/json")
    return received.json()


def near_now_ms(timestamp: str) -> int:
    value = int(timestamp)
    assert abs(value - time.time() * 1000) < 60_000
    return value


def markdown_lines_of_the_alert(text: str) -> None:
    assert "- **Trigger**: price at or above 13" in text
    assert "- **Price**: 14" in text
    assert "- **Change**: +3.70%" in text
    assert "(Asia/Shanghai)" in text
    assert f"[Open in ETFTool]({LINK})" in text


def check_telegram(received: Received, base_url: str) -> None:
    body = json_request(received)
    assert received.path == "/bot123456:ABC-DEF_ghi/sendMessage"
    assert body["chat_id"] == "-1001234567890"
    assert body["parse_mode"] == "HTML"
    text = body["text"]
    assert text.startswith(f"<b>{TITLE}</b>\n")
    assert "Trigger: price at or above 13\nPrice: 14\nChange: +3.70%" in text
    assert f'<a href="{LINK}">Open in ETFTool</a>' in text


def check_serverchan(received: Received, base_url: str) -> None:
    assert received.method == "POST"
    assert received.path == "/SCT12345TabcDEF.send"
    assert received.headers["content-type"] == "application/x-www-form-urlencoded"
    form = {key: values[0] for key, values in parse_qs(received.body.decode()).items()}
    assert form["title"] == TITLE
    markdown_lines_of_the_alert(form["desp"])


def check_wecom(received: Received, base_url: str) -> None:
    body = json_request(received)
    assert (received.path, received.query) == ("/cgi-bin/webhook/send", {"key": "693a91f6-7xxx"})
    assert body["msgtype"] == "markdown"
    assert body["markdown"]["content"].startswith(f"### {TITLE}\n")
    markdown_lines_of_the_alert(body["markdown"]["content"])


def check_dingtalk(received: Received, base_url: str) -> None:
    body = json_request(received)
    assert received.path == "/robot/send"
    assert received.query.keys() == {"access_token", "timestamp", "sign"}
    assert received.query["access_token"] == "abc123"
    timestamp = near_now_ms(received.query["timestamp"])
    # As DingTalk documents it: HMAC-SHA256 keyed with the secret over "timestamp\nsecret".
    secret = "SECdeadbeef"
    expected = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    assert received.query["sign"] == base64.b64encode(expected).decode()
    assert body["msgtype"] == "markdown"
    assert body["markdown"]["title"] == TITLE
    markdown_lines_of_the_alert(body["markdown"]["text"])


def check_feishu(received: Received, base_url: str) -> None:
    body = json_request(received)
    assert received.path == "/open-apis/bot/v2/hook/f00-ba5"
    timestamp = int(body["timestamp"])
    assert abs(timestamp - time.time()) < 60
    # As Feishu documents it: HMAC-SHA256 keyed with "timestamp\nsecret" over nothing.
    expected = hmac.new(f"{timestamp}\nfeishu-secret".encode(), b"", hashlib.sha256).digest()
    assert body["sign"] == base64.b64encode(expected).decode()
    assert body["msg_type"] == "text"
    text = body["content"]["text"]
    assert text.startswith(f"{TITLE}\nTrigger: price at or above 13\nPrice: 14\n")
    assert text.endswith(LINK)


def check_bark(received: Received, base_url: str) -> None:
    body = json_request(received)
    assert received.path == "/push"
    assert body["device_key"] == "bArKkEy"
    assert body["title"] == TITLE
    assert body["body"].startswith("Trigger: price at or above 13\nPrice: 14\n")
    assert body["url"] == LINK
    assert body["group"] == "ETFTool"


def check_pushplus(received: Received, base_url: str) -> None:
    body = json_request(received)
    assert received.path == "/send"
    assert body["token"] == "pushplustoken"
    assert body["title"] == TITLE
    assert body["template"] == "markdown"
    markdown_lines_of_the_alert(body["content"])


def check_ntfy(received: Received, base_url: str) -> None:
    body = json_request(received)
    assert received.path == "/"
    assert received.headers["authorization"] == "Bearer tk_ntfy"
    assert body["topic"] == "etf-alerts"
    assert body["title"] == TITLE
    assert body["markdown"] is True
    assert body["click"] == LINK
    markdown_lines_of_the_alert(body["message"])


def check_webhook(received: Received, base_url: str) -> None:
    body = json_request(received)
    assert received.path == "/hook"
    timestamp = received.headers["x-etftool-timestamp"]
    assert abs(int(timestamp) - time.time()) < 60
    expected = hmac.new(b"hook-secret", timestamp.encode() + b"." + received.body, hashlib.sha256).hexdigest()
    assert received.headers["x-etftool-signature"] == f"sha256={expected}"
    assert body["event"] == "alert.triggered"
    assert body["title"] == TITLE
    assert body["link"] == LINK
    assert {key: body[key] for key in ("code", "name", "condition", "threshold", "price")} == {
        "code": "AAA",
        "name": "AAA test fund",
        "condition": "price_above",
        "threshold": 13.0,
        "price": 14.0,
    }


# kind: (config given the stand-in's URL, the service's success answer, the request check)
SERVICES: dict[str, tuple[Callable[[str], dict[str, Any]], Any, Callable[[Received, str], None]]] = {
    "telegram": (
        lambda url: {"kind": "telegram", "bot_token": "123456:ABC-DEF_ghi", "chat_id": "-1001234567890"},
        {"ok": True, "result": {"message_id": 1}},
        check_telegram,
    ),
    "serverchan": (
        lambda url: {"kind": "serverchan", "send_key": "SCT12345TabcDEF"},
        {"code": 0, "message": "", "data": {"pushid": "1"}},
        check_serverchan,
    ),
    "wecom": (
        lambda url: {"kind": "wecom", "webhook_url": f"{url}/cgi-bin/webhook/send?key=693a91f6-7xxx"},
        {"errcode": 0, "errmsg": "ok"},
        check_wecom,
    ),
    "dingtalk": (
        lambda url: {
            "kind": "dingtalk",
            "webhook_url": f"{url}/robot/send?access_token=abc123",
            "secret": "SECdeadbeef",
        },
        {"errcode": 0, "errmsg": "ok"},
        check_dingtalk,
    ),
    "feishu": (
        lambda url: {
            "kind": "feishu",
            "webhook_url": f"{url}/open-apis/bot/v2/hook/f00-ba5",
            "secret": "feishu-secret",
        },
        {"code": 0, "msg": "success", "data": {}},
        check_feishu,
    ),
    "bark": (
        lambda url: {"kind": "bark", "device_key": "bArKkEy"},
        {"code": 200, "message": "success", "timestamp": 1},
        check_bark,
    ),
    "pushplus": (
        lambda url: {"kind": "pushplus", "token": "pushplustoken"},
        {"code": 200, "msg": "请求成功", "data": "abc"},
        check_pushplus,
    ),
    "ntfy": (
        lambda url: {"kind": "ntfy", "topic": "etf-alerts", "access_token": "tk_ntfy"},
        {"id": "abc", "event": "message", "topic": "etf-alerts"},
        check_ntfy,
    ),
    "webhook": (
        lambda url: {"kind": "webhook", "url": f"{url}/hook", "secret": "hook-secret"},
        {},
        check_webhook,
    ),
}


@pytest.mark.parametrize("kind", sorted(SERVICES))
def test_a_triggered_alert_reaches_each_service_in_its_documented_format(
    kind: str, start_api: StartApi, quotes: FakeQuotes, service: ServiceStandIn
) -> None:
    config, success, check_request = SERVICES[kind]
    service.answers(200, success)
    client = start(start_api, quotes, service.url)
    channel = add_channel(client, config(service.url))

    trigger = trigger_alert(client)

    assert len(service.received) == 1
    check_request(service.received[0], service.url)
    [logged] = deliveries(client, channel["id"])
    outcome = [logged[key] for key in ("event", "trigger_id", "delivered", "attempt", "error")]
    assert outcome == ["alert", trigger["id"], True, 1, None]
    assert logged["latency_ms"] >= 0


def test_messages_are_in_chinese_by_default(
    start_api: StartApi, quotes: FakeQuotes, service: ServiceStandIn
) -> None:
    service.answers(200, {"code": 0, "msg": "success"})
    client = start(start_api, quotes, service.url, language="zh-CN")
    add_channel(client, {"kind": "feishu", "webhook_url": f"{service.url}/open-apis/bot/v2/hook/x"})

    trigger_alert(client)

    text = service.received[0].json()["content"]["text"]
    assert text.startswith("ETFTool 提醒：AAA test fund (AAA)\n触发条件: 价格高于或等于 13\n价格: 14\n")
    assert "涨跌幅: +3.70%" in text
    assert "sign" not in service.received[0].json()  # no secret, no signature


def test_a_test_message_reports_success_or_the_services_own_error(
    start_api: StartApi, quotes: FakeQuotes, stand_ins: Callable[[], ServiceStandIn]
) -> None:
    telegram, dingtalk = stand_ins(), stand_ins()
    client = start(start_api, quotes, telegram.url)
    bot = add_channel(client, SERVICES["telegram"][0](telegram.url), enabled=False)
    robot = add_channel(client, SERVICES["dingtalk"][0](dingtalk.url))

    telegram.answers(200, {"ok": True, "result": {}})
    sent = client.post(f"{CHANNELS}/{bot['id']}/test")
    telegram.answers(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    unauthorized = client.post(f"{CHANNELS}/{bot['id']}/test")
    dingtalk.answers(200, {"errcode": 310000, "errmsg": "sign not match"})
    refused = client.post(f"{CHANNELS}/{robot['id']}/test")

    assert sent.status_code == 200, sent.text
    assert (sent.json()["event"], sent.json()["delivered"], sent.json()["error"]) == ("test", True, None)
    assert telegram.received[0].json()["text"].startswith("<b>ETFTool test message</b>")
    assert (unauthorized.json()["delivered"], unauthorized.json()["error"]) == (
        False,
        "HTTP 4xx: Unauthorized",
    )
    assert (refused.json()["delivered"], refused.json()["error"]) == (
        False,
        "the service refused the message: errcode 310000: sign not match",
    )
    assert refused.json()["attempt"] == 1
    assert [item["delivered"] for item in deliveries(client, bot["id"])] == [False, True]  # newest first


def test_a_failing_or_slow_channel_is_logged_and_holds_up_no_other(
    start_api: StartApi, quotes: FakeQuotes, stand_ins: Callable[[], ServiceStandIn]
) -> None:
    good, failing, slow, disabled = stand_ins(), stand_ins(), stand_ins(), stand_ins()
    good.answers(200, {"errcode": 0, "errmsg": "ok"})
    failing.answers(503, {"errcode": -1, "errmsg": "system busy"})
    slow.answers(200, {"errcode": 0, "errmsg": "ok"}, delay_s=3.0)
    client = start(start_api, quotes, good.url, webhook_timeout_s=1.0, webhook_attempts=2)
    ids = {
        name: add_channel(
            client, {"kind": "wecom", "webhook_url": f"{stand_in.url}/cgi-bin/webhook/send?key=k"}, **fields
        )["id"]
        for name, stand_in, fields in (
            ("slow", slow, {}),
            ("failing", failing, {}),
            ("good", good, {}),
            ("disabled", disabled, {"enabled": False}),
        )
    }

    trigger_alert(client)

    logs = {name: deliveries(client, channel_id) for name, channel_id in ids.items()}
    assert (len(good.received), len(failing.received), len(disabled.received)) == (1, 2, 0)
    assert [(entry["delivered"], entry["error"]) for entry in logs["good"]] == [(True, None)]
    assert logs["good"][0]["latency_ms"] < 1000  # not behind the slow one
    assert [(entry["delivered"], entry["attempt"], entry["error"]) for entry in logs["failing"]] == [
        (False, 2, "HTTP 5xx: errcode -1: system busy"),  # newest first
        (False, 1, "HTTP 5xx: errcode -1: system busy"),
    ]
    assert [(entry["attempt"], entry["error"]) for entry in logs["slow"]] == [(2, "timeout"), (1, "timeout")]
    assert all(900 <= entry["latency_ms"] < 2000 for entry in logs["slow"])  # each ended by its deadline
    assert logs["disabled"] == []


def test_deliveries_keep_to_the_outbound_policy(
    start_api: StartApi, quotes: FakeQuotes, service: ServiceStandIn
) -> None:
    service.answers(200, {"ok": True})
    # The Telegram API is pointed at loopback, which nothing allows here.
    client = start_api(quotes=quotes, notify=notify_settings(service.url))
    bot = add_channel(client, SERVICES["telegram"][0](service.url))

    sent = client.post(f"{CHANNELS}/{bot['id']}/test")

    assert (sent.json()["delivered"], sent.json()["error"]) == (False, "refused by policy")
    assert service.received == []


def test_secrets_are_masked_without_the_api_key_and_never_logged(
    start_api: StartApi,
    quotes: FakeQuotes,
    service: ServiceStandIn,
    caplog: pytest.LogCaptureFixture,
) -> None:
    service.answers(400, {"ok": False, "description": "Bad Request: chat not found"})
    client = start(start_api, quotes, service.url, api_key="the-key")
    key = {"X-API-Key": "the-key"}
    bot = client.post(
        CHANNELS,
        json={"name": "bot", "config": SERVICES["telegram"][0](service.url)},
        headers=key,
    ).json()
    client.post(
        CHANNELS,
        json={"name": "robot", "config": SERVICES["dingtalk"][0](service.url)},
        headers=key,
    )

    assert bot["config"]["bot_token"] == "123456:ABC-DEF_ghi"
    masked = {item["name"]: item["config"] for item in client.get(CHANNELS).json()["items"]}
    assert masked["bot"] == {"kind": "telegram", "bot_token": "***", "chat_id": "-1001234567890"}
    assert masked["robot"] == {"kind": "dingtalk", "webhook_url": f"{service.url}/***", "secret": "***"}
    shown = {item["name"]: item["config"] for item in client.get(CHANNELS, headers=key).json()["items"]}
    assert shown["robot"]["secret"] == "SECdeadbeef"

    with caplog.at_level("INFO"):
        trigger_alert(client, key)
    assert "chat not found" in caplog.text  # the failure is logged ...
    for secret in ("123456:ABC-DEF_ghi", "SECdeadbeef", "abc123"):  # ... without the secrets
        assert secret not in caplog.text


def test_channels_are_changed_and_deleted_with_their_log(
    start_api: StartApi, quotes: FakeQuotes, service: ServiceStandIn
) -> None:
    service.answers(200, {"code": 200, "message": "success"})
    client = start(start_api, quotes, service.url)
    channel = add_channel(client, {"kind": "bark", "device_key": "first"})
    client.post(f"{CHANNELS}/{channel['id']}/test")

    renamed = client.patch(f"{CHANNELS}/{channel['id']}", json={"name": "phone", "enabled": False})
    assert (renamed.status_code, renamed.json()["name"], renamed.json()["enabled"]) == (200, "phone", False)
    assert renamed.json()["config"]["device_key"] == "first"
    moved = client.patch(
        f"{CHANNELS}/{channel['id']}", json={"config": {"kind": "ntfy", "topic": "etf"}}
    )
    assert (moved.json()["kind"], moved.json()["config"]["topic"]) == ("ntfy", "etf")
    assert len(deliveries(client, channel["id"])) == 1

    assert client.delete(f"{CHANNELS}/{channel['id']}").status_code == 204
    assert client.get(CHANNELS).json()["items"] == []
    for response in (
        client.get(f"{CHANNELS}/{channel['id']}/deliveries"),
        client.post(f"{CHANNELS}/{channel['id']}/test"),
        client.patch(f"{CHANNELS}/{channel['id']}", json={"enabled": True}),
        client.delete(f"{CHANNELS}/{channel['id']}"),
    ):
        assert response.status_code == 404
        assert response.json()["detail"] == f"notification channel {channel['id']} does not exist"


def test_malformed_channels_name_the_field(start_api: StartApi, quotes: FakeQuotes) -> None:
    client = start_api(quotes=quotes)  # loopback is not allowed here
    cases: list[tuple[dict[str, Any], str]] = [
        ({"kind": "pager"}, "body.config"),
        ({"kind": "telegram", "bot_token": "12/../x", "chat_id": "1"}, "body.config.telegram.bot_token"),
        ({"kind": "telegram", "bot_token": "***", "chat_id": "1"}, "body.config.telegram.bot_token"),
        ({"kind": "telegram", "bot_token": "1:a", "chat_id": "not a chat"}, "body.config.telegram.chat_id"),
        ({"kind": "wecom"}, "body.config.wecom.webhook_url"),
        ({"kind": "webhook", "url": "ftp://example.com/x"}, "body.config.webhook.url"),
        ({"kind": "webhook", "url": "http://127.0.0.1:9/hook"}, "body.config.url"),
        ({"kind": "dingtalk", "webhook_url": "https://oapi.dingtalk.com/***"}, "body.config.webhook_url"),
        ({"kind": "ntfy", "topic": "a/b"}, "body.config.ntfy.topic"),
        ({**EMAIL, "host": "127.0.0.1"}, "body.config.host"),
        ({**EMAIL, "host": "smtp.example.com/x"}, "body.config.email.host"),
        ({**EMAIL, "to_addresses": "me@example.com\nBcc: all@example.com"}, "body.config.email.to_addresses"),
        ({**EMAIL, "to_addresses": " , "}, "body.config.email.to_addresses"),
    ]
    for config, field in cases:
        response = client.post(CHANNELS, json={"name": "x", "config": config})
        assert response.status_code == 422, (config, response.text)
        assert error_fields(response) == [field], config
    unnamed = client.post(CHANNELS, json={"name": "", "config": {"kind": "bark", "device_key": "k"}})
    assert error_fields(unnamed) == ["body.name"]
    assert client.get(CHANNELS).json()["items"] == []
    assert client.post(f"{CHANNELS}/{2**63}/test").status_code == 422


def test_channels_are_exported_with_their_secrets_only_with_the_api_key(
    start_api: StartApi, quotes: FakeQuotes, service: ServiceStandIn
) -> None:
    client = start(start_api, quotes, service.url, api_key="the-key")
    key = {"X-API-Key": "the-key"}
    config = SERVICES["feishu"][0](service.url)
    created = client.post(CHANNELS, json={"name": "lark", "config": config}, headers=key)
    assert created.status_code == 201, created.text

    full = client.get(f"{API_PREFIX}/export", headers=key).json()
    masked = client.get(f"{API_PREFIX}/export").json()

    [exported] = full["notification_channels"]
    assert (exported["name"], exported["config"]) == ("lark", config)
    assert masked["notification_channels"][0]["config"]["secret"] == "***"
    refused = client.post(f"{API_PREFIX}/import", json=masked, headers=key)
    assert refused.status_code == 422
    assert error_fields(refused) == ["body.notification_channels.0.config.feishu.secret"]
    client.delete(f"{CHANNELS}/{created.json()['id']}", headers=key)
    imported = client.post(f"{API_PREFIX}/import", json=full, headers=key)
    assert imported.status_code == 200, imported.text
    assert imported.json()["notification_channels"] == {"created": 1, "updated": 0, "unchanged": 0}
    again = client.post(f"{API_PREFIX}/import", json=full, headers=key)
    assert again.json()["notification_channels"] == {"created": 0, "updated": 0, "unchanged": 1}
    assert client.get(CHANNELS, headers=key).json()["items"][0]["config"] == config


def test_the_daily_summary_opt_in_is_set_read_kept_by_export_and_sent_on_demand(
    start_api: StartApi, quotes: FakeQuotes, service: ServiceStandIn
) -> None:
    service.answers(200, SERVICES["telegram"][1])
    client = start(start_api, quotes, service.url)
    assert client.post(f"{API_PREFIX}/watchlist", json={"code": "AAA"}).status_code == 201
    config = SERVICES["telegram"][0](service.url)
    quiet = add_channel(client, SERVICES["bark"][0](service.url))
    daily = add_channel(client, config, summary=True)
    assert (quiet["summary"], daily["summary"]) == (False, True)

    switched = client.patch(f"{CHANNELS}/{quiet['id']}", json={"summary": True, "enabled": False})
    assert (switched.json()["summary"], switched.json()["enabled"]) == (True, False)
    renamed = client.patch(f"{CHANNELS}/{daily['id']}", json={"name": "daily"})
    assert renamed.json()["summary"] is True
    assert [channel["summary"] for channel in client.get(CHANNELS).json()["items"]] == [True, True]

    sent = client.post(f"{API_PREFIX}/notifications/summary/send")
    assert sent.status_code == 200, sent.text
    assert sent.json()["channels"] == 1  # the disabled one is left out
    (received,) = service.received
    text = json_request(received)["text"]
    assert text.startswith(f"<b>ETFTool daily summary: {sent.json()['day']}</b>\nWatchlist\n")
    assert "AAA test fund (AAA): 14 +3.70%" in text
    assert [entry["event"] for entry in deliveries(client, daily["id"])] == ["summary"]

    exported = client.get(f"{API_PREFIX}/export").json()
    assert [channel["summary"] for channel in exported["notification_channels"]] == [True, True]
    for channel in (quiet, daily):
        client.delete(f"{CHANNELS}/{channel['id']}")
    imported = client.post(f"{API_PREFIX}/import", json=exported)
    assert imported.json()["notification_channels"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert [channel["summary"] for channel in client.get(CHANNELS).json()["items"]] == [True, True]



def test_a_channels_language_is_set_read_reset_and_kept_by_export(
    start_api: StartApi, quotes: FakeQuotes, service: ServiceStandIn
) -> None:
    client = start(start_api, quotes, service.url)
    chinese = add_channel(client, SERVICES["telegram"][0](service.url), language="zh-CN")
    default = add_channel(client, SERVICES["bark"][0](service.url))
    assert (chinese["language"], default["language"]) == ("zh-CN", None)

    english = client.patch(f"{CHANNELS}/{default['id']}", json={"language": "en"})
    assert english.json()["language"] == "en"
    unnamed = client.patch(f"{CHANNELS}/{chinese['id']}", json={"name": "phone"})
    assert unnamed.json()["language"] == "zh-CN"  # left out: kept
    reset = client.patch(f"{CHANNELS}/{chinese['id']}", json={"language": None})
    assert reset.json()["language"] is None
    unknown = client.patch(f"{CHANNELS}/{default['id']}", json={"language": "fr"})
    assert unknown.status_code == 422 and error_fields(unknown) == ["body.language"]

    exported = client.get(f"{API_PREFIX}/export").json()
    assert [channel["language"] for channel in exported["notification_channels"]] == [None, "en"]
    for channel in (chinese, default):
        client.delete(f"{CHANNELS}/{channel['id']}")
    client.post(f"{API_PREFIX}/import", json=exported)
    assert [channel["language"] for channel in client.get(CHANNELS).json()["items"]] == [None, "en"]


EMAIL = {
    "kind": "email",
    "host": "smtp.example.com",
    "security": "none",
    "from_address": "etftool@example.com",
    "to_addresses": "me@example.com",
}


@pytest.fixture
def smtp_servers() -> Iterator[Callable[..., SmtpStandIn]]:
    """smtp_servers(security="none", certificate=None) -> a started SmtpStandIn."""
    started: list[SmtpStandIn] = []

    def start(security: SmtpSecurity = "none", certificate: trustme.LeafCert | None = None) -> SmtpStandIn:
        started.append(SmtpStandIn(security, certificate))
        return started[-1]

    yield start
    for server in started:
        server.close()


@pytest.fixture
def smtp(smtp_servers: Callable[..., SmtpStandIn]) -> SmtpStandIn:
    return smtp_servers()


@pytest.fixture
def trusted_ca(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> trustme.CA:
    """A CA the app trusts, as an operator would trust a private relay's: the channels' TLS
    context (httpx.create_ssl_context()) reads SSL_CERT_FILE when the app starts."""
    authority = trustme.CA(organization_name="ETFTool test mail")
    bundle = tmp_path / "mail-ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    return authority


def mail_config(server: SmtpStandIn, **fields: Any) -> dict[str, Any]:
    return {
        **EMAIL,
        "host": "127.0.0.1",
        "port": server.port,
        "username": "etf",
        "password": "mail-pass",
        **fields,
    }


def check_alert_mail(mail: Mail, recipients: list[str]) -> None:
    """The alert as mail_config's channel sends it, with the envelope and headers it gives."""
    assert (mail.login, mail.sender, mail.recipients) == (
        ("etf", "mail-pass"),
        "etftool@example.com",
        recipients,
    )
    parsed = email.message_from_bytes(mail.data, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    assert parsed["Subject"] == TITLE
    assert (parsed["From"], parsed["To"]) == ("etftool@example.com", ", ".join(recipients))
    text_part = parsed.get_body()
    assert text_part is not None
    body = text_part.get_content().replace("\r\n", "\n")  # lines end in CRLF on the wire
    assert body.startswith("Trigger: price at or above 13\nPrice: 14\nChange: +3.70%\n")
    assert LINK in body


def test_a_triggered_alert_is_mailed_over_smtp(
    start_api: StartApi, quotes: FakeQuotes, smtp: SmtpStandIn
) -> None:
    client = start(start_api, quotes, "http://127.0.0.1:9")
    channel = add_channel(client, mail_config(smtp, to_addresses="me@example.com,  you@example.com"))
    assert channel["config"]["to_addresses"] == "me@example.com, you@example.com"

    trigger = trigger_alert(client)

    [mail] = smtp.mails
    check_alert_mail(mail, ["me@example.com", "you@example.com"])
    [logged] = deliveries(client, channel["id"])
    assert (logged["trigger_id"], logged["delivered"], logged["error"]) == (trigger["id"], True, None)


# What a client says in the clear before TLS: nothing over implicit TLS; with STARTTLS its
# greeting and the upgrade, after which it greets again over TLS (RFC 3207).
BEFORE_TLS: dict[SmtpSecurity, list[tuple[str, bool]]] = {
    "starttls": [("EHLO", False), ("STARTTLS", False)],
    "ssl": [],
}


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_a_triggered_alert_is_mailed_over_tls(
    security: SmtpSecurity,
    start_api: StartApi,
    quotes: FakeQuotes,
    smtp_servers: Callable[..., SmtpStandIn],
    trusted_ca: trustme.CA,
) -> None:
    server = smtp_servers(security, trusted_ca.issue_cert("127.0.0.1"))
    client = start(start_api, quotes, "http://127.0.0.1:9")
    channel = add_channel(client, mail_config(server, security=security))

    trigger = trigger_alert(client)

    over_tls = [(verb, True) for verb in ("EHLO", "AUTH", "MAIL", "RCPT", "DATA", "QUIT")]
    assert server.sessions == [BEFORE_TLS[security] + over_tls]
    [mail] = server.mails
    check_alert_mail(mail, ["me@example.com"])
    [logged] = deliveries(client, channel["id"])
    assert (logged["trigger_id"], logged["delivered"], logged["error"]) == (trigger["id"], True, None)


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_a_server_certificate_that_does_not_verify_fails_the_delivery(
    security: SmtpSecurity,
    start_api: StartApi,
    quotes: FakeQuotes,
    smtp_servers: Callable[..., SmtpStandIn],
    trusted_ca: trustme.CA,
) -> None:
    unknown_ca = smtp_servers(security, trustme.CA(organization_name="Not trusted").issue_cert("127.0.0.1"))
    other_name = smtp_servers(security, trusted_ca.issue_cert("smtp.example.com"))
    client = start(start_api, quotes, "http://127.0.0.1:9")
    servers = {
        add_channel(client, mail_config(server, security=security))["id"]: server
        for server in (unknown_ca, other_name)
    }

    trigger = trigger_alert(client)

    for channel_id, server in servers.items():
        logged = [
            [entry[key] for key in ("trigger_id", "delivered", "attempt", "error")]
            for entry in deliveries(client, channel_id)
        ]
        # Recorded, and tried once: another attempt would meet the same certificate.
        assert logged == [[trigger["id"], False, 1, "TLS failed (certificate or protocol)"]]
        assert server.sessions == [BEFORE_TLS[security]]  # nothing more, the password least of all
        assert server.mails == []


def test_smtp_failures_are_reported_as_the_server_words_them(
    start_api: StartApi, quotes: FakeQuotes, smtp: SmtpStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    smtp.auth_reply = "535 5.7.8 Authentication failed"
    client = start(start_api, quotes, "http://127.0.0.1:9")
    local = {**EMAIL, "host": "127.0.0.1", "port": smtp.port}
    wrong_password = add_channel(client, {**local, "username": "etf", "password": "wrong-pass"})
    wants_tls = add_channel(client, {**local, "security": "starttls"})

    with caplog.at_level("INFO"):
        refused = client.post(f"{CHANNELS}/{wrong_password['id']}/test").json()
    no_tls = client.post(f"{CHANNELS}/{wants_tls['id']}/test").json()

    assert (refused["delivered"], refused["error"]) == (False, "SMTP 535: 5.7.8 Authentication failed")
    assert "wrong-pass" not in caplog.text
    assert (no_tls["delivered"], no_tls["error"]) == (
        False,
        "SMTP: STARTTLS extension not supported by server.",
    )
    assert smtp.mails == []
    shown = client.get(CHANNELS).json()["items"][0]["config"]
    assert shown["password"] == "wrong-pass"  # no API key set: secrets are shown
