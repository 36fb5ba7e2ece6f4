import json
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pandas as pd
import pytest
from fastapi.testclient import TestClient
from ta.momentum import RSIIndicator

from etftool.db import Database
from etftool.marketdata import MarketData, MarketDataSettings, Quote
from etftool.userdata.signals import MarketSignals, Signals

# isort: split
# (`tests` counts as first- or third-party depending on which files the linter is given.)
from tests.api.sample_prices import sample_closes
from tests.userdata import fixtures
from tests.userdata.fixtures import API_PREFIX, FakeQuotes, StartApi, error_fields

# Every case runs on SQLite and on PostgreSQL (see tests/userdata/fixtures.py).
postgres_server = fixtures.postgres_server
database_url = fixtures.database_url
start_api = fixtures.start_api

ALERTS = f"{API_PREFIX}/alerts"


class WebhookReceiver:
    """An HTTP server on 127.0.0.1 that records the JSON posted to it."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append(json.loads(body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/hook"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    yield receiver
    receiver.close()


@pytest.fixture
def quotes() -> FakeQuotes:
    quotes = FakeQuotes()
    # +3.7037 % on the day.
    quotes.set("AAA", 14.0, 13.5)
    quotes.set("BBB", 20.0, 20.0)
    return quotes


@pytest.fixture
def client(start_api: StartApi, quotes: FakeQuotes) -> TestClient:
    # The receivers listen on loopback, which webhooks may call only when allowed.
    return start_api(quotes=quotes, webhook_allowed_networks=("127.0.0.0/8",))


def create(client: TestClient, code: str, condition: str, threshold: float, **options: Any) -> dict[str, Any]:
    response = client.post(
        ALERTS, json={"code": code, "condition": condition, "threshold": threshold, **options}
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def check(client: TestClient) -> list[dict[str, Any]]:
    response = client.post(f"{ALERTS}/check")
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def triggered(client: TestClient, settle_s: float = 10.0) -> list[dict[str, Any]]:
    """Triggered alerts once no webhook delivery is still in flight: the outcome is written
    just after the last attempt returns, so a loaded machine can read it a moment early."""
    deadline = time.monotonic() + settle_s
    while True:
        items: list[dict[str, Any]] = client.get(f"{ALERTS}/triggered").json()["items"]
        if time.monotonic() > deadline or all(item.get("webhook_status") != "sending" for item in items):
            return items
        time.sleep(0.05)


def test_price_and_change_conditions_trigger_at_or_past_the_threshold(client: TestClient) -> None:
    price_above = create(client, "AAA", "price_above", 13)
    create(client, "AAA", "price_above", 15)
    price_below = create(client, "AAA", "price_below", 14)
    change_above = create(client, "AAA", "change_pct_above", 3)
    create(client, "AAA", "change_pct_above", 4)
    change_below = create(client, "BBB", "change_pct_below", 0)
    create(client, "BBB", "change_pct_below", -1)

    fired = check(client)

    assert sorted(item["alert_id"] for item in fired) == sorted(
        alert["id"] for alert in (price_above, price_below, change_above, change_below)
    )
    record = next(item for item in triggered(client) if item["alert_id"] == change_above["id"])
    assert record["code"] == "AAA"
    assert record["condition"] == "change_pct_above"
    assert record["threshold"] == 3
    assert record["price"] == 14.0
    assert record["change_pct"] == pytest.approx(50 / 13.5)
    assert record["quote_as_of"] == "2024-06-28"
    assert record["webhook_status"] == "none"
    assert record["triggered_at"].endswith("Z") or "+00:00" in record["triggered_at"]


def test_one_shot_alerts_switch_off_until_reactivated(client: TestClient) -> None:
    alert = create(client, "AAA", "price_above", 13)

    assert len(check(client)) == 1
    assert client.get(ALERTS).json()["items"][0]["active"] is False
    assert check(client) == []
    assert [item["id"] for item in client.get(ALERTS, params={"active": "false"}).json()["items"]] == [
        alert["id"]
    ]

    reactivated = client.patch(f"{ALERTS}/{alert['id']}", json={"active": True})
    assert reactivated.status_code == 200
    assert reactivated.json()["active"] is True
    assert len(check(client)) == 1
    assert len(triggered(client)) == 2


def test_rearming_alerts_trigger_each_time_the_condition_is_met_anew(
    client: TestClient, quotes: FakeQuotes
) -> None:
    create(client, "AAA", "price_above", 13, rearm=True)

    assert len(check(client)) == 1
    assert check(client) == []  # still above: no repeat
    quotes.set("AAA", 12.5, 13.5)
    assert check(client) == []  # below again: armed
    quotes.set("AAA", 13.2, 12.5)
    assert [item["price"] for item in check(client)] == [13.2]
    assert client.get(ALERTS).json()["items"][0]["active"] is True
    assert [item["price"] for item in triggered(client)] == [13.2, 14.0]


def test_stale_and_missing_quotes_trigger_nothing(client: TestClient, quotes: FakeQuotes) -> None:
    create(client, "AAA", "price_above", 13)
    create(client, "BBB", "price_above", 1)
    quotes.set("AAA", 14.0, 13.5, stale=True)
    quotes.prices.pop("BBB")
    quotes.failing["BBB"] = "down"

    assert check(client) == []
    assert all(alert["active"] for alert in client.get(ALERTS).json()["items"])


def test_quotes_fetched_for_the_watchlist_evaluate_alerts(client: TestClient, quotes: FakeQuotes) -> None:
    client.post(f"{API_PREFIX}/watchlist", json={"code": "AAA"})
    alert = create(client, "AAA", "price_below", 14.5)
    quotes.calls.clear()

    assert client.get(f"{API_PREFIX}/watchlist").status_code == 200

    assert [item["alert_id"] for item in triggered(client)] == [alert["id"]]
    assert quotes.calls == [["AAA"]]  # the alert check reused the watchlist's batch


def test_webhooks_receive_the_trigger(client: TestClient, receiver: WebhookReceiver) -> None:
    alert = create(client, "AAA", "price_above", 13, webhook_url=receiver.url)
    assert alert["webhook_url"] == receiver.url

    check(client)
    # The periodic check may have claimed the trigger first and still be sending it.
    record = triggered(client)[0]

    assert len(receiver.received) == 1
    payload = receiver.received[0]
    assert payload["event"] == "alert.triggered"
    assert payload["message"] == "AAA price 14 is at or above 13"
    assert {key: payload[key] for key in ("alert_id", "code", "condition", "threshold", "price")} == {
        "alert_id": alert["id"],
        "code": "AAA",
        "condition": "price_above",
        "threshold": 13.0,
        "price": 14.0,
    }
    assert (record["webhook_status"], record["webhook_attempts"], record["webhook_error"]) == (
        "delivered",
        1,
        None,
    )


def test_webhook_failures_are_retried_then_recorded(start_api: StartApi, quotes: FakeQuotes) -> None:
    calls: list[httpx.Request] = []

    def failing(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(503)

    client = start_api(quotes=quotes, webhook_transport=httpx.MockTransport(failing), webhook_attempts=3)
    create(client, "AAA", "price_above", 13, webhook_url="https://hooks.example.com/etftool?token=secret")

    assert len(check(client)) == 1

    assert len(calls) == 3
    record = triggered(client)[0]
    assert record["webhook_status"] == "failed"
    assert record["webhook_attempts"] == 3
    assert record["webhook_error"] == "HTTP 5xx"


def test_a_client_error_is_not_retried(start_api: StartApi, quotes: FakeQuotes) -> None:
    calls: list[httpx.Request] = []

    def not_found(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(404)

    client = start_api(quotes=quotes, webhook_transport=httpx.MockTransport(not_found))
    create(client, "AAA", "price_above", 13, webhook_url="https://hooks.example.com/gone")
    check(client)

    assert len(calls) == 1
    assert triggered(client)[0]["webhook_error"] == "HTTP 4xx"


def test_an_unreachable_webhook_is_recorded_and_the_app_carries_on(client: TestClient) -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    create(client, "AAA", "price_above", 13, webhook_url=f"http://127.0.0.1:{port}/hook")

    assert len(check(client)) == 1

    record = triggered(client)[0]
    assert record["webhook_status"] == "failed"
    assert record["webhook_error"] == "connection failed"  # not which port answered how
    assert client.get(ALERTS).status_code == 200


def test_the_periodic_check_triggers_alerts(
    start_api: StartApi, quotes: FakeQuotes, receiver: WebhookReceiver
) -> None:
    client = start_api(quotes=quotes, alert_check_interval_s=0.05, webhook_allowed_networks=("127.0.0.0/8",))
    create(client, "AAA", "price_above", 13, webhook_url=receiver.url)

    deadline = time.monotonic() + 10
    records = triggered(client)
    while not (records and records[0]["webhook_status"] == "delivered") and time.monotonic() < deadline:
        time.sleep(0.05)
        records = triggered(client)

    assert [record["webhook_status"] for record in records] == ["delivered"]
    assert len(receiver.received) == 1


def test_alerts_are_changed_and_deleted_with_their_triggers(
    client: TestClient, receiver: WebhookReceiver
) -> None:
    alert = create(client, "aaa", "price_above", 13, webhook_url=receiver.url)
    assert alert["code"] == "AAA"
    assert alert["rearm"] is False
    check(client)

    changed = client.patch(
        f"{ALERTS}/{alert['id']}", json={"threshold": 20, "webhook_url": None, "rearm": True}
    )
    assert changed.status_code == 200
    assert (changed.json()["threshold"], changed.json()["webhook_url"], changed.json()["rearm"]) == (
        20,
        None,
        True,
    )
    assert len(client.get(f"{ALERTS}/triggered", params={"alert_id": alert["id"]}).json()["items"]) == 1

    assert client.delete(f"{ALERTS}/{alert['id']}").status_code == 204
    assert client.get(ALERTS).json()["items"] == []
    assert triggered(client) == []


def test_unknown_alert_ids_are_404(client: TestClient) -> None:
    for response in (
        client.patch(f"{ALERTS}/42", json={"active": False}),
        client.delete(f"{ALERTS}/42"),
        client.get(f"{ALERTS}/triggered", params={"alert_id": 42}),
    ):
        assert response.status_code == 404
        assert response.json()["detail"] == "alert 42 does not exist"


def test_malformed_alerts_name_the_field(client: TestClient) -> None:
    valid = {"code": "AAA", "condition": "price_above", "threshold": 13}
    changes: list[tuple[dict[str, Any], str]] = [
        ({"condition": "sideways"}, "body.condition"),
        ({"threshold": "high"}, "body.threshold"),
        ({"threshold": None}, "body.threshold"),
        ({"webhook_url": "not a url"}, "body.webhook_url"),
        ({"webhook_url": "ftp://example.com/x"}, "body.webhook_url"),
        ({"rearm": "sometimes"}, "body.rearm"),
        ({"code": "ZZZ"}, "body.code"),
    ]
    for change, field in changes:
        response = client.post(ALERTS, json={**valid, **change})
        assert response.status_code == 422, change
        assert error_fields(response) == [field], change
    assert client.patch(f"{ALERTS}/1", json={"threshold": "x"}).status_code == 422
    assert client.get(ALERTS).json()["items"] == []


def test_alert_ids_beyond_the_database_range_are_422_not_500(client: TestClient) -> None:
    huge = 2**63
    for response in (
        client.patch(f"{API_PREFIX}/alerts/{huge}", json={"active": False}),
        client.delete(f"{API_PREFIX}/alerts/{huge}"),
        client.get(f"{API_PREFIX}/alerts/triggered", params={"alert_id": huge}),
    ):
        assert response.status_code == 422, response.text


SIGNAL_ALERTS: list[dict[str, Any]] = [
    {"condition": "rsi_above", "threshold": 70},
    {"condition": "rsi_below", "threshold": 30},
    {"condition": "temperature_above", "threshold": 80},
    {"condition": "temperature_below", "threshold": 20},
    {"condition": "ma_cross_above", "ma_window": 20},
    {"condition": "ma_cross_below", "ma_window": 250, "threshold": 0},
    {"condition": "golden_cross"},
    {"condition": "death_cross", "rearm": True},
    {"condition": "drawdown_beyond", "threshold": 10},
    {"condition": "premium_above", "threshold": 1.5},
    {"condition": "premium_below", "threshold": -1},
]


def test_signal_alerts_are_created_and_listed_re_arming(client: TestClient) -> None:
    for body in SIGNAL_ALERTS:
        response = client.post(ALERTS, json={"code": "AAA", **body})
        assert response.status_code == 201, (body, response.text)

    listed = client.get(ALERTS).json()["items"]

    assert [(item["condition"], item["threshold"], item["ma_window"], item["rearm"]) for item in listed] == [
        (body["condition"], body.get("threshold", 0), body.get("ma_window"), True) for body in SIGNAL_ALERTS
    ]


def test_signal_fields_that_do_not_fit_the_condition_are_refused_naming_the_field(client: TestClient) -> None:
    cases: list[tuple[dict[str, Any], str, str | None]] = [
        ({"condition": "ma_cross_above"}, "body.ma_window", "ma_cross_above needs ma_window: 20, 60 or 250"),
        ({"condition": "ma_cross_below", "ma_window": 30}, "body.ma_window", None),
        (
            {"condition": "price_above", "threshold": 13, "ma_window": 20},
            "body.ma_window",
            "ma_window is for ma_cross_above and ma_cross_below only, not price_above",
        ),
        ({"condition": "rsi_above", "threshold": 70, "ma_window": 60}, "body.ma_window", None),
        (
            {"condition": "golden_cross", "threshold": 5},
            "body.threshold",
            "golden_cross has no threshold: leave it out or give 0",
        ),
        ({"condition": "rsi_above"}, "body.threshold", "rsi_above needs a threshold"),
        ({"condition": "price_below"}, "body.threshold", "price_below needs a threshold"),
        ({"condition": "temperature_below", "threshold": 101}, "body.threshold", None),
        ({"condition": "drawdown_beyond", "threshold": -10}, "body.threshold", None),
        ({"condition": "rsi_below", "threshold": 30, "rearm": False}, "body.rearm", None),
    ]
    for body, field, message in cases:
        response = client.post(ALERTS, json={"code": "AAA", **body})
        assert response.status_code == 422, body
        assert error_fields(response) == [field], body
        if message is not None:
            assert response.json()["detail"][0]["msg"] == message
    assert client.get(ALERTS).json()["items"] == []


def test_changing_an_alert_to_a_signal_checks_the_fields_of_the_new_condition(client: TestClient) -> None:
    alert = create(client, "AAA", "price_above", 13)
    url = f"{ALERTS}/{alert['id']}"

    missing_window = client.patch(url, json={"condition": "ma_cross_above"})
    assert (missing_window.status_code, error_fields(missing_window)) == (422, ["body.ma_window"])
    crossing = client.patch(url, json={"condition": "ma_cross_above", "ma_window": 60})
    assert crossing.status_code == 200, crossing.text
    assert [crossing.json()[key] for key in ("threshold", "ma_window", "rearm")] == [0, 60, True]
    # A crossing's 0 is no RSI threshold, and the window goes with the crossing.
    missing_threshold = client.patch(url, json={"condition": "rsi_above"})
    assert (missing_threshold.status_code, error_fields(missing_threshold)) == (422, ["body.threshold"])
    level = client.patch(url, json={"condition": "rsi_above", "threshold": 70})
    assert [level.json()[key] for key in ("condition", "threshold", "ma_window")] == ["rsi_above", 70, None]
    one_shot = client.patch(url, json={"rearm": False})
    assert (one_shot.status_code, error_fields(one_shot)) == (422, ["body.rearm"])


class SignalsAt:
    """The real signals of the sample data, evaluated as if the check ran at `at`."""

    def __init__(self, market_data: MarketData, at: datetime) -> None:
        self._signals, self._at = MarketSignals(market_data), at

    def signals(self, code: str, quote: Quote, at: datetime) -> Signals | None:
        return self._signals.signals(code, quote, self._at)


def test_a_signal_trigger_records_the_value_and_sends_it(
    start_api: StartApi, receiver: WebhookReceiver, tmp_path: Path, database_url: str
) -> None:
    database = Database(database_url)  # start_api migrates it
    market_data = MarketData(
        MarketDataSettings(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache"), database
    )
    # After the sample's last close (2022-12-28, a Wednesday) in New York.
    signals = SignalsAt(market_data, datetime(2022, 12, 28, 22, 0, tzinfo=UTC))
    client = start_api(quotes=market_data, signals=signals, webhook_allowed_networks=("127.0.0.0/8",))
    rsi_alert = client.post(
        ALERTS, json={"code": "MTUM", "condition": "rsi_above", "threshold": 0, "webhook_url": receiver.url}
    ).json()
    client.post(ALERTS, json={"code": "MTUM", "condition": "golden_cross"})  # its first check only records

    check(client)

    closes = pd.Series([close for _, close in sample_closes("MTUM")])
    expected = RSIIndicator(closes, window=14).rsi().iloc[-1]
    (record,) = triggered(client)
    assert (record["alert_id"], record["condition"]) == (rsi_alert["id"], "rsi_above")
    assert record["ma_window"] is None
    assert record["value"] == pytest.approx(expected, rel=1e-9)
    (payload,) = receiver.received
    assert payload["value"] == pytest.approx(expected, rel=1e-9)
    assert payload["message"] == f"MTUM RSI(14) {expected:.1f} ≥ 0"
    market_data.close()
    database.dispose()
